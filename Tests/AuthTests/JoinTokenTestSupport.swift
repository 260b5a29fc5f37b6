@testable import Auth

/// Base64url of a string's UTF-8, for building token parts by hand.
func b64(_ text: String) -> String { Base64URL.encode(Array(text.utf8)) }

/// The shared fixture of the token tests: one secret, one clock reading, and ways to build
/// tokens by hand so each defect can be made on purpose.
enum TokenFixture {
    static let secret = Array("0123456789abcdef0123456789abcdef".utf8)
    static let now: Int64 = 1_700_000_000
    static let verifier = JoinTokenVerifier(secret: secret)
    static let standardHeader = #"{"alg":"HS256","typ":"JWT"}"#

    static func claimsJSON(name: String = "Ada", sub: String = "player-1", exp: Int64 = now + 60,
                           extra: String = "") -> String {
        #"{"name":"\#(name)","sub":"\#(sub)","exp":\#(exp)\#(extra)}"#
    }

    /// Header and payload as given (already base64url'd), signed with `key`.
    static func signParts(_ header: String, _ payload: String, key: [UInt8] = secret) -> String {
        let input = header + "." + payload
        let mac = HMACSHA256.authenticationCode(for: input.utf8, secret: key)
        return input + "." + Base64URL.encode(mac.bytes)
    }

    /// Header and payload JSON text, base64url'd and signed.
    static func sign(header: String = standardHeader, payload: String, key: [UInt8] = secret) -> String {
        signParts(b64(header), b64(payload), key: key)
    }

    static func verify(_ token: some StringProtocol, now: Int64 = now) -> Result<JoinClaims, JoinTokenError> {
        verifier.verify(token, now: now)
    }
}

extension Result where Failure == JoinTokenError {
    var error: JoinTokenError? {
        if case .failure(let error) = self { return error }
        return nil
    }

    var isMalformed: Bool {
        if case .malformed? = error { return true }
        return false
    }
}
