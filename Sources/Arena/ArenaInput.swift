import Wire

/// Arena's input fields, and its names for them on `PlayerInput`: fire and the other
/// buttons, the aim, and a movement axis pair. The wire carries them in this order, in
/// 8 + 12 + 2 + 2 bits.
///
/// | index | field   | range             | bits | while late                          |
/// |-------|---------|-------------------|------|-------------------------------------|
/// | 0     | buttons | 0...255           | 8    | release (bit 0 = fire: never repeated) |
/// | 1     | aim     | 0...65 520, step 16 | 12 | keep (a binary angle, 65 536 a turn) |
/// | 2     | moveX   | -1...1            | 2    | hold                                |
/// | 3     | moveY   | -1...1            | 2    | hold                                |
public enum ArenaInput {
    public static let buttons = 0, aim = 1, moveX = 2, moveY = 3

    public static let table = InputTable([
        InputField("buttons", QuantizedRange(min: 0, max: 255, step: 1), whenLate: .release),
        InputField("aim", QuantizedRange(min: 0, max: 65_520, step: 16), whenLate: .keep),
        InputField("moveX", QuantizedRange(min: -1, max: 1, step: 1), whenLate: .hold),
        InputField("moveY", QuantizedRange(min: -1, max: 1, step: 1), whenLate: .hold),
    ])
}

extension PlayerInput {
    /// An Arena input; moves are clamped into -1...1 (the aim is quantized by the wire).
    public init(sequence: UInt32, tick: UInt32, buttons: UInt8 = 0, aim: UInt16 = 0, moveX: Int8 = 0, moveY: Int8 = 0) {
        self.init(sequence: sequence, tick: tick)
        self.buttons = buttons
        self.aim = aim
        self.moveX = Swift.max(-1, Swift.min(1, moveX))
        self.moveY = Swift.max(-1, Swift.min(1, moveY))
    }

    /// Arena's button bits (bit 0 = fire).
    public var buttons: UInt8 {
        get { UInt8(truncatingIfNeeded: self[ArenaInput.buttons]) }
        set { self[ArenaInput.buttons] = Int32(newValue) }
    }

    /// Arena's aim, a binary angle (65 536 a turn); a decoded one is a multiple of 16.
    public var aim: UInt16 {
        get { UInt16(truncatingIfNeeded: self[ArenaInput.aim]) }
        set { self[ArenaInput.aim] = Int32(newValue) }
    }

    /// Arena's movement intent on x, -1...1 (set as given: the rules clamp again).
    public var moveX: Int8 {
        get { Int8(truncatingIfNeeded: self[ArenaInput.moveX]) }
        set { self[ArenaInput.moveX] = Int32(newValue) }
    }

    public var moveY: Int8 {
        get { Int8(truncatingIfNeeded: self[ArenaInput.moveY]) }
        set { self[ArenaInput.moveY] = Int32(newValue) }
    }
}
