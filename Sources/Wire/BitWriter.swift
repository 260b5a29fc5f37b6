/// Packs fields into bytes, least significant bit first.
///
/// Bits accumulate in a 64-bit scratch register and leave it 32 at a time, as four
/// little-endian bytes appended to `bytes`. Bit `i` of the stream is therefore bit
/// `i % 8` of byte `i / 8`, and a field's lowest bit comes first: the layout
/// PROTOCOL.md documents and `web/wire/bits.js` mirrors.
///
/// The writer only ever sees values produced by our own code, so a value that does not
/// fit its declared width or range is a bug and traps (yojimbo's `BitWriter` asserts the
/// same way). It allocates nothing but its output array: reserve a capacity once and
/// `reset()` between messages to reuse it.
public struct BitWriter: BitStream {
    public typealias Failure = Never

    /// Whole bytes already flushed from the scratch register. Only complete after
    /// `finish()` (or `alignToByte()` plus a flush); read it through `finish()`.
    @usableFromInline var storage: [UInt8]
    /// Pending bits, lowest first; always fewer than 32 between calls.
    @usableFromInline var scratch: UInt64 = 0
    /// How many bits of `scratch` are pending.
    @usableFromInline var scratchBits: Int = 0

    /// - Parameter capacity: bytes to reserve up front; writing past it still works but
    ///   may reallocate.
    public init(capacity: Int = 256) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    public var isReading: Bool { false }

    /// Bits written so far.
    @inlinable
    public var bitCount: Int { storage.count &* 8 &+ scratchBits }

    /// Bytes needed to hold what was written so far (the size `finish()` will return).
    @inlinable
    public var byteCount: Int { (bitCount &+ 7) >> 3 }

    /// Empties the writer but keeps its buffer's capacity, for the next message.
    @inlinable
    public mutating func reset() {
        storage.removeAll(keepingCapacity: true)
        scratch = 0
        scratchBits = 0
    }

    // MARK: Primitives

    /// Appends the low `bits` bits of `value` (`bits` in `0...32`).
    @inlinable @inline(__always)
    public mutating func write(_ value: UInt32, bits: Int) {
        precondition(bits >= 0 && bits <= 32, "BitWriter: width \(bits) outside 0...32")
        precondition(bits == 32 || value >> UInt32(bits) == 0,
                     "BitWriter: \(value) does not fit in \(bits) bits")
        scratch |= UInt64(value) &<< UInt64(scratchBits)
        scratchBits &+= bits
        if scratchBits >= 32 {
            flushWord()
        }
    }

    /// Appends the low `bits` bits of `value` (`bits` in `0...64`): low half, then high.
    /// (Disfavoured so that a bare literal, `write(5, bits: 3)`, picks the 32-bit form.)
    @inlinable @inline(__always) @_disfavoredOverload
    public mutating func write(_ value: UInt64, bits: Int) {
        precondition(bits >= 0 && bits <= 64, "BitWriter: width \(bits) outside 0...64")
        if bits <= 32 {
            precondition(value >> UInt64(bits) == 0, "BitWriter: \(value) does not fit in \(bits) bits")
            write(UInt32(truncatingIfNeeded: value), bits: bits)
        } else {
            precondition(bits == 64 || value >> UInt64(bits) == 0,
                         "BitWriter: \(value) does not fit in \(bits) bits")
            write(UInt32(truncatingIfNeeded: value), bits: 32)
            write(UInt32(truncatingIfNeeded: value >> 32), bits: bits - 32)
        }
    }

    /// Appends one bit, 1 for true.
    @inlinable
    public mutating func writeBool(_ value: Bool) {
        write(value ? 1 as UInt32 : 0, bits: 1)
    }

    /// Appends `value - min` in `bitsRequired(min:max:)` bits.
    @inlinable
    public mutating func write(_ value: Int, min: Int, max: Int) {
        precondition(min <= value && value <= max, "BitWriter: \(value) outside \(min)...\(max)")
        write(rangeSpan(min: min, max: value), bits: bitsRequired(min: min, max: max))
    }

    /// Pads with zero bits up to the next byte boundary (nothing if already there).
    @inlinable
    public mutating func alignToByte() {
        let padding = (8 &- (scratchBits & 7)) & 7
        scratchBits &+= padding
        if scratchBits >= 32 {
            flushWord()
        }
    }

    /// Aligns to a byte boundary, then appends `bytes` verbatim.
    @inlinable
    public mutating func writeAlignedBytes<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        alignToByte()
        flushWholeBytes()
        storage.append(contentsOf: bytes)
    }

    /// Pads to a byte boundary and returns everything written.
    ///
    /// The writer stays usable (further writes continue after the padding), but the
    /// usual next step is `reset()`. Keeping the returned array alive across `reset()`
    /// makes the next write copy the buffer; use `withFinishedBytes` to avoid that.
    @inlinable
    public mutating func finish() -> [UInt8] {
        alignToByte()
        flushWholeBytes()
        return storage
    }

    /// Pads to a byte boundary and lends the bytes to `body` without copying them.
    @inlinable
    public mutating func withFinishedBytes<R, E: Error>(
        _ body: (UnsafeRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        alignToByte()
        flushWholeBytes()
        // Typed throws do not pass through `withUnsafeBytes`'s rethrows, so the error is
        // carried out as a value.
        let result: Result<R, E> = storage.withUnsafeBytes { raw in
            do throws(E) { return .success(try body(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    // MARK: Scratch register

    /// Moves the low 32 pending bits out as four little-endian bytes.
    @inlinable @inline(never)
    mutating func flushWord() {
        storage.append(UInt8(truncatingIfNeeded: scratch))
        storage.append(UInt8(truncatingIfNeeded: scratch >> 8))
        storage.append(UInt8(truncatingIfNeeded: scratch >> 16))
        storage.append(UInt8(truncatingIfNeeded: scratch >> 24))
        scratch >>= 32
        scratchBits &-= 32
    }

    /// Moves every complete pending byte out (the partial one, if any, stays).
    @inlinable
    mutating func flushWholeBytes() {
        while scratchBits >= 8 {
            storage.append(UInt8(truncatingIfNeeded: scratch))
            scratch >>= 8
            scratchBits &-= 8
        }
    }

    // MARK: BitStream

    @inlinable
    public mutating func serialize(_ value: inout UInt32, bits: Int) { write(value, bits: bits) }

    @inlinable
    public mutating func serialize(_ value: inout UInt64, bits: Int) { write(value, bits: bits) }

    @inlinable
    public mutating func serialize(_ value: inout Bool) { writeBool(value) }

    @inlinable
    public mutating func serialize(_ value: inout Int, min: Int, max: Int) {
        write(value, min: min, max: max)
    }

    @inlinable
    public mutating func serializeAlignment() { alignToByte() }

    @inlinable
    public mutating func serializeAlignedBytes(_ bytes: inout [UInt8], count: Int) {
        precondition(bytes.count == count, "BitWriter: \(bytes.count) bytes where \(count) declared")
        writeAlignedBytes(bytes)
    }

    @inlinable
    public mutating func serialize(_ string: inout String, maxBytes: Int) {
        write(string, maxBytes: maxBytes)
    }

    /// Writes a string as `serialize(_:maxBytes:)` lays it out, without copying it first.
    @inlinable
    public mutating func write(_ string: String, maxBytes: Int) {
        let utf8 = string.utf8
        write(utf8.count, min: 0, max: maxBytes)
        writeAlignedBytes(utf8)
    }

    @inlinable
    public mutating func require(_ condition: Bool, else error: @autoclosure () -> WireError) {
        precondition(condition, "BitWriter: \(error())")
    }
}
