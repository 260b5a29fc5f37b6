@testable import WebSocket

/// Builds random valid and invalid byte streams, with the events (or error) they must give,
/// for the decoder's property tests.
struct FrameStreamGenerator {
    var rng: FrameTestRNG
    /// Server mode: every frame masked with a random key. Client mode: none masked.
    let server: Bool
    static let maxMessageSize = 70_000

    var stream: [UInt8] = []
    var expected: [FrameTestEvent] = []

    init(seed: UInt64, server: Bool) {
        rng = FrameTestRNG(seed: seed)
        self.server = server
    }

    // MARK: Pieces

    mutating func maskKey() -> UInt32? {
        server ? UInt32.random(in: 0...UInt32.max, using: &rng) : nil
    }

    mutating func emit(_ opcode: UInt8, fin: Bool = true, rsv: UInt8 = 0, _ payload: [UInt8]) {
        stream += FrameTest.raw(fin: fin, rsv: rsv, opcode: opcode, payload, mask: maskKey())
    }

    /// A size near one of the length-encoding boundaries, or a small random one.
    mutating func messageSize() -> Int {
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<4: [65535, 65536, 65537][Int.random(in: 0..<3, using: &rng)]
        case 4..<40: [0, 1, 2, 124, 125, 126, 127, 128, 4096][Int.random(in: 0..<9, using: &rng)]
        default: Int.random(in: 0...400, using: &rng)
        }
    }

    /// Random valid UTF-8 of exactly `size` bytes, mixing 1- to 4-byte characters.
    mutating func text(size: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(size)
        if size > 2048 {
            // Big texts repeat a random 1 KiB block (generating every character is slow in
            // debug builds); the tail is random again so the end varies.
            let block = text(size: 1024)
            while size - out.count > 2048 { out += block }
        }
        while out.count < size {
            let room = size - out.count
            let width = Int.random(in: 1...min(4, room), using: &rng)
            let scalar: Unicode.Scalar = switch width {
            case 1: Unicode.Scalar(UInt8.random(in: 0...0x7F, using: &rng))
            case 2: Unicode.Scalar(UInt32.random(in: 0x80...0x7FF, using: &rng))!
            case 3: Unicode.Scalar([UInt32.random(in: 0x800...0xD7FF, using: &rng),
                                    UInt32.random(in: 0xE000...0xFFFF, using: &rng)][Int.random(in: 0...1, using: &rng)])!
            default: Unicode.Scalar(UInt32.random(in: 0x1_0000...0x10_FFFF, using: &rng))!
            }
            UTF8.encode(scalar) { out.append($0) }
        }
        return out
    }

    mutating func controlFrame() {
        let payload = rng.bytes(Int.random(in: 0...1, using: &rng) == 0 ? Int.random(in: 0...8, using: &rng) : 125)
        if Bool.random(using: &rng) {
            emit(0x9, payload)
            expected.append(.ping(payload))
        } else {
            emit(0xA, payload)
            expected.append(.pong(payload))
        }
    }

    /// Cuts `payload` into 1...5 fragments at random points (empty fragments allowed,
    /// cuts may fall inside UTF-8 characters).
    mutating func fragments(of payload: [UInt8]) -> [ArraySlice<UInt8>] {
        let count = Bool.random(using: &rng) ? 1 : Int.random(in: 2...5, using: &rng)
        let cuts = ((1..<count).map { _ in Int.random(in: 0...payload.count, using: &rng) }).sorted()
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        for cut in cuts + [payload.count] {
            pieces.append(payload[start..<cut])
            start = cut
        }
        return pieces
    }

    /// One text or binary message, maybe fragmented with control frames in between.
    mutating func dataMessage() {
        let isText = Bool.random(using: &rng)
        let size = messageSize()
        let payload = isText ? text(size: size) : rng.bytes(size)
        let pieces = fragments(of: payload)
        for (index, piece) in pieces.enumerated() {
            if index > 0 && Int.random(in: 0..<3, using: &rng) == 0 { controlFrame() }
            emit(index == 0 ? (isText ? 0x1 : 0x2) : 0x0, fin: index == pieces.count - 1, Array(piece))
        }
        expected.append(isText ? .text(payload) : .binary(payload))
    }

    /// A valid stream of 1...6 messages and control frames, sometimes ended by a close
    /// frame followed by bytes the decoder must ignore.
    mutating func validStream() {
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            if Int.random(in: 0..<6, using: &rng) == 0 { controlFrame() } else { dataMessage() }
        }
        if Int.random(in: 0..<5, using: &rng) == 0 {
            let codes: [UInt16] = [1000, 1001, 1003, 1011, 1014, 3000, 4999]
            let code = codes[Int.random(in: 0..<codes.count, using: &rng)]
            let reason = text(size: Int.random(in: 0...20, using: &rng))
            emit(0x8, [UInt8(code >> 8), UInt8(code & 0xFF)] + reason)
            expected.append(.close(code, reason))
            stream += rng.bytes(Int.random(in: 0...30, using: &rng))
        }
    }
}
