import Testing
@testable import WebSocket

@Suite("SHA-1")
struct SHA1Tests {
    /// FIPS 180 / RFC 3174 published vectors.
    @Test(arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "a49b2446a02c645bf419f995b67091253a04a259"),
        (String(repeating: "01234567", count: 80), "dea356a2cddd90c7a7ecedc5ebb563934f460452"),
        ("The quick brown fox jumps over the lazy dog", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"),
    ])
    func publishedVectors(message: String, digest: String) {
        #expect(SHA1.hash(message.utf8).hex == digest)
        #expect(SHA1.hash(Array(message.utf8)).hex == digest)
    }

    /// Lengths around the padding boundaries: 55 is the longest message whose length
    /// fits in the same block, 56…63 force an extra block, 64 is exactly one block.
    @Test(arguments: [
        (55, "c1c8bbdc22796e28c0e15163d20899b65621d65a"),
        (56, "c2db330f6083854c99d4b5bfb6e8f29f201be699"),
        (57, "f08f24908d682555111be7ff6f004e78283d989a"),
        (63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5"),
        (64, "0098ba824b5c16427bd7a1122a5a442a25ec644d"),
        (65, "11655326c708d70319be2610e8a57d9a5b959d3b"),
        (119, "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56"),
        (120, "f34c1488385346a55709ba056ddd08280dd4c6d6"),
        (128, "ad5b3fdbcb526778c2839d2f151ea753995e26a0"),
    ])
    func paddingBoundaries(length: Int, digest: String) {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: length)
        #expect(SHA1.hash(message).hex == digest)
        #expect(SHA1.hash(repeatElement(UInt8(ascii: "a"), count: length)).hex == digest)
    }

    @Test func oneMillionA() {
        let digest = "34aa973cd4c4daa4f61eeb2bdbad27316534016f"
        #expect(SHA1.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).hex == digest)
    }

    @Test func oneMillionANonContiguous() {
        // The element-by-element path, as a lazy sequence feeds it.
        #expect(SHA1.hash(repeatElement(UInt8(ascii: "a"), count: 1_000_000)).hex
            == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    /// Streaming in arbitrary pieces must equal hashing at once.
    @Test(arguments: 0..<20)
    func streamingSplitsAgree(seed: Int) {
        var rng = HTTPTestRNG(seed: UInt64(seed))
        let message = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        var hasher = SHA1.Hasher()
        var offset = 0
        while offset < message.count {
            let end = min(message.count, offset + Int.random(in: 1...70, using: &rng))
            if Bool.random(using: &rng) {
                hasher.update(message[offset..<end])
            } else {
                hasher.update(message[offset..<end].lazy.map { $0 })
            }
            offset = end
        }
        #expect(hasher.finalize() == SHA1.hash(message))
    }

    @Test func digestIsTwentyBytes() {
        #expect(SHA1.hash([UInt8]()).count == 20)
    }
}

extension Array where Element == UInt8 {
    /// Lowercase hex, for readable digest comparisons.
    fileprivate var hex: String {
        map { byte in
            let digits = [Character]("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
        }.joined()
    }
}
