/// One tick's worth of a player's controls, exactly as it crossed the wire (so the server, the
/// recording and a replay all see the same values). Games give `buttons` their meaning.
public struct PlayerInput: Hashable, Sendable {
    /// Increases by one per input the client makes (wraps at 2^32).
    public var sequence: UInt32
    /// The server tick the client made this input for (its estimate of the current tick).
    public var tick: UInt32
    /// Game-defined button bits (Arena: bit 0 = fire).
    public var buttons: UInt8
    /// Aim direction as a binary angle: a full turn is 65,536; the wire keeps 12 bits, so the
    /// low 4 bits are always zero after decoding.
    public var aim: UInt16
    /// Movement intent on each axis, each -1, 0 or 1 (out-of-range values are clamped).
    public var moveX: Int8
    public var moveY: Int8

    public init(sequence: UInt32, tick: UInt32, buttons: UInt8 = 0, aim: UInt16 = 0, moveX: Int8 = 0, moveY: Int8 = 0) {
        self.sequence = sequence
        self.tick = tick
        self.buttons = buttons
        self.aim = aim
        self.moveX = Swift.max(-1, Swift.min(1, moveX))
        self.moveY = Swift.max(-1, Swift.min(1, moveY))
    }
}
