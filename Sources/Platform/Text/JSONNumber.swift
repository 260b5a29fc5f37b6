/// A JSON number kept as its literal text (RFC 8259 §6 grammar, already checked).
///
/// Kept exact rather than as a `Double` because NumericDate (RFC 7519 §2) may be
/// non-integer, and a validity window must be rounded in a known direction: the verifier
/// rounds `exp` down and `nbf`/`iat` up, so rounding can only make a token valid for less
/// time, never more. Values outside `Int64` give nil instead of saturating.
public struct JSONNumber: Sendable, Equatable, CustomStringConvertible {
    public let literal: String

    init(literal: String) {
        self.literal = literal
    }

    /// The largest integer not above the value, or nil outside `Int64`.
    public var floor: Int64? { rounded(up: false) }

    /// The smallest integer not below the value, or nil outside `Int64`.
    public var ceiling: Int64? { rounded(up: true) }

    public var description: String { literal }

    private func rounded(up: Bool) -> Int64? {
        var digits: [UInt8] = []
        var fractionDigits = 0
        var exponent = 0
        var negative = false
        var section = 0  // 0: integer part, 1: fraction, 2: exponent
        var exponentNegative = false
        for byte in literal.utf8 {
            switch byte {
            case UInt8(ascii: "-"):
                if section == 2 { exponentNegative = true } else { negative = true }
            case UInt8(ascii: "+"):
                break
            case UInt8(ascii: "."):
                section = 1
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                section = 2
            default:
                let digit = Int(byte &- UInt8(ascii: "0"))
                if section == 2 {
                    // Anything past a few thousand is out of range either way; clamp so the
                    // arithmetic below cannot overflow on "1e99999999999999999999".
                    exponent = min(exponent * 10 + digit, 100_000)
                } else {
                    if !(digits.isEmpty && digit == 0) { digits.append(UInt8(digit)) }
                    if section == 1 { fractionDigits += 1 }
                }
            }
        }
        guard !digits.isEmpty else { return 0 }
        // The value is digits × 10^scale.
        let scale = (exponentNegative ? -exponent : exponent) - fractionDigits
        let integerCount = digits.count + scale
        guard integerCount <= 19 else { return nil }
        var magnitude: UInt64 = 0
        for position in 0..<max(integerCount, 0) {
            let digit = position < digits.count ? UInt64(digits[position]) : 0
            let (shifted, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            guard !overflow1 && !overflow2 else { return nil }
            magnitude = sum
        }
        let hasFraction = digits[min(max(integerCount, 0), digits.count)...].contains { $0 != 0 }
        // Rounding away from zero is needed for floor of a negative and ceiling of a positive.
        if hasFraction && up != negative {
            let (bumped, overflow) = magnitude.addingReportingOverflow(1)
            guard !overflow else { return nil }
            magnitude = bumped
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }
}
