/// Comparison and distance of sequence numbers and ticks that wrap around.
///
/// A 16-bit input sequence wraps every 65 536 inputs (18 minutes at 60 Hz), a 32-bit
/// tick every 828 days; either way "newer" must mean "a little ahead, modulo 2^n", not
/// "numerically greater" (yojimbo's `sequence_greater_than`). Everything here is generic
/// over the unsigned width, so `UInt16` sequences and `UInt32` ticks share one definition.
public enum SequenceNumber {
    /// True when `a` is ahead of `b` by less than half the number space.
    ///
    /// Exactly half-way round is ambiguous and counts as newer for neither side, so
    /// `isNewer(a, than: b)` and `isNewer(b, than: a)` are never both true.
    @inlinable
    public static func isNewer<T: FixedWidthInteger & UnsignedInteger>(_ a: T, than b: T) -> Bool {
        let ahead = a &- b
        return ahead != 0 && ahead < T(1) << (T.bitWidth - 1)
    }

    /// The signed distance from `reference` to `value` the short way round: the unique
    /// `d` in `-2^(n-1) ..< 2^(n-1)` with `reference + d == value` modulo `2^n`.
    @inlinable
    public static func distance<T: FixedWidthInteger & UnsignedInteger>(from reference: T, to value: T) -> Int64 {
        precondition(T.bitWidth <= 64, "SequenceNumber: \(T.self) is wider than 64 bits")
        let ahead = UInt64(truncatingIfNeeded: value &- reference)
        // Sign-extend the n-bit difference.
        let unused = UInt64(64 - T.bitWidth)
        return Int64(bitPattern: ahead << unused) >> Int64(unused)
    }

    /// `reference` moved by `distance`, wrapping modulo `2^n`.
    @inlinable
    public static func advance<T: FixedWidthInteger & UnsignedInteger>(_ reference: T, by distance: Int64) -> T {
        reference &+ T(truncatingIfNeeded: UInt64(bitPattern: distance))
    }
}

extension BitStream {
    /// A sequence number or tick sent relative to a `reference` both sides already know
    /// (the snapshot's own tick for its baseline, the previous input's sequence…): the
    /// wrapped distance, ZigZag-mapped and in the variable-length code. Nearby values cost
    /// 5 or 10 bits and every value still round-trips exactly, wraparound included.
    ///
    /// The reader rejects a distance that does not fit the type's half-range as
    /// `.valueOutOfRange`, so every value has exactly one encoding.
    @inlinable
    public mutating func serialize<T: FixedWidthInteger & UnsignedInteger>(
        _ value: inout T, relativeTo reference: T
    ) throws(Failure) {
        let start = bitCount
        var code = isReading ? 0 : ZigZag.encode(SequenceNumber.distance(from: reference, to: value))
        try serializeVarUInt(&code)
        // Largest ZigZag code of a distance in -2^(n-1) ..< 2^(n-1) is 2^n - 1.
        let limit = T.bitWidth >= 64 ? UInt64.max : (1 << UInt64(T.bitWidth)) - 1
        try require(code <= limit, else: .valueOutOfRange(bitOffset: start, value: code, limit: limit))
        value = SequenceNumber.advance(reference, by: ZigZag.decode(code))
    }
}
