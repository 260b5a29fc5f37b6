/// The application close codes of the game protocol (WebSocket's private-use range
/// 4000–4999), with the reason text that goes with each: ONE table that the server, the
/// browser client (`web/wire/messages.js`, checked against the golden vectors) and the
/// tests share.
///
/// Plain `UInt16` values: the Wire layer knows nothing of WebSocket, so the server converts
/// with `WebSocketCloseCode(rawValue: code.rawValue)`.
public struct GameCloseCode: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// The hello's protocol version is not `ProtocolVersion.current`.
    public static let protocolVersionMismatch = GameCloseCode(rawValue: 4000)
    /// A message did not decode (any `WireError`), had an unknown type, or was text.
    public static let malformedMessage = GameCloseCode(rawValue: 4001)
    /// The client sent more messages than its rate limit allows, for long enough.
    public static let inputFlood = GameCloseCode(rawValue: 4002)
    /// The client did not read what it was sent (its socket stayed busy past the limit).
    public static let tooSlow = GameCloseCode(rawValue: 4003)
    /// No room had a free seat.
    public static let serverFull = GameCloseCode(rawValue: 4004)
    /// Removed by the server's operator or by the game.
    public static let kicked = GameCloseCode(rawValue: 4005)
    /// The first message was not a hello, or a second hello arrived.
    public static let unexpectedHello = GameCloseCode(rawValue: 4006)
    /// No hello arrived in time after the WebSocket opened.
    public static let helloTimeout = GameCloseCode(rawValue: 4007)
    /// The replay asked for cannot be shown: not a recording's name, no such file, or a file
    /// that cannot be read (the detail says which).
    public static let replayUnavailable = GameCloseCode(rawValue: 4008)

    /// Every code, in numeric order.
    public static let all: [GameCloseCode] = [
        .protocolVersionMismatch, .malformedMessage, .inputFlood, .tooSlow,
        .serverFull, .kicked, .unexpectedHello, .helloTimeout, .replayUnavailable,
    ]

    /// The identifier used in code, logs and the JS table (`tooSlow`); nil if unknown.
    public var name: String? {
        switch rawValue {
        case 4000: "protocolVersionMismatch"
        case 4001: "malformedMessage"
        case 4002: "inputFlood"
        case 4003: "tooSlow"
        case 4004: "serverFull"
        case 4005: "kicked"
        case 4006: "unexpectedHello"
        case 4007: "helloTimeout"
        case 4008: "replayUnavailable"
        default: nil
        }
    }

    /// The default close reason (a server may append detail after ": "). Short and ASCII:
    /// a WebSocket close reason holds at most 123 bytes.
    public var reason: String {
        switch rawValue {
        case 4000: "protocol version mismatch"
        case 4001: "malformed message"
        case 4002: "input flood"
        case 4003: "too slow"
        case 4004: "server full"
        case 4005: "kicked"
        case 4006: "hello expected first, and only once"
        case 4007: "no hello in time"
        case 4008: "replay unavailable"
        default: "closed"
        }
    }
}
