import Wire

/// A player's controls as Pitch declares and reads them: the one place that knows where each
/// of its input fields sits in a `PlayerInput`.
///
/// | index | field | range   | bits | while late |
/// |-------|-------|---------|------|------------|
/// | 0     | moveX | -1...1  | 2    | hold       |
/// | 1     | moveY | -1...1  | 2    | hold       |
/// | 2     | kick  | 0...1   | 1    | release (a kick is never repeated) |
public struct PitchInput: Hashable, Sendable {
    public static let moveXField = 0, moveYField = 1, kickField = 2

    /// Pitch's input fields, in its descriptor: five bits a tick.
    public static let table = InputTable([
        InputField("moveX", QuantizedRange(min: -1, max: 1, step: 1), whenLate: .hold),
        InputField("moveY", QuantizedRange(min: -1, max: 1, step: 1), whenLate: .hold),
        InputField("kick", QuantizedRange(min: 0, max: 1, step: 1), whenLate: .release),
    ])

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

    /// Reads Pitch's fields of an input the server applies.
    public init(_ input: PlayerInput) {
        self.init(moveX: input[Self.moveXField], moveY: input[Self.moveYField], kick: input[Self.kickField] != 0)
    }

    /// The wire form, for bots and tests that make inputs.
    public func playerInput(sequence: UInt32, tick: UInt32) -> PlayerInput {
        var input = PlayerInput(sequence: sequence, tick: tick)
        input[Self.moveXField] = moveX
        input[Self.moveYField] = moveY
        input[Self.kickField] = kick ? 1 : 0
        return input
    }

    /// No movement, no kick: a new player's intent.
    public static let neutral = PitchInput()
}
