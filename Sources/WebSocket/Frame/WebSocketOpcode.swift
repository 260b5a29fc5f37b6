/// The 4-bit opcode of a WebSocket frame (RFC 6455 §5.2).
///
/// A struct over the raw value rather than an enum so that every value the wire can carry,
/// including the reserved ones, can be represented, logged and rejected by name instead of
/// failing to parse.
public struct WebSocketOpcode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The opcode, 0x0...0xF.
    public let rawValue: UInt8

    /// Wraps a 4-bit opcode. Values above 0xF are a programming error (the decoder only ever
    /// passes `byte & 0x0F`), so they trap rather than being silently truncated.
    @inlinable
    public init(rawValue: UInt8) {
        precondition(rawValue <= 0x0F, "a WebSocket opcode has 4 bits")
        self.rawValue = rawValue
    }

    public static let continuation = WebSocketOpcode(rawValue: 0x0)
    public static let text = WebSocketOpcode(rawValue: 0x1)
    public static let binary = WebSocketOpcode(rawValue: 0x2)
    public static let close = WebSocketOpcode(rawValue: 0x8)
    public static let ping = WebSocketOpcode(rawValue: 0x9)
    public static let pong = WebSocketOpcode(rawValue: 0xA)

    /// Control frames (close, ping, pong and the reserved 0xB...0xF) have the high bit set;
    /// they may not be fragmented and carry at most 125 payload bytes.
    @inlinable
    public var isControl: Bool { rawValue & 0x8 != 0 }

    /// Opcodes RFC 6455 reserves for future use (0x3...0x7 and 0xB...0xF). Receiving one
    /// without a negotiated extension fails the connection.
    @inlinable
    public var isReserved: Bool {
        switch rawValue {
        case 0x0, 0x1, 0x2, 0x8, 0x9, 0xA: false
        default: true
        }
    }

    public var description: String {
        switch rawValue {
        case 0x0: "continuation"
        case 0x1: "text"
        case 0x2: "binary"
        case 0x8: "close"
        case 0x9: "ping"
        case 0xA: "pong"
        default: "reserved(0x\(String(rawValue, radix: 16, uppercase: true)))"
        }
    }
}
