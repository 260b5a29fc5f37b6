import NetworkTestSupport
import Glibc
import Synchronization
import Testing

/// Opcodes by name, so the cases read like Autobahn's descriptions.
enum Op {
    static let continuation: UInt8 = 0x0, text: UInt8 = 0x1, binary: UInt8 = 0x2
    static let close: UInt8 = 0x8, ping: UInt8 = 0x9, pong: UInt8 = 0xA
}

/// Close codes the server is expected to answer with.
enum Code {
    static let normal: UInt16 = 1000, protocolError: UInt16 = 1002, invalidPayload: UInt16 = 1007, tooBig: UInt16 = 1009
}

/// How the client's bytes are cut on the wire (Autobahn's "chops"): everything in one write,
/// one write per frame, or one write per octet. The server must not care.
enum Chop: String, Sendable, CustomTestStringConvertible {
    case whole = "one chop", perFrame = "frame-wise chops", perOctet = "octet-wise chops"
    var testDescription: String { rawValue }
}

/// Client frames, masked. Word-wise masking keeps multi-MiB frames cheap in a debug build;
/// the key changes from frame to frame so a server that reuses a key would be caught.
enum WireFrame {
    private static let keys: [UInt32] = [0x37fa_213d, 0x9c12_e0a5, 0x0000_0001, 0xffee_dd00]
    private static let counter = Counter()

    static func make(_ opcode: UInt8, _ payload: [UInt8] = [], fin: Bool = true, rsv: UInt8 = 0) -> [UInt8] {
        var header: [UInt8] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode]
        if payload.count < 126 {
            header.append(0x80 | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            header += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            header.append(0x80 | 127)
            for shift in stride(from: 56, through: 0, by: -8) { header.append(UInt8(truncatingIfNeeded: payload.count >> shift)) }
        }
        let keyValue = keys[counter.next() % keys.count]
        let key: [UInt8] = [UInt8(keyValue >> 24), UInt8((keyValue >> 16) & 0xFF), UInt8((keyValue >> 8) & 0xFF), UInt8(keyValue & 0xFF)]
        header += key
        let total = header.count + payload.count
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            let base = UnsafeMutableRawPointer(buffer.baseAddress!)
            header.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: header.count) }
            let body = base + header.count
            let n = payload.count
            if n > 0 { payload.withUnsafeBytes { body.copyMemory(from: $0.baseAddress!, byteCount: n) } }
            let key64 = (key + key).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            var index = 0
            while index + 8 <= n {
                body.storeBytes(of: body.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ key64, toByteOffset: index, as: UInt64.self)
                index += 8
            }
            while index < n {
                body.storeBytes(of: body.load(fromByteOffset: index, as: UInt8.self) ^ key[index & 3], toByteOffset: index, as: UInt8.self)
                index += 1
            }
            count = total
        }
    }

    /// `payload` as a message of `opcode` split into frames of at most `size` bytes.
    static func fragments(_ opcode: UInt8, _ payload: [UInt8], size: Int) -> [[UInt8]] {
        guard payload.count > size else { return [make(opcode, payload)] }
        var frames: [[UInt8]] = []
        var offset = 0
        while offset < payload.count {
            let end = min(offset + size, payload.count)
            frames.append(make(offset == 0 ? opcode : Op.continuation, Array(payload[offset..<end]), fin: end == payload.count))
            offset = end
        }
        return frames
    }

    static func close(_ code: UInt16, _ reason: [UInt8] = []) -> [UInt8] {
        make(Op.close, [UInt8(code >> 8), UInt8(code & 0xFF)] + reason)
    }

    /// Picks the next masking key; cases run in parallel, so the count is atomic.
    final class Counter: Sendable {
        private let value = Atomic<Int>(0)
        func next() -> Int { value.wrappingAdd(1, ordering: .relaxed).newValue & 0xFFFF }
    }
}

