import Testing

/// Autobahn section 9, "Limits/Performance", scaled to finish in seconds on a debug build:
/// large messages (9.1 text, 9.2 binary) up to wsecho's 16 MiB default, large messages in many
/// fragments (9.3, 9.4), written in small chops (9.5, 9.6), and many small round trips (9.7, 9.8).
/// Every echo is compared byte for byte. Serialized: a few 16 MiB buffers at once is enough.
@Suite("Conformance 9: limits and performance", .wsecho, .serialized)
struct ConformanceLimits {
    // Scale knobs. Autobahn's own figures are in the comments.
    /// 9.3/9.4 message size (Autobahn: 4 MiB).
    static let fragmentedMessageSize = 4 << 20
    /// 9.5/9.6 message size (Autobahn: 1 MiB).
    static let choppedMessageSize = 1 << 20
    /// 9.7/9.8 messages per case (Autobahn: 1000).
    static let roundTrips = 1000

    struct Case: Sendable, CustomTestStringConvertible {
        var id: String
        var opcode: UInt8
        var size: Int
        var piece: Int = 0
        var testDescription: String {
            "\(id) \(opcode == Op.text ? "text" : "binary") \(Self.bytes(size))" + (piece > 0 ? " / \(Self.bytes(piece))" : "")
        }
        static func bytes(_ count: Int) -> String {
            count >= 1 << 20 ? "\(count >> 20) MiB" : count >= 1024 ? "\(count >> 10) KiB" : "\(count) B"
        }
    }

    static func both(_ section: Int, _ build: (String, UInt8) -> [Case]) -> [Case] {
        build("9.\(section)", Op.text) + build("9.\(section + 1)", Op.binary)
    }

    static let largeCases = both(1) { prefix, opcode in
        [64 << 10, 256 << 10, 1 << 20, 4 << 20, 8 << 20, 16 << 20].enumerated().map {
            Case(id: "\(prefix).\($0.offset + 1)", opcode: opcode, size: $0.element)
        }
    }

    @Test("9.1.1–9.2.6 a large message (64 KiB … 16 MiB) is echoed exactly", arguments: largeCases)
    func largeMessage(_ testCase: Case) throws {
        let peer = try Peer(timeout: 30)
        let payload = Bytes.pattern(testCase.size, text: testCase.opcode == Op.text)
        try peer.send([WireFrame.make(testCase.opcode, payload)])
        try peer.expect(testCase.opcode == Op.text ? .text(payload) : .binary(payload), testCase.id)
        try peer.closeNormally()
    }

    static let fragmentedCases = both(3) { prefix, opcode in
        [64, 256, 1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20].enumerated().map {
            Case(id: "\(prefix).\($0.offset + 1)", opcode: opcode, size: fragmentedMessageSize, piece: $0.element)
        }
    }

    @Test("9.3.1–9.4.9 a large message in fragments of 64 B … 4 MiB is reassembled and echoed", arguments: fragmentedCases)
    func fragmentedMessage(_ testCase: Case) throws {
        let peer = try Peer(timeout: 30)
        let payload = Bytes.pattern(testCase.size, text: testCase.opcode == Op.text)
        try peer.send(WireFrame.fragments(testCase.opcode, payload, size: testCase.piece))
        try peer.expect(testCase.opcode == Op.text ? .text(payload) : .binary(payload), testCase.id)
        try peer.closeNormally()
    }

    static let choppedCases = both(5) { prefix, opcode in
        [64, 128, 256, 512, 1024, 2048].enumerated().map {
            Case(id: "\(prefix).\($0.offset + 1)", opcode: opcode, size: choppedMessageSize, piece: $0.element)
        }
    }

    @Test("9.5.1–9.6.6 a 1 MiB frame written in chops of 64 … 2048 bytes is echoed", arguments: choppedCases)
    func choppedFrame(_ testCase: Case) throws {
        let peer = try Peer(timeout: 30)
        let payload = Bytes.pattern(testCase.size, text: testCase.opcode == Op.text)
        try peer.raw.sendSlowly(WireFrame.make(testCase.opcode, payload), chunk: testCase.piece, pauseMicroseconds: 0)
        try peer.expect(testCase.opcode == Op.text ? .text(payload) : .binary(payload), testCase.id)
        try peer.closeNormally()
    }

