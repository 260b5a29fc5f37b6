/// SHA-256 (FIPS 180-4 §6.2), the hash under HS256 join tokens.
///
/// Written from the standard because the package takes no dependencies and Foundation on
/// Linux exposes no digest. It is a plain value: copying a hasher mid-message forks it, which
/// is how `HMACSHA256.Key` keeps its padded-key states ready for every message.
public struct SHA256: Sendable {
    /// The running hash value H(i), eight words a…h.
    var state = HashState.initial
    /// Bytes waiting to fill a 64-byte block; `pendingCount` of them are live, always < 64
    /// between calls. Fixed storage, so streaming never allocates.
    private var pending = BlockBuffer()
    private var pendingCount = 0
    /// Message length in bytes; the padding encodes it in bits, modulo 2^64.
    private var length: UInt64 = 0

    public init() {}

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of `bytes` in one call; contiguous input is hashed in place.
    public static func hash(_ bytes: some Sequence<UInt8>) -> Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Absorbs `bytes`: whole blocks are compressed straight from the caller's memory, only a
    /// partial block at either end is copied.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        length &+= UInt64(bytes.count)
        var rest = bytes
        if pendingCount > 0 {
            let taken = min(64 - pendingCount, rest.count)
            pending.copy(from: UnsafeRawBufferPointer(rebasing: rest.prefix(taken)), at: pendingCount)
            pendingCount += taken
            rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(taken))
            guard pendingCount == 64 else { return }
            pending.withBytes { state.compress(blocks: $0) }
            pendingCount = 0
        }
        let whole = rest.count & ~63
        if whole > 0 {
            state.compress(blocks: UnsafeRawBufferPointer(rebasing: rest.prefix(whole)))
        }
        if whole < rest.count {
            pending.copy(from: UnsafeRawBufferPointer(rebasing: rest.dropFirst(whole)), at: 0)
            pendingCount = rest.count - whole
        }
    }

    /// Absorbs any byte sequence; `[UInt8]`, `String.UTF8View` and slices go through the
    /// buffer path without copying, anything else through a small stack chunk.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        guard handled == nil else { return }
        var chunk = BlockBuffer()
        var count = 0
        for byte in bytes {
            chunk.set(byte, at: count)
            count += 1
            if count == 64 {
                chunk.withBytes { update($0) }
                count = 0
            }
        }
        chunk.withBytes { update(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
    }

    /// Pads (a 1 bit, zeros, the 64-bit big-endian bit length) and returns the digest. The
    /// hasher is spent afterwards; copy it first to keep going.
    public mutating func finalize() -> Digest {
        let bitLength = length &* 8
        var tail = pending
        tail.set(0x80, at: pendingCount)
        tail.zero(from: pendingCount + 1)  // earlier partial blocks left bytes behind
        if pendingCount >= 56 {
            // No room for the length in this block: it goes in one more, all zeros before it.
            tail.withBytes { state.compress(blocks: $0) }
            tail = BlockBuffer()
        }
        tail.setBigEndianLength(bitLength)
        tail.withBytes { state.compress(blocks: $0) }
        pendingCount = 0
        return Digest(state)
    }
}

extension SHA256 {
    /// 64 bytes of inline storage for a partial block: eight words, so it lives in the struct
    /// rather than on the heap.
    struct BlockBuffer: Sendable {
        private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0)

        func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
            withUnsafeBytes(of: words, body)
        }

        mutating func set(_ byte: UInt8, at index: Int) {
            withUnsafeMutableBytes(of: &words) { $0[index] = byte }
        }

        mutating func copy(from source: UnsafeRawBufferPointer, at offset: Int) {
            withUnsafeMutableBytes(of: &words) { storage in
                UnsafeMutableRawBufferPointer(rebasing: storage[offset..<(offset + source.count)])
                    .copyMemory(from: source)
            }
        }

        mutating func zero(from offset: Int) {
            withUnsafeMutableBytes(of: &words) { storage in
                _ = UnsafeMutableRawBufferPointer(rebasing: storage[offset...]).initializeMemory(as: UInt8.self, repeating: 0)
            }
        }

        /// Bytes 56…63, where the final block carries the message length.
        mutating func setBigEndianLength(_ bits: UInt64) {
            withUnsafeMutableBytes(of: &words) { $0.storeBytes(of: bits.bigEndian, toByteOffset: 56, as: UInt64.self) }
        }
    }
}
