/// RFC 6455 §5.3 payload masking: byte `i` of the payload is XORed with key byte `i % 4`.
///
/// The key is a `UInt32` holding the four key bytes exactly as they sit in memory on the
/// wire (`loadUnaligned(as: UInt32.self)` of the 4 bytes), so it never needs a byte swap to
/// read or write. Masking is done 8 bytes at a time: the key is repeated into a 64-bit word
/// whose memory image is k[p] k[p+1] k[p+2] k[p+3] k[p] ..., which stays in phase because
/// 8 is a multiple of 4. This runs over every byte a client sends, so it matters.
public enum Masking {
    /// XORs `buffer` with the 4-byte key in place, starting at key byte `phase` (0...3).
    ///
    /// `phase` lets a payload that arrives in several reads be unmasked piece by piece:
    /// pass `bytesAlreadyUnmasked & 3`. Applying the same key and phase twice restores the
    /// original bytes.
    @inlinable
    public static func apply(key: UInt32, to buffer: UnsafeMutableRawBufferPointer, phase: Int = 0) {
        precondition((0...3).contains(phase), "mask phase is 0...3")
        guard let base = buffer.baseAddress else { return }
        let pattern = keyPattern(key: key, phase: phase)
        let word = pattern.littleEndian
        let count = buffer.count
        var offset = 0
        while count - offset >= 8 {
            let value = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            base.storeBytes(of: value ^ word, toByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        var shift: UInt64 = 0
        while offset < count {
            let byte = base.load(fromByteOffset: offset, as: UInt8.self)
            base.storeBytes(of: byte ^ UInt8(truncatingIfNeeded: pattern &>> shift), toByteOffset: offset, as: UInt8.self)
            offset += 1
            shift += 8
        }
    }

    /// Copies `src` to `dst` (which must have room for `src.count` bytes), masking on the
    /// way: the client's send path, one pass over the payload instead of copy-then-mask.
    @inlinable
    public static func copy(_ src: UnsafeRawBufferPointer, to dst: UnsafeMutableRawPointer, maskingWith key: UInt32) {
        guard let source = src.baseAddress else { return }
        let pattern = keyPattern(key: key, phase: 0)
        let word = pattern.littleEndian
        let count = src.count
        var offset = 0
        while count - offset >= 8 {
            let value = source.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            dst.storeBytes(of: value ^ word, toByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        var shift: UInt64 = 0
        while offset < count {
            let byte = source.load(fromByteOffset: offset, as: UInt8.self)
            dst.storeBytes(of: byte ^ UInt8(truncatingIfNeeded: pattern &>> shift), toByteOffset: offset, as: UInt8.self)
            offset += 1
            shift += 8
        }
    }

    /// The key repeated twice, rotated so that key byte `phase` comes first, as a *value*
    /// whose least significant byte is the first byte to apply. Its `.littleEndian` is the
    /// matching memory image on any host; shifting it right walks the key byte by byte.
    @inlinable
    static func keyPattern(key: UInt32, phase: Int) -> UInt64 {
        // Value whose low byte is the key's first byte in memory, whatever the host order.
        let ordered = UInt32(littleEndian: key)
        let bits = UInt32(truncatingIfNeeded: phase &* 8)
        let rotated = (ordered &>> bits) | (ordered &<< ((32 &- bits) & 31))
        return UInt64(rotated) | UInt64(rotated) &<< 32
    }
}
