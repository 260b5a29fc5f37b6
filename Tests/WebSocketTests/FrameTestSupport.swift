@testable import WebSocket

/// A decoder event copied out of the callback, so tests can compare events by value.
enum FrameTestEvent: Equatable, CustomStringConvertible {
    case text([UInt8])
    case binary([UInt8])
    case ping([UInt8])
    case pong([UInt8])
    case close(UInt16?, [UInt8])

    init(_ event: WebSocketEvent) {
        switch event {
        case .text(let bytes): self = .text(Array(bytes))
        case .binary(let bytes): self = .binary(Array(bytes))
        case .ping(let bytes): self = .ping(Array(bytes))
        case .pong(let bytes): self = .pong(Array(bytes))
        case .close(let code, let reason): self = .close(code?.rawValue, Array(reason))
        }
    }

    var description: String {
        switch self {
        case .text(let bytes): "text(\(bytes.count))"
        case .binary(let bytes): "binary(\(bytes.count))"
        case .ping(let bytes): "ping(\(bytes.count))"
        case .pong(let bytes): "pong(\(bytes.count))"
        case .close(let code, let reason): "close(\(code.map(String.init) ?? "nil"), \(reason.count))"
        }
    }
}

/// What decoding a whole byte stream produced.
struct FrameTestOutcome: Equatable {
    var events: [FrameTestEvent] = []
    var error: WebSocketProtocolError?
}

/// SplitMix64: a tiny seeded generator so every random test is reproducible from its seed.
struct FrameTestRNG: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` random bytes, eight per draw (test data generation dominates debug test time).
    mutating func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < count {
                var word = next()
                let take = min(8, count - offset)
                withUnsafeBytes(of: &word) { buffer[offset..<(offset + take)].copyBytes(from: $0[..<take]) }
                offset += take
            }
        }
        return out
    }
}

enum FrameTest {
    /// The mask key whose wire bytes are `bytes` (as the decoder would load it).
    static func key(_ bytes: [UInt8]) -> UInt32 {
        precondition(bytes.count == 4)
        return bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
    }

    /// Parses "81 05 48 65" style hex.
    static func hex(_ text: String) -> [UInt8] {
        text.split(separator: " ").map { UInt8($0, radix: 16)! }
    }

    /// One encoded frame.
    static func frame(
        _ opcode: WebSocketOpcode, fin: Bool = true, _ payload: [UInt8], mask: UInt32? = nil
    ) -> [UInt8] {
        var out: [UInt8] = []
        payload.withUnsafeBytes {
            FrameEncoder.append(opcode: opcode, fin: fin, payload: $0, maskKey: mask, to: &out)
        }
        return out
    }

    /// Feeds `stream` to a fresh decoder in pieces whose sizes are `splits` (the rest goes
    /// in a last piece), recording events and the first error.
    static func decode(
        _ stream: [UInt8], splits: [Int] = [], server: Bool, maxMessageSize: Int = 16 << 20
    ) -> FrameTestOutcome {
        var decoder = WebSocketDecoder(configuration: .init(maxMessageSize: maxMessageSize, expectsMaskedFrames: server))
        return decode(stream, splits: splits, with: &decoder)
    }

    static func decode(_ stream: [UInt8], splits: [Int], with decoder: inout WebSocketDecoder) -> FrameTestOutcome {
        var outcome = FrameTestOutcome()
        var buffer = stream
        buffer.withUnsafeMutableBytes { all in
            var start = 0
            var pieces = splits.makeIterator()
            while start < all.count {
                let size = min(pieces.next() ?? all.count, all.count - start)
                let piece = UnsafeMutableRawBufferPointer(rebasing: all[start..<(start + size)])
                start += size
                let error = decoder.feed(piece) { event in
                    outcome.events.append(FrameTestEvent(event))
                    return true
                }
                if let error, outcome.error == nil { outcome.error = error }
            }
        }
        return outcome
    }

    /// Random split sizes covering `total` bytes: 1-byte pieces, or random small/large ones.
    static func randomSplits(total: Int, using rng: inout FrameTestRNG) -> [Int] {
        var splits: [Int] = []
        var covered = 0
        let style = Int.random(in: 0..<3, using: &rng)
        while covered < total {
            let size = switch style {
            case 0: Int.random(in: 1...3, using: &rng)
            case 1: Int.random(in: 1...20, using: &rng)
            default: Int.random(in: 1...max(1, total / 3), using: &rng)
            }
            splits.append(size)
            covered += size
        }
        return splits
    }
}

extension FrameTest {
    /// A frame with any header fields, including ones the encoder refuses to produce
    /// (RSV bits, reserved opcodes, oversized or fragmented control frames).
    static func raw(
        fin: Bool = true, rsv: UInt8 = 0, opcode: UInt8, _ payload: [UInt8], mask: UInt32? = nil
    ) -> [UInt8] {
        let header = FrameHeader(
            fin: fin, rsv: rsv, opcode: WebSocketOpcode(rawValue: opcode), maskKey: mask, payloadLength: payload.count
        )
        var out = [UInt8](repeating: 0, count: FrameHeader.encodedSize(payloadLength: payload.count, masked: mask != nil))
        _ = out.withUnsafeMutableBytes { header.encode(into: $0.baseAddress!) }
        var body = payload
        if let mask { body.withUnsafeMutableBytes { Masking.apply(key: mask, to: $0) } }
        return out + body
    }

    /// The mask the randomized and rejection tests use when one is needed.
    static let someKey = FrameTest.key([0x11, 0xA2, 0x3C, 0xF4])
}
