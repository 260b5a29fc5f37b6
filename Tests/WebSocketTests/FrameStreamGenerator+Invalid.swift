@testable import WebSocket

extension FrameStreamGenerator {
    /// Appends one protocol violation (after which nothing more is expected) and returns the
    /// close code the decoder must fail with. Random bytes follow it.
    mutating func violation() -> WebSocketCloseCode {
        let code: WebSocketCloseCode
        switch Int.random(in: 0..<14, using: &rng) {
        case 0:
            emit(UInt8.random(in: 0...2, using: &rng), rsv: UInt8.random(in: 1...7, using: &rng), rng.bytes(3))
            code = .protocolError
        case 1:
            emit([0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF][Int.random(in: 0..<10, using: &rng)], rng.bytes(2))
            code = .protocolError
        case 2:
            emit([0x8, 0x9, 0xA][Int.random(in: 0..<3, using: &rng)], [3, 232] + rng.bytes(Int.random(in: 124...300, using: &rng)))
            code = .protocolError
        case 3:
            emit([0x8, 0x9, 0xA][Int.random(in: 0..<3, using: &rng)], fin: false, [3, 232])
            code = .protocolError
        case 4:
            emit(0x0, fin: Bool.random(using: &rng), rng.bytes(4))
            code = .protocolError
        case 5:
            emit(0x2, fin: false, rng.bytes(5))
            if Bool.random(using: &rng) { controlFrame() }  // still delivered: it precedes the error
            emit(Bool.random(using: &rng) ? 0x1 : 0x2, Array("x".utf8))
            code = .protocolError
        case 6:
            // The wrong masking for this side.
            stream += FrameTest.raw(opcode: 0x2, rng.bytes(3), mask: server ? nil : UInt32.random(in: 0...UInt32.max, using: &rng))
            code = .protocolError
        case 7:
            stream += [0x82, (server ? 0x80 : 0) | 127, 0x80 | UInt8.random(in: 0...0x7F, using: &rng)] + rng.bytes(7 + (server ? 4 : 0))
            code = .protocolError
        case 8:
            // Too big by its own header: only the header and a little payload are sent.
            let length = Self.maxMessageSize + Int.random(in: 1...100_000, using: &rng)
            let header = FrameHeader(opcode: .binary, maskKey: maskKey(), payloadLength: length)
            var bytes = [UInt8](repeating: 0, count: 14)
            let size = bytes.withUnsafeMutableBytes { header.encode(into: $0.baseAddress!) }
            stream += bytes[..<size] + rng.bytes(10)
            code = .messageTooBig
        case 9:
            let first = Int.random(in: 1...Self.maxMessageSize, using: &rng)
            emit(0x2, fin: false, rng.bytes(first))
            let header = FrameHeader(opcode: .continuation, maskKey: maskKey(), payloadLength: Self.maxMessageSize - first + 1)
            var bytes = [UInt8](repeating: 0, count: 14)
            let size = bytes.withUnsafeMutableBytes { header.encode(into: $0.baseAddress!) }
            stream += bytes[..<size]
            code = .messageTooBig
        case 10:
            invalidText()
            code = .invalidPayload
        case 11:
            emit(0x8, [UInt8.random(in: 0...255, using: &rng)])
            code = .protocolError
        case 12:
            let bad: [UInt16] = [0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535]
            let value = bad[Int.random(in: 0..<bad.count, using: &rng)]
            emit(0x8, [UInt8(value >> 8), UInt8(value & 0xFF)] + text(size: Int.random(in: 0...10, using: &rng)))
            code = .protocolError
        default:
            emit(0x8, [3, 232] + text(size: Int.random(in: 0...5, using: &rng)) + [0xC3])
            code = .invalidPayload
        }
        stream += rng.bytes(Int.random(in: 0...20, using: &rng))
        return code
    }

    /// A text message, maybe fragmented, with one invalid sequence somewhere in it.
    mutating func invalidText() {
        let bad: [[UInt8]] = [
            [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
            [0xF0, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5], [0xFF], [0x80], [0xBF], [0xC2, 0x41], [0xE2, 0x82],
        ]
        let before = text(size: Int.random(in: 0...200, using: &rng))
        let broken = bad[Int.random(in: 0..<bad.count, using: &rng)]
        let after = text(size: Int.random(in: 0...200, using: &rng))
        let pieces = fragments(of: before + broken + after)
        for (index, piece) in pieces.enumerated() {
            emit(index == 0 ? 0x1 : 0x0, fin: index == pieces.count - 1, Array(piece))
        }
    }
}
