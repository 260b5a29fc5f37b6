import Testing
@testable import Wire

/// Bytes from the network never trap a decoder: random bytes, and valid messages cut short
/// or with bits flipped, only ever produce a `WireError` or a message that re-encodes to
/// the very same bytes (every message has one encoding).
@Suite struct MessageFuzzTests {
    static let types: [MessageType] = [.hello, .input, .ping, .pong, .chat, .welcome, .events, .replayControl, .replayStatus, .probe, .probeReply]

    /// Decodes `bytes` as `type`; if that succeeds, the message must re-encode identically.
    static func check(_ bytes: [UInt8], as type: MessageType) {
        guard let message = try? SampleMessage.decode(bytes, as: type) else { return }
        if case .hello(let hello) = message, hello.version != ProtocolVersion.current { return }
        #expect(message.encoded == bytes, "\(type): \(hex(bytes)) decoded to \(message)")
    }

    @Test func randomBytes() {
        var random = SeededRandom(seed: 0xF022_0001)
        for _ in 0 ..< 20_000 {
            let type = Self.types[Int(random.next() % UInt64(Self.types.count))]
            let count = Int(random.next() % 48)
            var bytes = (0 ..< count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if !bytes.isEmpty && random.next() % 4 != 0 { bytes[0] = type.rawValue }
            if bytes.count > 3 && type == .hello && random.next() % 2 == 0 { bytes[1] = 1; bytes[2] = 0 }
            Self.check(bytes, as: type)
        }
    }

    @Test func truncatedValidMessages() {
        var random = SeededRandom(seed: 0xF022_0002)
        for _ in 0 ..< 1_500 {
            let message = MessageRoundTripTests.randomMessage(&random)
            let bytes = message.encoded
            for cut in 0 ..< bytes.count {
                #expect((try? SampleMessage.decode(Array(bytes.prefix(cut)), as: message.type, inputTable: message.inputTable)) == nil,
                        "\(message.type) cut to \(cut) of \(bytes.count) bytes decoded")
            }
        }
    }

    @Test func validMessagesWithBitsFlipped() {
        var random = SeededRandom(seed: 0xF022_0003)
        for _ in 0 ..< 4_000 {
            let message = MessageRoundTripTests.randomMessage(&random)
            var bytes = message.encoded
            for _ in 0 ... random.next() % 3 {
                let bit = Int(random.next() % UInt64(bytes.count * 8))
                bytes[bit / 8] ^= 1 << UInt8(bit % 8)
            }
            if random.next() % 5 == 0 { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
            Self.check(bytes, as: message.type)
        }
    }
}
