import Testing
@testable import WebSocket

@Suite("Base64")
struct Base64Tests {
    /// RFC 4648 §10 test vectors.
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func fullAlphabet() {
        let bytes = (0..<48).flatMap { i -> [UInt8] in
            // Three bytes carrying sextets 4i, 4i+1, ... wrapped to cover all 64 values.
            let a = UInt32(i * 4 % 64), b = UInt32((i * 4 + 1) % 64), c = UInt32((i * 4 + 2) % 64), d = UInt32((i * 4 + 3) % 64)
            let group = a << 18 | b << 12 | c << 6 | d
            return [UInt8(group >> 16 & 255), UInt8(group >> 8 & 255), UInt8(group & 255)]
        }
        let encoded = Base64.encode(bytes)
        #expect(encoded.hasPrefix("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"))
        #expect(Base64.decode(encoded) == bytes)
    }

    @Test(arguments: [
        "Zg", "Zg=", "Zm9", // missing padding
        "Zg===", "Z===", "====", "=Zg=", "Zg=a", "Z=g=", // misplaced or excess padding
        "Zm9v Zg==", " Zm9v", "Zm9v\n", // whitespace
        "Zm9-", "Zm9_", "Zm9\u{00E9}", "Zm\u{0}v", // outside the alphabet (URL-safe too)
        "Zh==", "Zm9=", // non-zero pad bits: not the canonical spelling
        "Zg==Zg==", // padding in a non-final quad
    ])
    func rejectsInvalid(input: String) {
        #expect(Base64.decode(input) == nil)
    }

    @Test func decodesSubstring() {
        let text = "xxZm9vxx"
        let inner = text.dropFirst(2).dropLast(2)
        #expect(Base64.decode(inner) == Array("foo".utf8))
    }

    @Test(arguments: 0..<50)
    func roundTripsRandomBytes(seed: Int) {
        var rng = HTTPTestRNG(seed: UInt64(1000 + seed))
        let bytes = (0..<Int.random(in: 0...200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let encoded = Base64.encode(bytes)
        #expect(encoded.utf8.count == (bytes.count + 2) / 3 * 4)
        #expect(Base64.decode(encoded) == bytes)
        // Canonical: re-encoding the decoded form gives the same text.
        #expect(Base64.encode(Base64.decode(encoded) ?? []) == encoded)
    }
}
