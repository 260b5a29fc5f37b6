/// What is wrong with an Engine.IO request or packet, as the protocol's own error codes
/// (its HTTP 400 body is `{"code":N,"message":"..."}`) plus the cases it answers otherwise.
public enum EngineIOError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Code 0: `transport` missing or not polling/websocket.
    case unknownTransport
    /// Code 1: no session with that `sid`.
    case unknownSession
    /// Code 2: a handshake (no `sid`) that is not a GET.
    case badHandshakeMethod
    /// Code 3: anything else wrong with the request (a second concurrent GET or POST, a
    /// malformed query).
    case badRequest(String)
    /// Code 5: `EIO` missing or not 4.
    case unsupportedProtocolVersion
    /// A packet or payload that does not parse (the session is closed: the peer is not
    /// speaking Engine.IO).
    case malformed(String)
    /// A POST body above `maxPayload` (413).
    case payloadTooLarge(limit: Int)

    /// The protocol's error code for a 400, nil for the others.
    public var code: Int? {
        switch self {
        case .unknownTransport: 0
        case .unknownSession: 1
        case .badHandshakeMethod: 2
        case .badRequest: 3
        case .unsupportedProtocolVersion: 5
        case .malformed, .payloadTooLarge: nil
        }
    }

    public var description: String {
        switch self {
        case .unknownTransport: "Transport unknown"
        case .unknownSession: "Session ID unknown"
        case .badHandshakeMethod: "Bad handshake method"
        case .badRequest(let why): "Bad request: \(why)"
        case .unsupportedProtocolVersion: "Unsupported protocol version"
        case .malformed(let why): "malformed Engine.IO packet: \(why)"
        case .payloadTooLarge(let limit): "payload larger than \(limit) bytes"
        }
    }
}
