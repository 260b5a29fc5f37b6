import Auth
import Glibc
import WebSocket

/// The join-token rule of /play (`--auth-secret-file`): with a verifier, every upgrade must
/// carry a valid HS256 token, and the player's name and stable id come from its claims, not
/// from the client's hello. Refused before 101, with 401 and the reason, so a client (or the
/// developer testing their backend) learns what was wrong.
struct JoinAdmission: Sendable {
    let verifier: JoinTokenVerifier?

    enum Outcome: Equatable {
        /// Admitted; the claims when a token was required.
        case admitted(JoinClaims?)
        case refused(reason: String)
    }

    func admit(_ request: HTTPRequest, now: Int64 = Int64(time(nil))) -> Outcome {
        guard let verifier else { return .admitted(nil) }
        guard let token = Self.token(in: request) else {
            return .refused(reason: "a join token is required: pass ?token=... or Authorization: Bearer ...")
        }
        switch verifier.verify(token, now: now) {
        case .success(let claims): return .admitted(claims)
        case .failure(let error): return .refused(reason: error.reason)
        }
    }

    /// `Authorization: Bearer TOKEN` (bots, native clients), else the `token` query parameter
    /// (browsers cannot set headers on a WebSocket). Tokens are base64url and dots, so the
    /// query value needs no percent-decoding; one that has any fails verification as malformed.
    static func token(in request: HTTPRequest) -> Substring? {
        if let authorization = request.headers["Authorization"] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2 && parts[0].lowercased() == "bearer" { return parts[1] }
        }
        return request.queryValue("token")
    }
}