/// What the server said, with fragmented data messages reassembled.
enum Event: Equatable, CustomStringConvertible, CustomTestStringConvertible {
    case text([UInt8]), binary([UInt8]), ping([UInt8]), pong([UInt8])
    case close(code: UInt16?, reason: [UInt8])
    case eof

    static func text(_ string: String) -> Event { .text(Array(string.utf8)) }

    var description: String {
        switch self {
        case .text(let bytes): "text(\(Bytes.summary(bytes)))"
        case .binary(let bytes): "binary(\(Bytes.summary(bytes)))"
        case .ping(let bytes): "ping(\(Bytes.summary(bytes)))"
        case .pong(let bytes): "pong(\(Bytes.summary(bytes)))"
        case .close(let code, let reason): "close(\(code.map(String.init) ?? "no code"), reason \(Bytes.summary(reason)))"
        case .eof: "EOF"
        }
    }
    var testDescription: String { description }
}

enum Bytes {
    /// A payload of `count` bytes: Autobahn's "BAsd7&jh23" repeated for text, a 251-byte ramp
    /// (a prime period, so a misplaced chunk shows) for binary.
    static func pattern(_ count: Int, text: Bool) -> [UInt8] {
        var bytes: [UInt8] = text ? Array("BAsd7&jh23".utf8) : (0..<251).map { UInt8($0) }
        while bytes.count < count { bytes += bytes }
        bytes.removeSubrange(count...)
        return bytes
    }

    static func summary(_ bytes: [UInt8]) -> String {
        if bytes.count <= 32 { return "\(bytes.count) bytes: " + bytes.map { hex($0) }.joined(separator: " ") }
        return "\(bytes.count) bytes: " + bytes.prefix(16).map { hex($0) }.joined(separator: " ") + " …"
    }

    static func hex(_ byte: UInt8) -> String { (byte < 16 ? "0" : "") + String(byte, radix: 16) }

    static func fromHex(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)! }
    }

    /// memcmp-fast equality: nil when equal, else the first differing index (or the shorter count).
    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int? {
        let same = a.count == b.count && a.withUnsafeBytes { x in b.withUnsafeBytes { y in a.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, a.count) == 0 } }
        if same { return nil }
        for index in 0..<min(a.count, b.count) where a[index] != b[index] { return index }
        return min(a.count, b.count)
    }
}

/// One client connection to the suite's wsecho, with the assertions every case needs.
final class Peer {
    let raw: RawClient
    private var partial: (opcode: UInt8, bytes: [UInt8])?

    init(port: Int? = nil, timeout: Double = 5) throws {
        raw = try RawClient(port: port ?? WSEchoServer.port(), timeout: timeout)
        try raw.handshake()
    }

    // MARK: sending

    func send(_ frames: [[UInt8]], chop: Chop = .whole) throws {
        switch chop {
        case .whole: try raw.send(Self.concatenate(frames))
        case .perFrame:
            for frame in frames {
                try raw.send(frame)
                usleep(1000)
            }
        case .perOctet: try raw.sendSlowly(Self.concatenate(frames), chunk: 1, pauseMicroseconds: 20)
        }
    }

    /// `Array(frames.joined())` copies byte by byte in a debug build (seconds for 16 MiB); this is memcpy.
    static func concatenate(_ frames: [[UInt8]]) -> [UInt8] {
        if frames.count == 1 { return frames[0] }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(frames.reduce(0) { $0 + $1.count })
        for frame in frames { bytes.append(contentsOf: frame) }
        return bytes
    }

    /// For cases where the server is expected to fail the connection part-way: a send refused
    /// because the server already closed is part of the expected outcome, not an error.
    func sendExpectingFailure(_ frames: [[UInt8]], chop: Chop = .whole) {
        _ = try? send(frames, chop: chop)
    }

    // MARK: receiving

