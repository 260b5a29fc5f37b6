/// Reads fields back out of bytes that came from the network, least significant bit
/// first (the layout `BitWriter` produces).
///
/// Nothing here traps on the bytes' content: every read checks that the bits exist, and
/// every ranged read that its code is in range, and throws a typed `WireError` otherwise
/// (yojimbo's `BitReader::WouldReadPastEnd`). After an error the reader's position is
/// unspecified: the message is to be dropped whole, never resumed. The caller's own
/// mistakes (a width above 64, a reversed range) still trap.
///
/// The reader borrows its bytes: the buffer must outlive it. `BitReader.read(_:_:)` wraps
/// the usual `withUnsafeBytes` dance for an array.
public struct BitReader: BitStream {
    public typealias Failure = WireError

    @usableFromInline let buffer: UnsafeRawBufferPointer
    /// Index of the next byte to load into the scratch register.
    @usableFromInline var nextByte: Int = 0
    /// Loaded but unread bits, lowest first.
    @usableFromInline var scratch: UInt64 = 0
    /// How many bits of `scratch` are loaded but unread (at most 64).
    @usableFromInline var scratchBits: Int = 0

    /// Reads from `buffer`, which must stay valid while the reader is used.
    @inlinable
    public init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
    }

    /// Runs `body` with a reader over `bytes`.
    @inlinable
    public static func read<R>(
        _ bytes: [UInt8], _ body: (inout BitReader) throws(WireError) -> R
    ) throws(WireError) -> R {
        let result: Result<R, WireError> = bytes.withUnsafeBytes { raw in
            var reader = BitReader(raw)
            do throws(WireError) { return .success(try body(&reader)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    public var isReading: Bool { true }

    /// Bits consumed so far.
    @inlinable
    public var bitCount: Int { nextByte &* 8 &- scratchBits }

    /// Bits not yet consumed.
    @inlinable
    public var remainingBits: Int { buffer.count &* 8 &- bitCount }

    // MARK: Primitives

    /// Reads `bits` bits (`0...32`) as an unsigned number.
    @inlinable @inline(__always)
    public mutating func readUInt32(bits: Int) throws(WireError) -> UInt32 {
        precondition(bits >= 0 && bits <= 32, "BitReader: width \(bits) outside 0...32")
        guard bits <= remainingBits else {
            throw .endOfData(bitOffset: bitCount, bitsWanted: bits)
        }
        return take(bits)
    }

    /// Reads `bits` bits (`0...64`) as an unsigned number: low half first, then high.
    @inlinable @inline(__always)
    public mutating func readUInt64(bits: Int) throws(WireError) -> UInt64 {
        precondition(bits >= 0 && bits <= 64, "BitReader: width \(bits) outside 0...64")
        guard bits <= remainingBits else {
            throw .endOfData(bitOffset: bitCount, bitsWanted: bits)
        }
        if bits <= 32 {
            return UInt64(take(bits))
        }
        let low = UInt64(take(32))
        return low | UInt64(take(bits &- 32)) << 32
    }

    /// Reads one bit.
    @inlinable
    public mutating func readBool() throws(WireError) -> Bool {
        try readUInt32(bits: 1) != 0
    }

    /// Reads an integer written by `BitWriter.write(_:min:max:)`, rejecting a code above
    /// `max - min` (possible whenever the span is not a power of two minus one).
    @inlinable
    public mutating func read(min: Int, max: Int) throws(WireError) -> Int {
        let start = bitCount
        let span = rangeSpan(min: min, max: max)
        let code = try readUInt64(bits: bitsRequired(min: min, max: max))
        guard code <= span else {
            throw .valueOutOfRange(bitOffset: start, value: code, limit: span)
        }
        return Int(Int64(min) &+ Int64(bitPattern: code))
    }

    /// Skips to the next byte boundary; the skipped bits must be zero.
    @inlinable
    public mutating func alignToByte() throws(WireError) {
        let start = bitCount
        let padding = (8 &- (start & 7)) & 7
        // Padding never crosses the end: the current byte was loaded whole.
        guard try readUInt32(bits: padding) == 0 else {
            throw .nonZeroPadding(bitOffset: start)
        }
    }

    /// Aligns, then returns the next `count` bytes without copying them (a view into the
    /// reader's buffer, valid as long as that buffer is).
    @inlinable
    public mutating func readAlignedBytes(count: Int) throws(WireError) -> UnsafeRawBufferPointer {
        precondition(count >= 0, "BitReader: negative byte count \(count)")
        try alignToByte()
        let first = bitCount >> 3
        guard count <= buffer.count &- first else {
            throw .endOfData(bitOffset: first &* 8, bitsWanted: count &* 8)
        }
        nextByte = first &+ count
        scratch = 0
        scratchBits = 0
        return UnsafeRawBufferPointer(rebasing: buffer[first ..< first &+ count])
    }

    /// Reads a string laid out as `BitStream.serialize(_:maxBytes:)` describes.
    @inlinable
    public mutating func readString(maxBytes: Int) throws(WireError) -> String {
        let start = bitCount
        let count = try read(min: 0, max: maxBytes)
        let bytes = try readAlignedBytes(count: count)
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw .invalidUTF8(bitOffset: start)
        }
        return string
    }

    /// Checks that the message ends here: fewer than 8 bits remain and they are zero
    /// (the writer's final padding). Call it after the last field of a whole message.
    @inlinable
    public mutating func finish() throws(WireError) {
        let start = bitCount
        guard remainingBits < 8 else {
            throw .trailingData(bitOffset: start)
        }
        guard try readUInt32(bits: remainingBits) == 0 else {
            throw .nonZeroPadding(bitOffset: start)
        }
    }

    // MARK: Scratch register

    /// Removes `bits` (`0...32`) bits from the scratch register, loading bytes first if
    /// it holds too few. The caller has checked that they exist.
    @inlinable @inline(__always)
    mutating func take(_ bits: Int) -> UInt32 {
        if scratchBits < bits && nextByte &+ 8 <= buffer.count {
            // Eight bytes are there: load them in one go and keep the whole bytes that fit
            // above the pending bits (at least four, since fewer than 32 bits are pending).
            let word = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: nextByte, as: UInt64.self))
            let taken = (64 &- scratchBits) >> 3
            let kept = taken == 8 ? word : word & ((1 &<< UInt64(taken &* 8)) &- 1)
            scratch |= kept &<< UInt64(scratchBits)
            scratchBits &+= taken &* 8
            nextByte &+= taken
        }
        if scratchBits < bits {
            // Load whole bytes while they fit: at least 57 bits end up available, and
            // the caller checked the buffer holds `bits`.
            while scratchBits <= 56 && nextByte < buffer.count {
                scratch |= UInt64(buffer[nextByte]) &<< UInt64(scratchBits)
                scratchBits &+= 8
                nextByte &+= 1
            }
        }
        let value = UInt32(truncatingIfNeeded: scratch & ((1 &<< UInt64(bits)) &- 1))
        scratch >>= UInt64(bits)
        scratchBits &-= bits
        return value
    }

    // MARK: BitStream

    @inlinable
    public mutating func serialize(_ value: inout UInt32, bits: Int) throws(WireError) {
        value = try readUInt32(bits: bits)
    }

    @inlinable
    public mutating func serialize(_ value: inout UInt64, bits: Int) throws(WireError) {
        value = try readUInt64(bits: bits)
    }

    @inlinable
    public mutating func serialize(_ value: inout Bool) throws(WireError) {
        value = try readBool()
    }

    @inlinable
    public mutating func serialize(_ value: inout Int, min: Int, max: Int) throws(WireError) {
        value = try read(min: min, max: max)
    }

    @inlinable
    public mutating func serializeAlignment() throws(WireError) {
        try alignToByte()
    }

    @inlinable
    public mutating func serializeAlignedBytes(_ bytes: inout [UInt8], count: Int) throws(WireError) {
        bytes = Array(try readAlignedBytes(count: count))
    }

    @inlinable
    public mutating func serialize(_ string: inout String, maxBytes: Int) throws(WireError) {
        string = try readString(maxBytes: maxBytes)
    }

    @inlinable
    public mutating func require(_ condition: Bool, else error: @autoclosure () -> WireError) throws(WireError) {
        if !condition {
            throw error()
        }
    }
}
