/// Makes HS256 join tokens the verifier accepts: for the bots, load tests and the
/// `game-server token` command. Like the verifier it prepares the key once.
///
/// It does not police the claims; a name over `JoinClaims.maxFieldBytes` makes a token the
/// verifier refuses, so callers taking user input should check first.
public struct JoinTokenMinter: Sendable {
    /// `{"alg":"HS256","typ":"JWT"}`, the same bytes for every token.
    static let encodedHeader = Base64URL.encode(#"{"alg":"HS256","typ":"JWT"}"#.utf8)

    private let key: HMACSHA256.Key

    public init(secret: [UInt8]) {
        key = HMACSHA256.Key(secret)
    }

    public func mint(_ claims: JoinClaims) -> String {
        let signingInput = Self.encodedHeader + "." + Base64URL.encode(Self.claimsJSON(claims).utf8)
        let signature = HMACSHA256.authenticationCode(for: signingInput.utf8, key: key)
        return signingInput + "." + signature.withUnsafeBytes { Base64URL.encode($0) }
    }

    public static func mint(claims: JoinClaims, secret: [UInt8]) -> String {
        JoinTokenMinter(secret: secret).mint(claims)
    }

    /// Compact claims JSON, members in a fixed order, optional ones only when set.
    static func claimsJSON(_ claims: JoinClaims) -> String {
        var json = "{\"name\":" + quoted(claims.name) + ",\"sub\":" + quoted(claims.subject)
        json += ",\"exp\":\(claims.expires)"
        if let notBefore = claims.notBefore { json += ",\"nbf\":\(notBefore)" }
        if let issuedAt = claims.issuedAt { json += ",\"iat\":\(issuedAt)" }
        return json + "}"
    }

    /// A JSON string literal (RFC 8259 §7): quote, backslash and C0 controls escaped,
    /// everything else, non-ASCII included, written as UTF-8.
    static func quoted(_ text: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(text.utf8.count + 2)
        for byte in text.utf8 {
            let escape: UInt8?
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): escape = byte
            case 0x0A: escape = UInt8(ascii: "n")
            case 0x0D: escape = UInt8(ascii: "r")
            case 0x09: escape = UInt8(ascii: "t")
            case 0..<0x20: escape = UInt8(ascii: "u")
            default: escape = nil
            }
            guard let escape else {
                out.append(byte)
                continue
            }
            out.append(UInt8(ascii: "\\"))
            out.append(escape)
            if escape == UInt8(ascii: "u") {
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "0"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}
