import Testing

/// Autobahn section 2, "Pings/Pongs": every ping is answered by a pong with the same payload
/// (up to the 125-byte control-frame limit), unsolicited pongs are ignored, and an oversized
/// ping fails the connection with 1002 (RFC 6455 §5.5).
@Suite("Conformance 2: pings and pongs", .wsecho)
struct ConformancePing {
    struct PingCase: Sendable, CustomTestStringConvertible {
        var id: String
        var payload: [UInt8]
        var chop: Chop
        var testDescription: String { "\(id) ping with \(payload.count) bytes, \(chop.rawValue)" }
    }

    static let pingCases: [PingCase] = [
        PingCase(id: "2.1", payload: [], chop: .whole),
        PingCase(id: "2.2", payload: Array("Hello, world!".utf8), chop: .whole),
        PingCase(id: "2.3", payload: [0x00, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0x00, 0xff], chop: .whole),
        PingCase(id: "2.4", payload: [UInt8](repeating: 0xfe, count: 125), chop: .whole),
        PingCase(id: "2.6", payload: [UInt8](repeating: 0xfe, count: 125), chop: .perOctet),
    ]

    @Test("2.1–2.4, 2.6 ping is answered by a pong with the same payload", arguments: pingCases)
    func pingIsAnswered(_ testCase: PingCase) throws {
        let peer = try Peer()
        try peer.send([WireFrame.make(Op.ping, testCase.payload)], chop: testCase.chop)
        try peer.expect(.pong(testCase.payload), testCase.id)
        try peer.closeNormally()
    }

    @Test("2.5 ping with a 126-byte payload fails the connection with 1002")
    func oversizedPing() throws {
        let peer = try Peer()
        peer.sendExpectingFailure([WireFrame.make(Op.ping, [UInt8](repeating: 0xfe, count: 126))])
        try peer.expectFailure(Code.protocolError, "2.5")
    }

    @Test("2.7/2.8 an unsolicited pong is ignored", arguments: [("2.7", ""), ("2.8", "unsolicited pong payload")])
    func unsolicitedPong(_ id: String, _ payload: String) throws {
        let peer = try Peer()
        try peer.send([WireFrame.make(Op.pong, Array(payload.utf8))])
        // Nothing may come back for the pong: the next thing we hear is the close echo.
        try peer.closeNormally()
    }

    @Test("2.9 unsolicited pong, then ping: only the ping is answered")
    func unsolicitedPongThenPing() throws {
        let peer = try Peer()
        try peer.send([WireFrame.make(Op.pong, Array("unsolicited pong payload".utf8)),
                       WireFrame.make(Op.ping, Array("ping payload".utf8))])
        try peer.expect(.pong(Array("ping payload".utf8)), "2.9")
        try peer.closeNormally()
    }

    @Test("2.10/2.11 ten pings are answered by ten pongs, in order", arguments: [("2.10", Chop.whole), ("2.11", Chop.perOctet)])
    func tenPings(_ id: String, _ chop: Chop) throws {
        let peer = try Peer()
        let payloads = (0..<10).map { Array("payload-\($0)".utf8) }
        try peer.send(payloads.map { WireFrame.make(Op.ping, $0) }, chop: chop)
        for payload in payloads { try peer.expect(.pong(payload), id) }
        try peer.closeNormally()
    }

    @Test("2.x extra: a ping between data messages is answered in stream order")
    func pingBetweenMessages() throws {
        let peer = try Peer()
        try peer.send([WireFrame.make(Op.text, Array("before".utf8)), WireFrame.make(Op.ping, Array("p".utf8)),
                       WireFrame.make(Op.binary, [1, 2, 3])])
        try peer.expect(.text("before"))
        try peer.expect(.pong(Array("p".utf8)))
        try peer.expect(.binary([1, 2, 3]))
        try peer.closeNormally()
    }
}
