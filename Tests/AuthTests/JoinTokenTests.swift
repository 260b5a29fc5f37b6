import Platform
import Foundation
import Testing
@testable import Auth

@Suite("Join tokens: minting and accepting")
struct JoinTokenTests {
    let now = TokenFixture.now

    @Test func mintedTokenVerifies() throws {
        let claims = JoinClaims(name: "Zoë \"the\" \\ \n\t\u{1}🎮", subject: "player-42",
                                expires: now + 60, notBefore: now - 10, issuedAt: now - 10)
        let token = JoinTokenMinter.mint(claims: claims, secret: TokenFixture.secret)
        #expect(TokenFixture.verify(token) == .success(claims))
        // The same through every entry point.
        #expect(TokenFixture.verifier.verify(Substring(token), now: now) == .success(claims))
        Array(token.utf8).withUnsafeBytes { #expect(TokenFixture.verifier.verify($0, now: now) == .success(claims)) }
    }

    @Test func minimalClaims() {
        let claims = JoinClaims(name: "Bo", subject: "s", expires: now + 1)
        let minter = JoinTokenMinter(secret: TokenFixture.secret)
        #expect(TokenFixture.verify(minter.mint(claims)) == .success(claims))
    }

    @Test func mintedShape() throws {
        let token = JoinTokenMinter.mint(claims: JoinClaims(name: "A", subject: "b", expires: 5, notBefore: 3, issuedAt: 2),
                                         secret: TokenFixture.secret)
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        try #require(parts.count == 3)
        #expect(parts[0] == "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9")
        #expect(Base64URL.decode(parts[1]).map { String(decoding: $0, as: UTF8.self) }
            == #"{"name":"A","sub":"b","exp":5,"nbf":3,"iat":2}"#)
        #expect(parts[2].utf8.count == 43)
    }

    /// Every control character and the two JSON metacharacters survive the minter's escaping.
    @Test func minterEscapesEveryControlCharacter() throws {
        let name = String(decoding: [UInt8](0..<0x20) + Array("\"\\/é".utf8), as: UTF8.self)
        let json = JoinTokenMinter.claimsJSON(JoinClaims(name: name, subject: "x", expires: 1))
        let members = try JSONObjectReader.parse(Array(json.utf8)).get()
        #expect(members["name"] == .string(name))
    }

    /// Built by hand, signed by openssl: header members reordered, whitespace, extra claims,
    /// a fractional exp. Nothing here comes from the minter.
    @Test func independentTokenSignedByOpenSSL() throws {
        let header = b64(#"{ "typ" : "JWT", "alg" : "HS256", "kid" : "k1" }"#)
        let payload = b64(#"{"iss":"lobby","sub":"u-7","name":"Grace","exp":\#(now + 30).75,"iat":\#(now - 1),"roles":["a"],"x":{"y":null}}"#)
        let input = header + "." + payload
        let mac = try OpenSSL.hmacSHA256(Array(input.utf8), key: TokenFixture.secret)
        let signature = Data(mac).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let result = TokenFixture.verify(input + "." + signature)
        #expect(result == .success(JoinClaims(name: "Grace", subject: "u-7", expires: now + 30, issuedAt: now - 1)))
    }

    /// RFC 7515 §A.1 (the JWT of RFC 7519 §3.1): CRLFs inside the JSON, no typ first. With the
    /// RFC's key the MAC passes and the claims fail for lacking `sub`; with ours, the MAC fails.
    @Test func rfc7519Example() {
        let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
            + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
            + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        #expect(TokenFixture.verify(token, now: 1_300_819_000) == .failure(.badSignature))
        let rfcKey = Base64URL.decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")!
        let rfcVerifier = JoinTokenVerifier(secret: rfcKey)
        #expect(rfcVerifier.verify(token, now: 1_300_819_000) == .failure(.missingClaim("sub")))
        #expect(rfcVerifier.verify(token, now: 1_300_819_380) == .failure(.missingClaim("sub")))
    }

    @Test func leewayBoundaries() {
        let leeway: Int64 = 5
        func check(_ extra: String = "", exp: Int64 = TokenFixture.now + 60) -> Result<JoinClaims, JoinTokenError> {
            TokenFixture.verify(TokenFixture.sign(payload: TokenFixture.claimsJSON(exp: exp, extra: extra)))
        }
        // exp: refused from exp + leeway on.
        #expect(check(exp: now - leeway).error == .expired)
        #expect(check(exp: now - leeway - 1000).error == .expired)
        #expect(check(exp: now - leeway + 1).error == nil)
        #expect(check(exp: now).error == nil)
        // nbf: refused while now + leeway is before it.
        #expect(check(",\"nbf\":\(now + leeway + 1)").error == .notYetValid)
        #expect(check(",\"nbf\":\(now + leeway)").error == nil)
        #expect(check(",\"nbf\":\(now + leeway).5").error == .notYetValid)  // rounds up
        // iat: refused more than leeway in the future.
        #expect(check(",\"iat\":\(now + leeway + 1)").error == .notYetValid)
        #expect(check(",\"iat\":\(now + leeway)").error == nil)
        // exp rounds down: exp = now - leeway + 0.5 is already over.
        let fractional = TokenFixture.sign(payload: #"{"name":"a","sub":"b","exp":\#(now - leeway).5}"#)
        #expect(TokenFixture.verify(fractional).error == .expired)
        // Zero leeway: valid up to the second before exp.
        let strict = JoinTokenVerifier(secret: TokenFixture.secret, leewaySeconds: 0)
        let token = TokenFixture.sign(payload: TokenFixture.claimsJSON(exp: now + 1))
        #expect(strict.verify(token, now: now).error == nil)
        #expect(strict.verify(token, now: now + 1).error == .expired)
    }

    /// Sums near the Int64 edges saturate instead of wrapping.
    @Test func extremeTimes() {
        let farFuture = TokenFixture.sign(payload: TokenFixture.claimsJSON(exp: Int64.max))
        #expect(TokenFixture.verify(farFuture).error == nil)
        #expect(TokenFixture.verify(farFuture, now: Int64.max).error == nil)
        let nbfMax = TokenFixture.sign(payload: TokenFixture.claimsJSON(exp: Int64.max, extra: ",\"nbf\":\(Int64.max)"))
        #expect(TokenFixture.verify(nbfMax, now: Int64.max - 2).error == nil)
        #expect(TokenFixture.verify(nbfMax).error == .notYetValid)
        let ancient = TokenFixture.sign(payload: TokenFixture.claimsJSON(exp: Int64.min))
        #expect(TokenFixture.verify(ancient).error == .expired)
    }

    @Test func nameBounds() {
        func check(name: String) -> Result<JoinClaims, JoinTokenError> {
            TokenFixture.verify(TokenFixture.sign(payload: TokenFixture.claimsJSON(name: name)))
        }
        #expect(check(name: String(repeating: "x", count: 64)).error == nil)
        #expect(check(name: String(repeating: "é", count: 32)).error == nil)  // 64 bytes
        #expect(check(name: String(repeating: "x", count: 65)).isMalformed)
        #expect(check(name: String(repeating: "é", count: 33)).isMalformed)
        #expect(check(name: "").isMalformed)
        let longSubject = TokenFixture.sign(payload: TokenFixture.claimsJSON(sub: String(repeating: "s", count: 65)))
        #expect(TokenFixture.verify(longSubject).isMalformed)
    }
}
