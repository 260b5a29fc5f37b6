/// How many bits an integer in `min...max` needs when sent as its offset from `min`.
///
/// A ranged field costs exactly this many bits: `0...0` costs nothing, `0...1` one bit,
/// `-100...100` eight bits, `Int.min...Int.max` sixty-four. Writer and reader both call
/// it, so a field's width is never stored anywhere but in its declared range.
///
/// - Precondition: `min <= max` (a field's declared range is our own data).
@inlinable
public func bitsRequired(min: Int, max: Int) -> Int {
    precondition(min <= max, "bitsRequired: min \(min) > max \(max)")
    return bitsRequired(forMaxCode: rangeSpan(min: min, max: max))
}

/// How many bits an unsigned code in `0...maxCode` needs (`0` for `maxCode == 0`).
@inlinable
public func bitsRequired(forMaxCode maxCode: UInt64) -> Int {
    UInt64.bitWidth - maxCode.leadingZeroBitCount
}

/// `max - min` as an unsigned number. Exact for every `min <= max`, including
/// `Int.min...Int.max` whose span does not fit in `Int`: two's-complement subtraction
/// wraps to the right unsigned value.
@inlinable
func rangeSpan(min: Int, max: Int) -> UInt64 {
    UInt64(bitPattern: Int64(max) &- Int64(min))
}

/// ZigZag mapping between signed and unsigned integers: 0, -1, 1, -2, 2… become
/// 0, 1, 2, 3, 4…, so numbers near zero of either sign get small codes, which the
/// variable-length integer code then sends in few bits. (Protocol Buffers' `sint`.)
public enum ZigZag {
    @inlinable
    public static func encode(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    @inlinable
    public static func decode(_ code: UInt64) -> Int64 {
        Int64(bitPattern: code >> 1) ^ -Int64(bitPattern: code & 1)
    }

    @inlinable
    public static func encode(_ value: Int32) -> UInt32 {
        UInt32(bitPattern: (value << 1) ^ (value >> 31))
    }

    @inlinable
    public static func decode(_ code: UInt32) -> Int32 {
        Int32(bitPattern: code >> 1) ^ -Int32(bitPattern: code & 1)
    }
}
