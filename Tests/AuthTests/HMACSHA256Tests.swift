import Testing
@testable import Auth

@Suite("HMAC-SHA-256")
struct HMACSHA256Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: [UInt8]
        let data: [UInt8]
        let mac: String
        var testDescription: String { name }
    }

    /// RFC 4231 §4.2–4.8. Case 5's published value is the leftmost 128 bits.
    static let rfc4231: [Vector] = [
        Vector(name: "case 1", key: [UInt8](repeating: 0x0B, count: 20), data: Array("Hi There".utf8),
               mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(name: "case 2", key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
               mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(name: "case 3", key: [UInt8](repeating: 0xAA, count: 20), data: [UInt8](repeating: 0xDD, count: 50),
               mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(name: "case 4", key: Array(1...25), data: [UInt8](repeating: 0xCD, count: 50),
               mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(name: "case 5", key: [UInt8](repeating: 0x0C, count: 20), data: Array("Test With Truncation".utf8),
               mac: "a3b6167473100ee06e0c796c2955552b"),
        Vector(name: "case 6", key: [UInt8](repeating: 0xAA, count: 131),
               data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
               mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(name: "case 7", key: [UInt8](repeating: 0xAA, count: 131),
               data: Array(("This is a test using a larger than block-size key and a larger than block-size data. "
                   + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
               mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: rfc4231)
    func rfc4231Vectors(vector: Vector) {
        let mac = HMACSHA256.authenticationCode(for: vector.data, secret: vector.key)
        #expect(mac.bytes.prefix(vector.mac.count / 2).hex == vector.mac)
    }

    /// The prepared key, the raw-buffer message path and a fresh key per message agree.
    @Test(arguments: rfc4231)
    func preparedKeyReused(vector: Vector) {
        let key = HMACSHA256.Key(vector.key)
        let expected = HMACSHA256.authenticationCode(for: vector.data, secret: vector.key).hex
        for _ in 0..<3 {
            let mac = vector.data.withUnsafeBytes { HMACSHA256.authenticationCode(for: $0, key: key) }
            #expect(mac.hex == expected)
        }
        let rawKey = vector.key.withUnsafeBytes { HMACSHA256.Key(bytes: $0) }
        #expect(HMACSHA256.authenticationCode(for: vector.data, key: rawKey).hex == expected)
    }

    /// A key of exactly 64 bytes is used as is; 65 bytes is hashed first, so the two differ
    /// from their own hashed/unhashed counterparts exactly as RFC 2104 says.
    @Test func blockSizedKeys() {
        let exact = [UInt8](repeating: 0x42, count: 64)
        let long = [UInt8](repeating: 0x42, count: 65)
        let message = Array("message".utf8)
        #expect(HMACSHA256.authenticationCode(for: message, secret: long).hex
            == HMACSHA256.authenticationCode(for: message, secret: SHA256.hash(long).bytes).hex)
        #expect(HMACSHA256.authenticationCode(for: message, secret: exact).hex
            != HMACSHA256.authenticationCode(for: message, secret: SHA256.hash(exact).bytes).hex)
        // Short keys are zero-padded: trailing zero bytes do not change the MAC.
        #expect(HMACSHA256.authenticationCode(for: message, secret: [1, 2, 3]).hex
            == HMACSHA256.authenticationCode(for: message, secret: [1, 2, 3, 0, 0]).hex)
    }
}
