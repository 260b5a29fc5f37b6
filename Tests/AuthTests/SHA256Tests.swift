import Testing
@testable import Auth

@Suite("SHA-256")
struct SHA256Tests {
    /// FIPS 180-4 / NIST CSRC example vectors.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func publishedVectors(message: String, digest: String) {
        #expect(SHA256.hash(message.utf8).hex == digest)
        #expect(SHA256.hash(Array(message.utf8)).hex == digest)
        Array(message.utf8).withUnsafeBytes { #expect(SHA256.hash($0).hex == digest) }
    }

    @Test func oneMillionA() {
        let digest = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).hex == digest)
        // The element-by-element path a non-contiguous sequence takes.
        #expect(SHA256.hash(repeatElement(UInt8(ascii: "a"), count: 1_000_000)).hex == digest)
    }

    /// Lengths around the padding: 55 is the longest message whose length fits in its last
    /// block, 56…63 need one more block, 64 is exactly a block.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
        (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
    ])
    func paddingBoundaries(length: Int, digest: String) {
        #expect(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: length)).hex == digest)
        #expect(SHA256.hash(repeatElement(UInt8(ascii: "a"), count: length)).hex == digest)
    }

    /// Every way of cutting a message in two, and in three, hashes the same as all at once.
    @Test(arguments: [0, 1, 55, 56, 63, 64, 65, 127, 128, 200])
    func everySplitAgrees(length: Int) {
        var rng = TestRNG(seed: UInt64(length))
        let message = rng.bytes(count: length)
        let expected = SHA256.hash(message).hex
        for cut in 0...length {
            var hasher = SHA256()
            hasher.update(message[..<cut])
            hasher.update(message[cut...])
            #expect(hasher.finalize().hex == expected, "split at \(cut) of \(length)")
        }
        for first in stride(from: 0, through: length, by: 7) {
            for second in stride(from: first, through: length, by: 5) {
                var hasher = SHA256()
                message[..<first].withUnsafeBytes { hasher.update($0) }
                message[first..<second].withUnsafeBytes { hasher.update($0) }
                message[second...].withUnsafeBytes { hasher.update($0) }
                #expect(hasher.finalize().hex == expected, "split at \(first), \(second) of \(length)")
            }
        }
    }

    /// Random pieces, including empty ones, across many block boundaries.
    @Test(arguments: 0..<10)
    func randomStreaming(seed: Int) {
        var rng = TestRNG(seed: 1000 + UInt64(seed))
        let message = rng.bytes(count: Int.random(in: 0...1000, using: &rng))
        var hasher = SHA256()
        var offset = 0
        while offset < message.count {
            let end = min(message.count, offset + Int.random(in: 0...150, using: &rng))
            hasher.update(message[offset..<end])
            offset = end
        }
        #expect(hasher.finalize().hex == SHA256.hash(message).hex, "seed \(seed)")
    }

    /// A copied hasher continues independently: what `HMACSHA256.Key` relies on.
    @Test func copiesFork() {
        var base = SHA256()
        base.update(Array("abc".utf8))
        var left = base
        var right = base
        left.update(Array("def".utf8))
        right.update(Array("xyz".utf8))
        #expect(left.finalize().hex == SHA256.hash("abcdef".utf8).hex)
        #expect(right.finalize().hex == SHA256.hash("abcxyz".utf8).hex)
        #expect(base.finalize().hex == SHA256.hash("abc".utf8).hex)
    }

    @Test func digestIsACollectionOfItsBytes() {
        let digest = SHA256.hash("abc".utf8)
        #expect(digest.count == 32)
        #expect(digest.first == 0xBA && digest.last == 0xAD)
        #expect(Array(digest) == digest.bytes)
        #expect(digest.bytes == hexBytes(digest.hex))
    }
}
