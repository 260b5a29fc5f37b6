import Platform
/// Checks HS256 join tokens (RFC 7519 JWTs in JWS compact form, RFC 7515) against one secret.
///
/// The order is fixed so that nothing unauthenticated is trusted: the size first, then the
/// three-part shape, then the header (only to insist on HS256: a token never picks its own
/// algorithm), then the MAC over the exact `header.payload` bytes in constant time, and only
/// then the claims. The key's padded states are prepared once here, so each verification
/// costs the hashing of the token and nothing more.
public struct JoinTokenVerifier: Sendable {
    /// Clock skew tolerated between the minter and this server, in seconds.
    public let leewaySeconds: Int64
    /// Tokens longer than this are refused before any decoding.
    public let maxTokenBytes: Int
    private let key: HMACSHA256.Key

    public init(secret: [UInt8], leewaySeconds: Int64 = 5, maxTokenBytes: Int = 4096) {
        precondition(leewaySeconds >= 0, "leeway is a tolerance, it cannot be negative")
        precondition(maxTokenBytes > 0, "maxTokenBytes must be positive")
        self.key = HMACSHA256.Key(secret)
        self.leewaySeconds = leewaySeconds
        self.maxTokenBytes = maxTokenBytes
    }

    /// The token's claims if it is genuine and valid at `now` (unix seconds), else why not.
    public func verify(_ token: some StringProtocol, now: Int64) -> Result<JoinClaims, JoinTokenError> {
        // Refuse a huge string before copying it anywhere.
        guard token.utf8.count <= maxTokenBytes else { return .failure(.oversize(limit: maxTokenBytes)) }
        if let result = token.utf8.withContiguousStorageIfAvailable({ verify(UnsafeRawBufferPointer($0), now: now) }) {
            return result
        }
        return Array(token.utf8).withUnsafeBytes { verify($0, now: now) }
    }

    public func verify(_ token: UnsafeRawBufferPointer, now: Int64) -> Result<JoinClaims, JoinTokenError> {
        do throws(JoinTokenError) {
            return .success(try check(token, now: now))
        } catch {
            return .failure(error)
        }
    }

    private func check(_ token: UnsafeRawBufferPointer, now: Int64) throws(JoinTokenError) -> JoinClaims {
        guard token.count <= maxTokenBytes else { throw .oversize(limit: maxTokenBytes) }
        // The two separators; a third means too many parts.
        var first = -1
        var second = -1
        for index in 0..<token.count where token[index] == UInt8(ascii: ".") {
            if first < 0 {
                first = index
            } else if second < 0 {
                second = index
            } else {
                throw .malformed("expected three dot-separated parts, found more")
            }
        }
        guard second >= 0 else {
            throw .malformed("expected three dot-separated parts, found \(first < 0 ? 1 : 2)")
        }
        let headerText = UnsafeRawBufferPointer(rebasing: token[..<first])
        let payloadText = UnsafeRawBufferPointer(rebasing: token[(first + 1)..<second])
        let signatureText = UnsafeRawBufferPointer(rebasing: token[(second + 1)...])
        let signedPart = UnsafeRawBufferPointer(rebasing: token[..<second])

        let header = try decodeJSON(headerText, part: "header")
        try checkHeader(header)

        guard let signature = Base64URL.decode(signatureText) else { throw .malformed("signature is not base64url") }
        let expected = HMACSHA256.authenticationCode(for: signedPart, key: key)
        guard signature.withUnsafeBytes({ ConstantTime.equals(expected, $0) }) else { throw .badSignature }

        let claims = try decodeJSON(payloadText, part: "payload")
        return try JoinClaims(verifiedClaims: claims, now: now, leeway: leewaySeconds)
    }

    private func decodeJSON(_ text: UnsafeRawBufferPointer, part: String) throws(JoinTokenError) -> [String: JSONValue] {
        guard let json = Base64URL.decode(text) else { throw .malformed("\(part) is not base64url") }
        switch JSONObjectReader.parse(json) {
        case .success(let members): return members
        case .failure(let error): throw .malformed("\(part) is not a JSON object: \(error)")
        }
    }

    /// `alg` exactly "HS256" (compared as bytes, so no case folding or Unicode equivalence),
    /// `typ` absent or "JWT", and no `crit`: this verifier understands no extensions, and
    /// RFC 7515 §4.1.11 requires refusing a token that names ones we do not understand.
    private func checkHeader(_ header: [String: JSONValue]) throws(JoinTokenError) {
        switch header["alg"] {
        case nil:
            throw .unsupportedAlgorithm(nil)
        case .string(let alg)?:
            guard alg.utf8.elementsEqual("HS256".utf8) else { throw .unsupportedAlgorithm(alg) }
        case let other?:
            throw .malformed("alg must be a string, got \(other.kind)")
        }
        switch header["typ"] {
        case nil:
            break
        case .string(let typ)?:
            guard typ.utf8.elementsEqual("JWT".utf8) else {
                throw .unsupportedHeader("typ must be JWT, got \(LogText.quoted(typ))")
            }
        case let other?:
            throw .malformed("typ must be a string, got \(other.kind)")
        }
        if header["crit"] != nil {
            throw .unsupportedHeader("crit is not supported")
        }
    }
}
