/// What a verified join token says about the player.
///
/// Only the claims the server acts on; anything else in a token is ignored. The server
/// re-validates `name` with its own rules (allowed characters, display width); the byte
/// bound here only stops a token from carrying an unbounded string into the lobby.
public struct JoinClaims: Sendable, Equatable {
    /// The most UTF-8 bytes `name` and `subject` may hold; both must also be non-empty.
    public static let maxFieldBytes = 64

    /// Claim `name`: the display name the player asked for.
    public var name: String
    /// Claim `sub`: the player's stable id, the same across sessions and names.
    public var subject: String
    /// Claim `exp`, unix seconds: the token is refused from this moment (plus leeway).
    public var expires: Int64
    /// Claim `nbf`, unix seconds: the token is refused before this moment (minus leeway).
    public var notBefore: Int64?
    /// Claim `iat`, unix seconds: when it was minted; a time in the future is refused.
    public var issuedAt: Int64?

    public init(name: String, subject: String, expires: Int64, notBefore: Int64? = nil, issuedAt: Int64? = nil) {
        self.name = name
        self.subject = subject
        self.expires = expires
        self.notBefore = notBefore
        self.issuedAt = issuedAt
    }
}
