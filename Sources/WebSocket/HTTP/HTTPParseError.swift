/// Why a request (or response) head was refused, and the status to answer with.
///
/// The one place parse failures map to HTTP statuses: the connection sends
/// `HTTPResponse.text(error.status, error.reason)` and closes, because after a framing
/// error the position of the next request in the byte stream is unknown.
public struct HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var status: HTTPStatus
    /// A short, human-readable reason naming what was wrong; safe to send to the peer
    /// (it never echoes the peer's bytes back).
    public var reason: String

    public init(status: HTTPStatus, reason: String) {
        self.status = status
        self.reason = reason
    }

    public var description: String { "\(status.code): \(reason)" }

    static func badRequest(_ reason: String) -> HTTPParseError { .init(status: .badRequest, reason: reason) }
}
