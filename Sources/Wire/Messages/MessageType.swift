/// The first byte of every message: which message the bit-packed body that follows is.
///
/// A struct over the byte rather than an enum, so a byte we do not know is still a value
/// that can be logged and rejected by name instead of failing to exist (swift-nio's
/// `WebSocketOpcode` does the same). The top bit gives the direction: clear for messages
/// a client sends, set for messages the server sends.
public struct MessageType: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt8

    @inlinable
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    // Client to server.
    public static let hello = MessageType(rawValue: 0x01)
    public static let input = MessageType(rawValue: 0x02)
    public static let ping = MessageType(rawValue: 0x03)
    public static let chat = MessageType(rawValue: 0x04)
    /// Replay viewers only (`/replay`): play, pause, speed, seek, follow.
    public static let replayControl = MessageType(rawValue: 0x05)
    /// The answer to the server's round-trip probe.
    public static let probeReply = MessageType(rawValue: 0x06)

    // Server to client.
    public static let welcome = MessageType(rawValue: 0x81)
    public static let snapshot = MessageType(rawValue: 0x82)
    public static let pong = MessageType(rawValue: 0x83)
    public static let events = MessageType(rawValue: 0x84)
    /// Replay viewers only: the replay's position, speed and timeline.
    public static let replayStatus = MessageType(rawValue: 0x85)
    /// The server measuring a player's round trip.
    public static let probe = MessageType(rawValue: 0x86)

    /// Every type this version of the protocol defines.
    public static let allKnown: [MessageType] = [
        .hello, .input, .ping, .chat, .replayControl, .probeReply, .welcome, .snapshot, .pong, .events, .replayStatus, .probe,
    ]

    /// True for the types a server sends (top bit set), false for a client's.
    @inlinable
    public var isServerToClient: Bool { rawValue & 0x80 != 0 }

    /// True when this protocol version defines the type.
    public var isKnown: Bool { name != nil }

    /// The type's name as PROTOCOL.md and the JS mirror spell it, nil if unknown.
    public var name: String? {
        switch rawValue {
        case 0x01: "hello"
        case 0x02: "input"
        case 0x03: "ping"
        case 0x04: "chat"
        case 0x05: "replayControl"
        case 0x06: "probeReply"
        case 0x81: "welcome"
        case 0x82: "snapshot"
        case 0x83: "pong"
        case 0x84: "events"
        case 0x85: "replayStatus"
        case 0x86: "probe"
        default: nil
        }
    }

    /// The type of a whole message: its first byte. Throws `endOfData` for an empty message
    /// and `unexpectedMessageType` for a byte this version does not define.
    public static func of(_ message: UnsafeRawBufferPointer) throws(WireError) -> MessageType {
        guard let first = message.first else {
            throw .endOfData(bitOffset: 0, bitsWanted: 8)
        }
        let type = MessageType(rawValue: first)
        guard type.isKnown else {
            throw .unexpectedMessageType(first)
        }
        return type
    }
}

extension MessageType: CustomStringConvertible {
    /// `hello`, or `0x7f` for an unknown type.
    public var description: String {
        if let name { return name }
        let digits = Array("0123456789abcdef")
        return "0x" + String(digits[Int(rawValue >> 4)]) + String(digits[Int(rawValue & 15)])
    }
}
