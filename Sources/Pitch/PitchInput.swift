import Wire

/// A player's controls as Pitch understands them: the one place that reads a `PlayerInput`.
/// The server's input type is becoming game-declared; when it does, only `init(_:)` changes
/// (to read the fields named in `fieldNames`), and nothing else in Pitch notices.
public struct PitchInput: Hashable, Sendable {
    /// The input fields Pitch means to declare once games declare their own: `moveX` and
    /// `moveY` in -1...1 and `kick` in 0...1. Today they map onto the fixed `PlayerInput`:
    /// its moveX, moveY and bit 0 of its buttons.
    public static let fieldNames = ["moveX", "moveY", "kick"]

    /// Kick: bit 0 of `PlayerInput.buttons` (today's mapping).
    public static let kickButton: UInt8 = 1

    /// Movement intent per axis, -1...1 (the rules clamp again, so any value is safe).
    public var moveX: Int32
    public var moveY: Int32
    /// Kick while held (subject to the kick cooldown and the ball being in reach).
    public var kick: Bool

    public init(moveX: Int32 = 0, moveY: Int32 = 0, kick: Bool = false) {
        self.moveX = moveX
        self.moveY = moveY
        self.kick = kick
    }

    /// Today's mapping from the wire's fixed input.
    public init(_ input: PlayerInput) {
        self.init(moveX: Int32(input.moveX), moveY: Int32(input.moveY), kick: input.buttons & Self.kickButton != 0)
    }

    /// No movement, no kick: a new player's intent.
    public static let neutral = PitchInput()
}