    /// The next thing the server says; data messages are reassembled from their fragments.
    func next() throws -> Event {
        while true {
            guard let frame = try raw.readFrame() else {
                if partial != nil { throw RawClient.Failure(description: "EOF inside a fragmented server message") }
                return .eof
            }
            guard frame.rsv == 0 else { throw RawClient.Failure(description: "server frame with RSV bits \(frame.rsv)") }
            switch frame.opcode {
            case Op.text, Op.binary:
                guard partial == nil else { throw RawClient.Failure(description: "server started a message inside another") }
                if frame.fin { return frame.opcode == Op.text ? .text(frame.payload) : .binary(frame.payload) }
                partial = (frame.opcode, frame.payload)
            case Op.continuation:
                guard var message = partial else { throw RawClient.Failure(description: "server sent a continuation with nothing to continue") }
                message.bytes += frame.payload
                if frame.fin {
                    partial = nil
                    return message.opcode == Op.text ? .text(message.bytes) : .binary(message.bytes)
                }
                partial = message
            case Op.ping: return .ping(frame.payload)
            case Op.pong: return .pong(frame.payload)
            case Op.close: return .close(code: frame.closeCode, reason: Array(frame.payload.dropFirst(2)))
            default: throw RawClient.Failure(description: "server sent opcode \(frame.opcode)")
            }
        }
    }

    /// The next event must be `expected` (payloads compared byte for byte, summarised on failure).
    func expect(_ expected: Event, _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation) throws {
        let event = try next()
        switch (event, expected) {
        case (.text(let got), .text(let want)), (.binary(let got), .binary(let want)),
             (.pong(let got), .pong(let want)), (.ping(let got), .ping(let want)):
            if let index = Bytes.firstDifference(got, want) {
                Issue.record("\(comment) payload differs at byte \(index): got \(event), expected \(expected)", sourceLocation: sourceLocation)
            }
        default:
            Self.expectSame(event, expected, comment, sourceLocation: sourceLocation)
        }
    }

    /// `#expect(a == b)` would reflect both values on failure, which takes many seconds for a
    /// multi-MiB payload; this reports the summaries instead.
    static func expectSame(_ event: Event, _ expected: Event, _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
        if event != expected { Issue.record("\(comment) got \(event), expected \(expected)", sourceLocation: sourceLocation) }
    }

    /// The server must fail the connection: its next frame is a close with `code` (no data or
    /// pong first), and then it closes the TCP connection without waiting for us.
    func expectFailure(_ code: UInt16, _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation) throws {
        let event = try next()
        guard case .close(let got, let reason) = event else {
            Issue.record("expected a close frame with \(code), got \(event) \(comment)", sourceLocation: sourceLocation)
            return
        }
        #expect(got == code, "close code (reason: \(String(decoding: reason, as: UTF8.self))) \(comment)", sourceLocation: sourceLocation)
        #expect(raw.waitForEOF(), "the server did not close the TCP connection after its close frame \(comment)", sourceLocation: sourceLocation)
    }

    /// Our closing handshake: send close(`code`, `reason`); the server echoes the code, then EOF.
    func closeNormally(_ code: UInt16 = Code.normal, reason: [UInt8] = [], sourceLocation: SourceLocation = #_sourceLocation) throws {
        try send([WireFrame.close(code, reason)])
        try expectCloseEcho(code, sourceLocation: sourceLocation)
    }

    /// The server's answer to our close: a close frame carrying `code`, then EOF.
    func expectCloseEcho(_ code: UInt16, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let event = try next()
        guard case .close(let got, _) = event else {
            Issue.record("expected the close echo \(code), got \(event)", sourceLocation: sourceLocation)
            return
        }
        #expect(got == code, "echoed close code", sourceLocation: sourceLocation)
        Self.expectSame(try next(), .eof, "nothing after the close frame, then EOF:", sourceLocation: sourceLocation)
    }

    /// True when the server sends nothing (and does not close) for `seconds`.
    func isQuiet(for seconds: Double) -> Bool { partial == nil && raw.isQuiet(for: seconds) }
}
