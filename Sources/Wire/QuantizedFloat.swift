/// A floating-point value sent as a `bits`-bit code over `min...max` — for client-side
/// values such as a render hint or an analogue stick, never for simulation state (which
/// is integer, see `QuantizedRange`).
///
/// Codes `0...2^bits - 1` are spread evenly: `step = (max - min) / maxCode`. Encoding
/// clamps (NaN and anything `<= min` give code 0, anything `>= max` gives `maxCode`) and
/// otherwise computes `floor((value - min) * scale + 0.5)` with
/// `scale = maxCode / (max - min)`: round to nearest, halves up. Decoding gives
/// `min + code * step`, except that `maxCode` decodes to exactly `max`, so both ends are
/// exact. `|decode(encode(x)) - x| <= step / 2` (plus one rounding of the last bit).
///
/// The JS mirror (`web/wire/quantize.js`) performs the same IEEE-754 operations in the
/// same order, so both sides produce the same codes and decode to the same doubles.
public struct QuantizedFloat: Hashable, Sendable {
    public let min: Double
    public let max: Double
    public let bits: Int
    public let maxCode: UInt32
    /// Codes per unit: `maxCode / (max - min)`.
    public let scale: Double
    /// Units per code: `(max - min) / maxCode`.
    public let step: Double

    public init(min: Double, max: Double, bits: Int) {
        precondition(min.isFinite && max.isFinite && min < max, "QuantizedFloat: bad range \(min)...\(max)")
        precondition(bits >= 1 && bits <= 32, "QuantizedFloat: \(bits) bits outside 1...32")
        self.min = min
        self.max = max
        self.bits = bits
        maxCode = UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(bits)) - 1)
        scale = Double(maxCode) / (max - min)
        step = (max - min) / Double(maxCode)
    }

    @inlinable
    public func encode(_ value: Double) -> UInt32 {
        guard value > min else { return 0 }  // also NaN
        guard value < max else { return maxCode }
        let code = ((value - min) * scale + 0.5).rounded(.down)
        return Swift.min(UInt32(code), maxCode)
    }

    @inlinable
    public func decode(_ code: UInt32) -> Double {
        code >= maxCode ? max : min + Double(code) * step
    }

    /// What a receiver will decode for `value`.
    @inlinable
    public func quantize(_ value: Double) -> Double {
        decode(encode(value))
    }
}
