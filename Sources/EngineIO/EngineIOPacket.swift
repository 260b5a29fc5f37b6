import WebSocket

/// One Engine.IO protocol 4 packet: a type and its data. The type is one ASCII digit on the
/// wire (`0` open … `6` noop); a binary message has no type byte at all: it is a binary
/// WebSocket frame, or `b` + base64 inside a polling payload. The game sends every message as
/// `.binary`, with exactly the bytes it sends on `/play`.
public enum EngineIOPacket: Equatable, Sendable {
    /// The handshake's JSON (`EngineIOHandshake`); server to client, first.
    case open(String)
    case close
    /// Server-driven heartbeat: the server pings, the client answers with the same data.
    /// During an upgrade the client pings with `probe`.
    case ping(String)
    case pong(String)
    /// A text message (UTF-8).
    case text(String)
    /// A binary message.
    case binary([UInt8])
    /// The client switches to the WebSocket it probed.
    case upgrade
    /// Releases a pending long-poll during an upgrade.
    case noop

    /// The type digit of every non-binary packet.
    public enum Kind: UInt8, Sendable {
        case open = 0x30, close, ping, pong, message, upgrade, noop
    }

    /// The record separator between packets of a polling payload.
    public static let separator: UInt8 = 0x1E
    /// Marks a base64 binary packet inside a polling payload.
    public static let binaryMark = UInt8(ascii: "b")

    /// Appends the packet's text form (polling, and WebSocket text frames; binary as
    /// `b` + base64, which only polling uses).
    public func encodeText(into out: inout [UInt8]) {
        switch self {
        case .open(let json): append(.open, json, to: &out)
        case .close: out.append(Kind.close.rawValue)
        case .ping(let data): append(.ping, data, to: &out)
        case .pong(let data): append(.pong, data, to: &out)
        case .text(let text): append(.message, text, to: &out)
        case .binary(let bytes):
            out.append(Self.binaryMark)
            bytes.withUnsafeBytes { Base64.encode($0, appendingTo: &out) }
        case .upgrade: out.append(Kind.upgrade.rawValue)
        case .noop: out.append(Kind.noop.rawValue)
        }
    }

    private func append(_ kind: Kind, _ data: String, to out: inout [UInt8]) {
        out.append(kind.rawValue)
        out.append(contentsOf: data.utf8)
    }

    /// One packet from its text form (a polling payload's piece, or a WebSocket text frame).
    /// `allowsBase64Binary` is true on polling only: on WebSocket binary data is a binary frame.
    public static func decodeText(_ bytes: ArraySlice<UInt8>, allowsBase64Binary: Bool) -> Result<EngineIOPacket, EngineIOError> {
        guard let first = bytes.first else { return .failure(.malformed("an empty packet")) }
        let data = bytes.dropFirst()
        if first == binaryMark {
            guard allowsBase64Binary else { return .failure(.malformed("a base64 binary packet on WebSocket")) }
            var decoded: [UInt8] = []
            guard data.withUnsafeBytes({ Base64.decode($0, into: &decoded) }) else {
                return .failure(.malformed("binary packet is not valid base64"))
            }
            return .success(.binary(decoded))
        }
        guard let kind = Kind(rawValue: first) else {
            return .failure(.malformed("unknown packet type \(first < 0x20 || first > 0x7e ? "byte \(first)" : "'\(Character(Unicode.Scalar(first)))'")"))
        }
        guard let text = String(validating: data, as: UTF8.self) else { return .failure(.malformed("packet data is not UTF-8")) }
        switch kind {
        case .open: return .success(.open(text))
        case .close: return data.isEmpty ? .success(.close) : .failure(.malformed("close carries no data"))
        case .ping: return .success(.ping(text))
        case .pong: return .success(.pong(text))
        case .message: return .success(.text(text))
        case .upgrade: return data.isEmpty ? .success(.upgrade) : .failure(.malformed("upgrade carries no data"))
        case .noop: return data.isEmpty ? .success(.noop) : .failure(.malformed("noop carries no data"))
        }
    }
}
