/// One interface over writing, reading and measuring a bit stream, so that each message
/// is described by ONE `serialize` function that drives all three (yojimbo's
/// `WriteStream` / `ReadStream` / `MeasureStream`).
///
/// A serialize function takes its fields `inout`: when writing or measuring it reads them,
/// when reading it overwrites them.
///
/// ```swift
/// struct Ping {
///     var sequence: UInt16 = 0
///     var sentAt: UInt32 = 0
///     mutating func serialize<S: BitStream>(_ s: inout S) throws(S.Failure) {
///         try s.serialize(&sequence, bits: 16)
///         try s.serialize(&sentAt, bits: 32)
///     }
/// }
/// ```
///
/// Call it generically (`some BitStream` / `<S: BitStream>`), never through `any BitStream`:
/// the generic is specialised per stream, so the hot path has no existential boxes and
/// no dynamic dispatch. `Failure` is `Never` for `BitWriter` and `BitCounter` — calling a
/// serializer on them needs no `try` — and `WireError` for `BitReader`.
///
/// The requirements are the primitives; everything composite (variable-length and
/// ZigZag integers, quantized values, angles, relative sequence numbers) is written once,
/// in extensions, on top of them, so the three streams cannot disagree about a layout.
public protocol BitStream {
    /// `Never` when writing or measuring; `WireError` when reading untrusted bytes.
    associatedtype Failure: Error

    /// True for `BitReader`: serializers then ignore the incoming values of their
    /// `inout` fields and overwrite them.
    var isReading: Bool { get }

    /// Bits written, read or counted so far (including any starting offset).
    var bitCount: Int { get }

    /// The low `bits` bits of `value` (`0...32`). The writer traps if `value` has a bit
    /// set above them.
    mutating func serialize(_ value: inout UInt32, bits: Int) throws(Failure)

    /// The low `bits` bits of `value` (`0...64`); above 32 bits it is sent as the low
    /// 32 bits followed by the rest, which is exactly the LSB-first order of the whole.
    mutating func serialize(_ value: inout UInt64, bits: Int) throws(Failure)

    /// One bit: 1 for true.
    mutating func serialize(_ value: inout Bool) throws(Failure)

    /// An integer in `min...max`, sent as `value - min` in `bitsRequired(min:max:)` bits.
    /// The writer traps on a value outside the range; the reader throws
    /// `.valueOutOfRange` on a code above `max - min`.
    mutating func serialize(_ value: inout Int, min: Int, max: Int) throws(Failure)

    /// Skips to the next byte boundary with zero bits (the reader checks they are zero).
    mutating func serializeAlignment() throws(Failure)

    /// Exactly `count` raw bytes, after aligning to a byte boundary. The writer traps if
    /// `bytes.count != count`; the reader replaces `bytes` with a new array.
    mutating func serializeAlignedBytes(_ bytes: inout [UInt8], count: Int) throws(Failure)

    /// A UTF-8 string of at most `maxBytes` bytes: its byte length as a ranged integer
    /// in `0...maxBytes`, then its bytes aligned. The reader rejects malformed UTF-8.
    mutating func serialize(_ string: inout String, maxBytes: Int) throws(Failure)

    /// A condition on a decoded value. The reader throws `error()` when it is false; the
    /// writer and the counter trap, because there the value came from our own code.
    mutating func require(_ condition: Bool, else error: @autoclosure () -> WireError) throws(Failure)
}

extension BitStream {
    /// Any unsigned integer type (`UInt8`, `UInt16`…) in its low `bits` bits.
    ///
    /// - Precondition: `bits <= T.bitWidth`, so a decoded value always fits `T`.
    @inlinable
    public mutating func serialize<T: FixedWidthInteger & UnsignedInteger>(
        _ value: inout T, bits: Int
    ) throws(Failure) {
        precondition(bits >= 0 && bits <= T.bitWidth, "serialize: \(bits) bits do not fit \(T.self)")
        if bits <= 32 {
            var wide = UInt32(truncatingIfNeeded: value)
            try serialize(&wide, bits: bits)
            value = T(truncatingIfNeeded: wide)
        } else {
            var wide = UInt64(truncatingIfNeeded: value)
            try serialize(&wide, bits: bits)
            value = T(truncatingIfNeeded: wide)
        }
    }

    /// An `Int32` in `min...max` (a convenience over the `Int` requirement).
    @inlinable
    public mutating func serialize(_ value: inout Int32, min: Int32, max: Int32) throws(Failure) {
        var wide = Int(value)
        try serialize(&wide, min: Int(min), max: Int(max))
        value = Int32(truncatingIfNeeded: wide)
    }
}
