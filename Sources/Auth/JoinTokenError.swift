import Platform
/// Why a join token was refused. `reason` is the body of the 401 and the log line, so it
/// says what was wrong in words, and anything quoted from the token is escaped and cut short.
public enum JoinTokenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Longer than the verifier's `maxTokenBytes`; checked before reading anything else.
    case oversize(limit: Int)
    /// Not three base64url parts, not JSON, or a claim of the wrong type or size.
    case malformed(String)
    /// `alg` other than exactly "HS256"; nil when the header has no `alg`.
    case unsupportedAlgorithm(String?)
    /// A header this verifier will not accept: `typ` other than "JWT", or any `crit`.
    case unsupportedHeader(String)
    /// The MAC does not match the secret; no claim was looked at.
    case badSignature
    /// `now` is at or past `exp` plus leeway.
    case expired
    /// `now` plus leeway is before `nbf`, or `iat` is more than leeway ahead of `now`.
    case notYetValid
    /// No `exp` claim: a join token must expire.
    case missingExpiry
    /// A required claim (`name`, `sub`) is absent.
    case missingClaim(String)

    public var reason: String {
        switch self {
        case .oversize(let limit): "token longer than \(limit) bytes"
        case .malformed(let detail): "malformed token: \(detail)"
        case .unsupportedAlgorithm(nil): "alg must be HS256; the header has none"
        case .unsupportedAlgorithm(let alg?): "alg must be HS256, got \(LogText.quoted(alg))"
        case .unsupportedHeader(let detail): "unsupported token header: \(detail)"
        case .badSignature: "token signature does not match"
        case .expired: "token expired"
        case .notYetValid: "token not yet valid"
        case .missingExpiry: "token has no exp claim"
        case .missingClaim(let claim): "token has no \(claim) claim"
        }
    }

    public var description: String { reason }
}
