/// A violation of RFC 6455 by the peer: the connection must be failed with `code`.
///
/// Every malformed input the frame codec can see maps to exactly one of these, built in
/// one place (the factory functions below), so the close code for each kind of fault is
/// decided once and the reason always names what was wrong.
public struct WebSocketProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What to close the connection with.
    public var code: WebSocketCloseCode
    /// A short human reason naming the fault, e.g. "unmasked client frame". Fits in a close
    /// frame (well under 123 bytes) so it can be sent back to the peer as is.
    public var reason: String

    public init(code: WebSocketCloseCode, reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "WebSocket protocol error \(code): \(reason)" }
}

extension WebSocketProtocolError {
    /// A 1002 (protocol error) with the given reason.
    @usableFromInline
    static func protocolViolation(_ reason: String) -> WebSocketProtocolError {
        WebSocketProtocolError(code: .protocolError, reason: reason)
    }

    @usableFromInline
    static func invalidUTF8(_ what: String) -> WebSocketProtocolError {
        WebSocketProtocolError(code: .invalidPayload, reason: "invalid UTF-8 in \(what)")
    }

    @usableFromInline
    static func messageTooBig(limit: Int) -> WebSocketProtocolError {
        WebSocketProtocolError(code: .messageTooBig, reason: "message exceeds \(limit) bytes")
    }
}
