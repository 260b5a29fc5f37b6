/// SHA-1 (FIPS 180-4 §6.1), needed only for the WebSocket handshake's
/// `Sec-WebSocket-Accept`. SHA-1 is broken for collision resistance, which does not
/// matter here: RFC 6455 uses it only to prove the server read the key.
///
/// Written from the standard instead of importing a crypto library because the
/// project takes no dependencies and Foundation on Linux does not expose a digest.
public enum SHA1 {
    /// The 20-byte digest of `bytes`. Contiguous input is hashed block by block in
    /// place; any other sequence is streamed through a 64-byte buffer.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Streaming state: feed any number of `update` calls, then `finalize` once.
    struct Hasher {
        private var h: (UInt32, UInt32, UInt32, UInt32, UInt32) =
            (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0)
        /// Bytes waiting to fill a 64-byte block; always fewer than 64 between calls.
        private var pending: [UInt8] = []
        /// Message length in bytes; the padding encodes it in bits, modulo 2^64.
        private var length: UInt64 = 0

        init() {
            pending.reserveCapacity(64)
        }

        mutating func update(_ bytes: some Sequence<UInt8>) {
            let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
                update(UnsafeRawBufferPointer(buffer))
            }
            if handled == nil {
                for byte in bytes { append(byte) }
            }
        }

        mutating func update(_ buffer: UnsafeRawBufferPointer) {
            var offset = 0
            // Top up a partial block first, then compress whole blocks straight from
            // the caller's memory.
            while !pending.isEmpty && offset < buffer.count {
                append(buffer[offset])
                offset += 1
            }
            while buffer.count - offset >= 64 {
                Self.compress(&h, UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + 64)]))
                length &+= 64
                offset += 64
            }
            while offset < buffer.count {
                append(buffer[offset])
                offset += 1
            }
        }

        private mutating func append(_ byte: UInt8) {
            pending.append(byte)
            length &+= 1
            if pending.count == 64 {
                pending.withUnsafeBytes { Self.compress(&h, $0) }
                pending.removeAll(keepingCapacity: true)
            }
        }

        /// Pads (a 1 bit, zeros, the 64-bit big-endian bit length) and returns the digest.
        mutating func finalize() -> [UInt8] {
            let bitLength = length &* 8
            var tail = pending
            tail.append(0x80)
            while tail.count % 64 != 56 { tail.append(0) }
            for shift in stride(from: 56, through: 0, by: -8) {
                tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
            }
            tail.withUnsafeBytes { all in
                for start in stride(from: 0, to: all.count, by: 64) {
                    Self.compress(&h, UnsafeRawBufferPointer(rebasing: all[start..<(start + 64)]))
                }
            }
            pending.removeAll()
            var digest: [UInt8] = []
            digest.reserveCapacity(20)
            for word in [h.0, h.1, h.2, h.3, h.4] {
                digest.append(UInt8(truncatingIfNeeded: word >> 24))
                digest.append(UInt8(truncatingIfNeeded: word >> 16))
                digest.append(UInt8(truncatingIfNeeded: word >> 8))
                digest.append(UInt8(truncatingIfNeeded: word))
            }
            return digest
        }

        /// One 512-bit block: the 80-round compression function of FIPS 180-4 §6.1.2,
        /// with the message schedule kept as a rolling 16-word window.
        private static func compress(_ h: inout (UInt32, UInt32, UInt32, UInt32, UInt32),
                                     _ block: UnsafeRawBufferPointer) {
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { w in
                for i in 0..<16 {
                    w[i] = UInt32(block[i * 4]) << 24 | UInt32(block[i * 4 + 1]) << 16
                        | UInt32(block[i * 4 + 2]) << 8 | UInt32(block[i * 4 + 3])
                }
                var (a, b, c, d, e) = h
                for t in 0..<80 {
                    let word: UInt32
                    if t < 16 {
                        word = w[t]
                    } else {
                        let mixed = w[(t - 3) & 15] ^ w[(t - 8) & 15] ^ w[(t - 14) & 15] ^ w[t & 15]
                        word = mixed.rotatedLeft(by: 1)
                        w[t & 15] = word
                    }
                    let f: UInt32
                    let k: UInt32
                    switch t {
                    case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
                    case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
                    case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
                    default: f = b ^ c ^ d; k = 0xCA62_C1D6
                    }
                    let temp = a.rotatedLeft(by: 5) &+ f &+ e &+ k &+ word
                    e = d
                    d = c
                    c = b.rotatedLeft(by: 30)
                    b = a
                    a = temp
                }
                h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e)
            }
        }
    }
}

extension UInt32 {
    /// Circular left shift (`ROTL^n` in FIPS 180-4 §3.2).
    fileprivate func rotatedLeft(by n: UInt32) -> UInt32 {
        (self << n) | (self >> (32 - n))
    }
}
