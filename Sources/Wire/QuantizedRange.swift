/// A fixed-point integer field sent as a small unsigned code: the declaration of how a
/// simulation value (positions, velocities, health… all integers, for determinism) is
/// shrunk for the wire.
///
/// Values in `min...max` are mapped to codes `0...maxCode`, each code standing for
/// `min + code * step` (the top code for `max` itself when the span is not a multiple of
/// `step`). The code is sent as a ranged integer in `bits = bitsRequired(0...maxCode)`
/// bits, so a reader rejects codes above `maxCode`.
///
/// Rounding is exact integer arithmetic, identical in Swift and JS:
/// `code = (clamp(value) - min + step / 2) / step` with truncating division of a
/// non-negative number, i.e. to the nearest code, halves rounded up (towards `max`).
/// Hence `|decode(encode(x)) - x| <= step / 2` for every `x` in `min...max`.
/// Values outside `min...max` are clamped first (a position past the world's edge is
/// sent as the edge); the server's own view can use `quantize(_:)` to see what clients see.
public struct QuantizedRange: Hashable, Sendable {
    public let min: Int32
    public let max: Int32
    /// Distance between neighbouring representable values (≥ 1).
    public let step: Int64
    /// The largest code: `ceil((max - min) / step)`.
    public let maxCode: UInt32
    /// Width of the code on the wire.
    public let bits: Int

    /// Values `min...max` in steps of `step`, e.g. world positions in 1/256 units sent to
    /// 1/16: `QuantizedRange(min: -2_048 * 256, max: 2_048 * 256, step: 16)` (16 bits).
    public init(min: Int32, max: Int32, step: Int64) {
        precondition(min <= max, "QuantizedRange: min \(min) > max \(max)")
        precondition(step >= 1, "QuantizedRange: step \(step) < 1")
        let span = Int64(max) - Int64(min)
        let codes = (span + step - 1) / step
        self.min = min
        self.max = max
        self.step = step
        maxCode = UInt32(codes)
        bits = bitsRequired(forMaxCode: UInt64(codes))
    }

    /// Values `min...max` in at most `bits` bits, with the smallest step that fits:
    /// `step = ceil((max - min) / (2^bits - 1))`.
    public init(min: Int32, max: Int32, bits: Int) {
        precondition(bits >= 1 && bits <= 32, "QuantizedRange: \(bits) bits outside 1...32")
        precondition(min <= max, "QuantizedRange: min \(min) > max \(max)")
        let span = Int64(max) - Int64(min)
        let codes = (Int64(1) << Int64(bits)) - 1
        self.init(min: min, max: max, step: Swift.max(1, (span + codes - 1) / codes))
    }

    /// The code for `value`, clamped into `min...max` first.
    @inlinable
    public func encode(_ value: Int32) -> UInt32 {
        let clamped = Int64(Swift.min(Swift.max(value, min), max))
        let code = (clamped - Int64(min) + step / 2) / step
        return UInt32(Swift.min(code, Int64(maxCode)))
    }

    /// The value a code stands for. Codes above `maxCode` (which a reader never returns)
    /// decode as `max`.
    @inlinable
    public func decode(_ code: UInt32) -> Int32 {
        Int32(Swift.min(Int64(min) + Int64(code) * step, Int64(max)))
    }

    /// What a receiver will decode for `value`: `decode(encode(value))`.
    @inlinable
    public func quantize(_ value: Int32) -> Int32 {
        decode(encode(value))
    }
}
