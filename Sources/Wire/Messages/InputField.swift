/// One control a game's players send each tick, the input-side twin of `FieldSpec`: its
/// name (what the JS client's controls call it), its integer range and quantization (which
/// the input message, the recording and the clamp all follow), and what the server does
/// with it while the player's inputs are late.
public struct InputField: Hashable, Sendable {
    /// What a late player's stand-in inputs keep of this field. The server repeats a late
    /// player's last input for a few ticks (a late packet then costs nothing visible), then
    /// applies one resting input and nothing more until inputs resume (see `Game.apply`).
    public enum WhenLate: UInt8, Hashable, Sendable, CaseIterable {
        /// At rest in every stand-in: a trigger (fire, kick, jump) is never repeated, or one
        /// press would count several times.
        case release = 0
        /// Repeated, then at rest in the resting input: a held intent such as a movement axis.
        case hold = 1
        /// Never reset: a state the player set, such as the aim.
        case keep = 2
    }

    public let name: String
    /// The legal values; the wire sends `range`'s code, so a value arrives quantized.
    public let range: QuantizedRange
    public let whenLate: WhenLate

    public init(_ name: String, _ range: QuantizedRange, whenLate: WhenLate) {
        self.name = name
        self.range = range
        self.whenLate = whenLate
    }

    /// The value of a released control: the representable value nearest 0.
    public var rest: Int32 { range.quantize(0) }
}
