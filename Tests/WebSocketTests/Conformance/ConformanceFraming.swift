import Testing

/// Autobahn section 1, "Framing": text (1.1.x) and binary (1.2.x) messages whose payload
/// lengths straddle the 7-bit / 16-bit / 64-bit length encodings, each echoed exactly.
@Suite("Conformance 1: framing", .wsecho)
struct ConformanceFraming {
    struct Case: Sendable, CustomTestStringConvertible {
        var id: String
        var opcode: UInt8
        var length: Int
        /// Autobahn 1.x.8 writes the frame out in pieces of 997 octets.
        var chopSize: Int?
        var testDescription: String {
            "\(id) \(opcode == Op.text ? "text" : "binary") \(length) bytes" + (chopSize.map { " in chops of \($0)" } ?? "")
        }
    }

    static let lengths = [0, 125, 126, 127, 128, 65535, 65536]

    static let cases: [Case] = [(1, Op.text), (2, Op.binary)].flatMap { (group, opcode) in
        lengths.enumerated().map { Case(id: "1.\(group).\($0.offset + 1)", opcode: opcode, length: $0.element) }
            + [Case(id: "1.\(group).8", opcode: opcode, length: 65536, chopSize: 997)]
    }

    @Test("1.1.1–1.2.8 payload lengths are echoed exactly", arguments: cases)
    func echoesPayloadLength(_ testCase: Case) throws {
        let peer = try Peer()
        let payload = Bytes.pattern(testCase.length, text: testCase.opcode == Op.text)
        let frame = WireFrame.make(testCase.opcode, payload)
        if let chop = testCase.chopSize {
            try peer.raw.sendSlowly(frame, chunk: chop, pauseMicroseconds: 100)
        } else {
            try peer.send([frame])
        }
        try peer.expect(testCase.opcode == Op.text ? .text(payload) : .binary(payload), testCase.id)
        try peer.closeNormally()
    }

    /// An echo server echoes every message (RFC 6455 gives payload bytes no meaning, and
    /// wsecho's contract is "each text or binary message is sent back with the same opcode").
    /// A ping after the 256 messages marks the end, so a swallowed message shows as missing, not as a time-out.
    @Test("1.2.x extra: binary messages are echoed whatever their first byte (all 256 values, 8 and 16 bytes)",
          arguments: [8, 16])
    func binaryEchoedWhateverFirstByte(_ length: Int) throws {
        let peer = try Peer()
        let messages = (0...255).map { first in [UInt8(first)] + Bytes.pattern(length - 1, text: false) }
        try peer.send(messages.map { WireFrame.make(Op.binary, $0) } + [WireFrame.make(Op.ping, Array("end".utf8))])
        var echoed: [[UInt8]] = []
        while case .binary(let payload) = try peer.next() { echoed.append(payload) }
        let missing = messages.filter { !echoed.contains($0) }.map { "0x" + Bytes.hex($0[0]) }
        #expect(missing.isEmpty, "binary messages of \(length) bytes starting with \(missing) were not echoed")
        #expect(echoed == messages.filter { echoed.contains($0) }, "echoes in order")
        try peer.closeNormally()
    }

    @Test("1.x extra: every header length encoding boundary, back to back on one connection")
    func lengthBoundariesOnOneConnection() throws {
        let peer = try Peer()
        let lengths = [1, 124, 125, 126, 127, 128, 129, 255, 256, 65534, 65535, 65536, 65537]
        try peer.send(lengths.map { WireFrame.make(Op.binary, Bytes.pattern($0, text: false)) })
        for length in lengths {
            try peer.expect(.binary(Bytes.pattern(length, text: false)), "length \(length)")
        }
        try peer.closeNormally()
    }
}
