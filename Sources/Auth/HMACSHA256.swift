/// HMAC-SHA-256 (RFC 2104, FIPS 198-1), the MAC of HS256 tokens.
public enum HMACSHA256 {
    /// The block size B of RFC 2104 for SHA-256.
    static let blockSize = 64

    /// A secret prepared once: the hash states after absorbing `K ⊕ ipad` and `K ⊕ opad`.
    /// Every message then starts from copies of them, so a MAC costs two compressions fewer
    /// than keying from scratch; the verifier builds one per secret and keeps it.
    public struct Key: Sendable {
        let inner: SHA256
        let outer: SHA256

        public init(_ secret: some Sequence<UInt8>) {
            let bytes = Array(secret)
            self = bytes.withUnsafeBytes { Key(bytes: $0) }
        }

        public init(bytes secret: UnsafeRawBufferPointer) {
            var padded = SHA256.BlockBuffer()
            if secret.count > HMACSHA256.blockSize {
                // Keys longer than a block are replaced by their hash (RFC 2104 §2).
                SHA256.hash(secret).withUnsafeBytes { padded.copy(from: $0, at: 0) }
            } else {
                padded.copy(from: secret, at: 0)
            }
            inner = Self.absorb(padded, xor: 0x36)
            outer = Self.absorb(padded, xor: 0x5C)
        }

        private static func absorb(_ key: SHA256.BlockBuffer, xor pad: UInt8) -> SHA256 {
            var block = SHA256.BlockBuffer()
            key.withBytes { keyBytes in
                for index in 0..<HMACSHA256.blockSize { block.set(keyBytes[index] ^ pad, at: index) }
            }
            var hasher = SHA256()
            block.withBytes { hasher.update($0) }
            return hasher
        }
    }

    /// H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ message)).
    public static func authenticationCode(for message: UnsafeRawBufferPointer, key: Key) -> SHA256.Digest {
        var inner = key.inner
        inner.update(message)
        return finish(&inner, key: key)
    }

    public static func authenticationCode(for message: some Sequence<UInt8>, key: Key) -> SHA256.Digest {
        var inner = key.inner
        inner.update(message)
        return finish(&inner, key: key)
    }

    /// The outer hash over the inner one's digest.
    private static func finish(_ inner: inout SHA256, key: Key) -> SHA256.Digest {
        let innerDigest = inner.finalize()
        var outer = key.outer
        innerDigest.withUnsafeBytes { outer.update($0) }
        return outer.finalize()
    }

    /// One-off convenience that prepares the key for a single message.
    public static func authenticationCode(for message: some Sequence<UInt8>, secret: some Sequence<UInt8>) -> SHA256.Digest {
        authenticationCode(for: message, key: Key(secret))
    }
}
