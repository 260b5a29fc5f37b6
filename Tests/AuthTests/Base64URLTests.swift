import Testing
@testable import Auth

@Suite("Base64url")
struct Base64URLTests {
    /// RFC 4648 §10 vectors, padding dropped as §5 without padding requires.
    @Test(arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"),
        ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ])
    func rfcVectors(plain: String, encoded: String) {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(Base64URL.decode(encoded) == Array(plain.utf8))
    }

    /// The two characters that differ from standard base64: 62 is '-' and 63 is '_'.
    @Test func urlSafeAlphabet() {
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_-_") == [0xFB, 0xFF, 0xBF])
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64URL.encode([UInt8](0...255)).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    @Test(arguments: 0..<8)
    func randomRoundTrips(seed: Int) {
        var rng = TestRNG(seed: 77 + UInt64(seed))
        for length in 0..<70 {
            let bytes = rng.bytes(count: length)
            let encoded = Base64URL.encode(bytes)
            #expect(encoded.utf8.count == (length * 4 + 2) / 3)
            #expect(Base64URL.decode(encoded) == bytes, "seed \(seed) length \(length)")
            #expect(Base64URL.decode(Substring(encoded)) == bytes)
        }
    }

    @Test(arguments: [
        "Zg==",       // padding
        "Zg=",
        "Zm9v====",
        "+/8",        // standard alphabet
        "Zm/v",
        "Zm9v Zg",    // whitespace
        "Zm9v\n",
        " Zm9v",
        "Z",          // one leftover character carries less than a byte
        "Zm9vY",
        "Zh",         // non-zero unused bits: "Zg" is the only spelling of "f"
        "Zm9",        // "Zm8" is the only spelling of "fo"
        "Zm9vYh",
        "Zm9v.",
        "Zé9v",
    ])
    func rejects(encoded: String) {
        #expect(Base64URL.decode(encoded) == nil)
    }

    /// Every two- and three-character tail with stray low bits is refused, every clean one kept.
    @Test func trailingBitsExhaustive() {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for (value, char) in alphabet.enumerated() {
            #expect((Base64URL.decode("A" + String(char)) != nil) == (value & 0xF == 0), "A\(char)")
            #expect((Base64URL.decode("AA" + String(char)) != nil) == (value & 0x3 == 0), "AA\(char)")
        }
    }
}
