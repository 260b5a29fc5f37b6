/// A stream that only counts: run a message's `serialize` through it to learn exactly how
/// many bits (and bytes) the writer will produce, before allocating or before deciding
/// whether one more entity still fits in a snapshot (yojimbo's `MeasureStream`).
///
/// The count is exact, not an upper bound, because alignment is computed from the same
/// absolute position the writer would be at: start the counter at the writer's current
/// `bitCount` when measuring a part of a larger message.
public struct BitCounter: BitStream {
    public typealias Failure = Never

    @usableFromInline var counted: Int

    /// Bits counted so far, including the starting offset.
    @inlinable
    public var bitCount: Int { counted }

    /// - Parameter bitOffset: the position the measured fields would start at.
    @inlinable
    public init(bitOffset: Int = 0) {
        precondition(bitOffset >= 0, "BitCounter: negative offset \(bitOffset)")
        counted = bitOffset
    }

    public var isReading: Bool { false }

    /// Bytes a writer would hold after writing the counted bits and finishing.
    @inlinable
    public var byteCount: Int { (bitCount &+ 7) >> 3 }

    /// Counts `bits` bits.
    @inlinable
    public mutating func add(bits: Int) {
        precondition(bits >= 0, "BitCounter: negative width \(bits)")
        counted &+= bits
    }

    // MARK: BitStream
    // The same preconditions as `BitWriter`, so measuring a bad value fails as loudly as
    // writing it would.

    @inlinable
    public mutating func serialize(_ value: inout UInt32, bits: Int) {
        precondition(bits >= 0 && bits <= 32, "BitCounter: width \(bits) outside 0...32")
        precondition(bits == 32 || value >> UInt32(bits) == 0, "BitCounter: \(value) does not fit in \(bits) bits")
        counted &+= bits
    }

    @inlinable
    public mutating func serialize(_ value: inout UInt64, bits: Int) {
        precondition(bits >= 0 && bits <= 64, "BitCounter: width \(bits) outside 0...64")
        precondition(bits == 64 || value >> UInt64(bits) == 0, "BitCounter: \(value) does not fit in \(bits) bits")
        counted &+= bits
    }

    @inlinable
    public mutating func serialize(_ value: inout Bool) {
        counted &+= 1
    }

    @inlinable
    public mutating func serialize(_ value: inout Int, min: Int, max: Int) {
        precondition(min <= value && value <= max, "BitCounter: \(value) outside \(min)...\(max)")
        counted &+= bitsRequired(min: min, max: max)
    }

    @inlinable
    public mutating func serializeAlignment() {
        counted = (counted &+ 7) & ~7
    }

    @inlinable
    public mutating func serializeAlignedBytes(_ bytes: inout [UInt8], count: Int) {
        precondition(bytes.count == count, "BitCounter: \(bytes.count) bytes where \(count) declared")
        serializeAlignment()
        counted &+= count &* 8
    }

    @inlinable
    public mutating func serialize(_ string: inout String, maxBytes: Int) {
        var count = string.utf8.count
        serialize(&count, min: 0, max: maxBytes)
        serializeAlignment()
        counted &+= count &* 8
    }

    @inlinable
    public mutating func require(_ condition: Bool, else error: @autoclosure () -> WireError) {
        precondition(condition, "BitCounter: \(error())")
    }
}
