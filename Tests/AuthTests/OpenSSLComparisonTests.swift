import Testing
@testable import Auth

/// Random inputs checked against the system's `openssl`, an implementation written by other
/// people: a shared misreading of the standard between our code and our vectors shows here.
@Suite("SHA-256 and HMAC against openssl")
struct OpenSSLComparisonTests {
    static let seed: UInt64 = 0x5EED_0A57_2026

    @Test func opensslIsInstalled() throws {
        // Fails rather than skips: without openssl the comparisons below prove nothing.
        _ = try OpenSSL.executable()
    }

    @Test func randomHashesMatch() throws {
        var rng = TestRNG(seed: Self.seed)
        for round in 0..<40 {
            let message = rng.bytes(count: Int.random(in: 0...2000, using: &rng))
            let theirs = try OpenSSL.sha256(message)
            #expect(SHA256.hash(message).bytes == theirs,
                    "seed \(Self.seed) round \(round): \(message.count) bytes")
        }
    }

    @Test func randomMACsMatch() throws {
        var rng = TestRNG(seed: Self.seed &+ 1)
        for round in 0..<40 {
            let message = rng.bytes(count: Int.random(in: 0...2000, using: &rng))
            // Rounds 0 and 1 pin the edge cases: an empty key and a 64-byte one.
            let keyLength = round == 0 ? 0 : round == 1 ? 64 : Int.random(in: 0...200, using: &rng)
            let key = rng.bytes(count: keyLength)
            let theirs = try OpenSSL.hmacSHA256(message, key: key)
            #expect(HMACSHA256.authenticationCode(for: message, secret: key).bytes == theirs,
                    "seed \(Self.seed &+ 1) round \(round): \(message.count)-byte message, \(key.count)-byte key")
        }
    }
}