    static let roundTripCases = both(7) { prefix, opcode in
        [0, 16, 64, 256, 1024, 4096].enumerated().map {
            Case(id: "\(prefix).\($0.offset + 1)", opcode: opcode, size: $0.element)
        }
    }

    @Test("9.7.1–9.8.6 many small messages, each echoed before the next is sent", arguments: roundTripCases)
    func roundTrips(_ testCase: Case) throws {
        let peer = try Peer(timeout: 2)
        let base = Bytes.pattern(testCase.size + 251, text: testCase.opcode == Op.text)
        for index in 0..<Self.roundTrips {
            // A different slice each time, so an echo of a stale message would not pass.
            let payload = Array(base[(index % 251)..<(index % 251 + testCase.size)])
            try peer.send([WireFrame.make(testCase.opcode, payload)])
            try peer.expect(testCase.opcode == Op.text ? .text(payload) : .binary(payload), "\(testCase.id) message \(index)")
        }
        try peer.closeNormally()
    }

    @Test("9.x limit: with the default limit, a 16 MiB + 1 byte message is refused with 1009")
    func defaultLimitExceeded() throws {
        let peer = try Peer(timeout: 30)
        peer.sendExpectingFailure([WireFrame.make(Op.binary, Bytes.pattern((16 << 20) + 1, text: false))])
        try peer.expectFailure(Code.tooBig, "16 MiB + 1")
    }
}

/// The message-size limit with a second wsecho started with `--max-message 1MiB`.
@Suite("Conformance 9: --max-message 1MiB", .wsecho("--max-message", "1MiB"), .serialized)
struct ConformanceLimitsMaxMessage {
    static let limit = 1 << 20

    @Test("9.x limit: a message of exactly the limit is echoed", arguments: [Op.text, Op.binary])
    func exactlyTheLimit(_ opcode: UInt8) throws {
        let peer = try Peer(timeout: 30)
        let payload = Bytes.pattern(Self.limit, text: opcode == Op.text)
        try peer.send(WireFrame.fragments(opcode, payload, size: 300_000))
        try peer.expect(opcode == Op.text ? .text(payload) : .binary(payload))
        try peer.closeNormally()
    }

    @Test("9.x limit: one byte over the limit in one frame is refused with 1009", arguments: [Op.text, Op.binary])
    func overTheLimitInOneFrame(_ opcode: UInt8) throws {
        let peer = try Peer(timeout: 30)
        peer.sendExpectingFailure([WireFrame.make(opcode, Bytes.pattern(Self.limit + 1, text: opcode == Op.text))])
        try peer.expectFailure(Code.tooBig, "1 MiB + 1 in one frame")
    }

    @Test("9.x limit: fragments that only together exceed the limit are refused with 1009")
    func overTheLimitInFragments() throws {
        let peer = try Peer(timeout: 30)
        // Five fragments of 256 KiB: each is small, the message is 1.25 MiB.
        peer.sendExpectingFailure(WireFrame.fragments(Op.binary, Bytes.pattern(5 << 18, text: false), size: 1 << 18))
        try peer.expectFailure(Code.tooBig, "1.25 MiB in 256 KiB fragments")
    }

    @Test("9.x limit: an oversized frame is refused from its header, before its payload is sent")
    func refusedFromHeader() throws {
        let peer = try Peer()
        let frame = WireFrame.make(Op.binary, Bytes.pattern(4 << 20, text: false))
        try peer.raw.send(Array(frame[..<(14 + 1024)]))  // 14-byte header + 1 KiB of the 4 MiB payload
        peer.raw.setTimeout(2)
        try peer.expectFailure(Code.tooBig, "4 MiB frame announced")
    }
}
