import Glibc
import Testing

/// Autobahn section 5, "Fragmentation": fragmented messages are reassembled and echoed, control
/// frames may sit between fragments and are answered at once, and every misuse (fragmented
/// control frames, a continuation with nothing to continue, a new message inside another) fails
/// the connection with 1002 (RFC 6455 §5.4, §5.5).
@Suite("Conformance 5: fragmentation", .wsecho)
struct ConformanceFragmentation {
    static func frame(_ opcode: UInt8, _ text: String, fin: Bool = true) -> [UInt8] {
        WireFrame.make(opcode, Array(text.utf8), fin: fin)
    }

    @Test("5.1/5.2 a fragmented control frame fails with 1002", arguments: [("5.1", Op.ping), ("5.2", Op.pong)])
    func fragmentedControlFrame(_ id: String, _ opcode: UInt8) throws {
        let peer = try Peer()
        peer.sendExpectingFailure([Self.frame(opcode, "fragment1", fin: false), Self.frame(Op.continuation, "fragment2")])
        try peer.expectFailure(Code.protocolError, id)
    }

    @Test("5.3–5.5 a text message in 2 fragments is echoed whole",
          arguments: [("5.3", Chop.whole), ("5.4", Chop.perFrame), ("5.5", Chop.perOctet)])
    func twoFragments(_ id: String, _ chop: Chop) throws {
        let peer = try Peer()
        try peer.send([Self.frame(Op.text, "fragment1", fin: false), Self.frame(Op.continuation, "fragment2")], chop: chop)
        try peer.expect(.text("fragment1fragment2"), id)
        try peer.closeNormally()
    }

    @Test("5.6–5.8 a ping between two fragments is answered before the message",
          arguments: [("5.6", Chop.whole), ("5.7", Chop.perFrame), ("5.8", Chop.perOctet)])
    func pingBetweenFragments(_ id: String, _ chop: Chop) throws {
        let peer = try Peer()
        try peer.send([Self.frame(Op.text, "fragment1", fin: false), Self.frame(Op.ping, "ping payload"),
                       Self.frame(Op.continuation, "fragment2")], chop: chop)
        try peer.expect(.pong(Array("ping payload".utf8)), id)
        try peer.expect(.text("fragment1fragment2"), id)
        try peer.closeNormally()
    }

    @Test("5.9–5.14 a continuation with nothing to continue fails with 1002 (the text after it is not echoed)",
          arguments: [("5.9", true, Chop.whole), ("5.10", true, Chop.perFrame), ("5.11", true, Chop.perOctet),
                      ("5.12", false, Chop.whole), ("5.13", false, Chop.perFrame), ("5.14", false, Chop.perOctet)])
    func continuationWithoutStart(_ id: String, _ fin: Bool, _ chop: Chop) throws {
        let peer = try Peer()
        peer.sendExpectingFailure([Self.frame(Op.continuation, "non-continuation payload", fin: fin),
                                   Self.frame(Op.text, "Hello, world!")], chop: chop)
        try peer.expectFailure(Code.protocolError, id)
    }

    @Test("5.15 a complete fragmented message is echoed, then a stray continuation fails with 1002")
    func strayContinuationAfterMessage() throws {
        let peer = try Peer()
        peer.sendExpectingFailure([Self.frame(Op.text, "fragment1", fin: false), Self.frame(Op.continuation, "fragment2"),
                                   Self.frame(Op.continuation, "fragment3", fin: false), Self.frame(Op.text, "fragment4")])
        try peer.expect(.text("fragment1fragment2"), "5.15")
        try peer.expectFailure(Code.protocolError, "5.15")
    }

    @Test("5.16/5.17 repeated: stray continuation, then a fragmented message: fails with 1002 at once",
          arguments: [("5.16", false), ("5.17", true)])
    func repeatedStrayContinuation(_ id: String, _ fin: Bool) throws {
        let peer = try Peer()
        let round = [Self.frame(Op.continuation, "fragment1", fin: fin), Self.frame(Op.text, "fragment2", fin: false),
                     Self.frame(Op.continuation, "fragment3")]
        peer.sendExpectingFailure(round + round)
        try peer.expectFailure(Code.protocolError, id)
    }

    @Test("5.18 a new text frame inside a fragmented message fails with 1002")
    func newMessageInsideMessage() throws {
        let peer = try Peer()
        peer.sendExpectingFailure([Self.frame(Op.text, "fragment1", fin: false), Self.frame(Op.text, "fragment2")])
        try peer.expectFailure(Code.protocolError, "5.18")
    }

    /// Autobahn waits 1 s between the two halves; 50 ms is enough to show the first pong was
    /// answered before the rest of the message existed.
    @Test("5.19/5.20 pings interleaved in a 5-fragment message, with a pause: each pong comes at once",
          arguments: [("5.19", Chop.whole), ("5.20", Chop.perFrame)])
    func pingsInterleavedWithPause(_ id: String, _ chop: Chop) throws {
        let peer = try Peer()
        try peer.send([Self.frame(Op.text, "fragment1", fin: false), Self.frame(Op.continuation, "fragment2", fin: false),
                       Self.frame(Op.ping, "pongme 1!")], chop: chop)
        try peer.expect(.pong(Array("pongme 1!".utf8)), "\(id): the first pong comes before the message is complete")
        usleep(50_000)
        try peer.send([Self.frame(Op.continuation, "fragment3", fin: false), Self.frame(Op.continuation, "fragment4", fin: false),
                       Self.frame(Op.ping, "pongme 2!"), Self.frame(Op.continuation, "fragment5")], chop: chop)
        try peer.expect(.pong(Array("pongme 2!".utf8)), id)
        try peer.expect(.text("fragment1fragment2fragment3fragment4fragment5"), id)
        try peer.closeNormally()
    }

    @Test("5.x extra: binary message in many fragments, sent slowly split (every byte its own write)")
    func binaryFragmentsSlowlySplit() throws {
        let peer = try Peer()
        let payload = Bytes.pattern(300, text: false)
        try peer.send(WireFrame.fragments(Op.binary, payload, size: 7), chop: .perOctet)
        try peer.expect(.binary(payload))
        try peer.closeNormally()
    }

    @Test("5.x extra: empty first and last fragments, and a close inside a fragmented message")
    func emptyFragmentsAndCloseInside() throws {
        let peer = try Peer()
        try peer.send([WireFrame.make(Op.binary, [], fin: false), WireFrame.make(Op.continuation, [9, 8, 7], fin: false),
                       WireFrame.make(Op.continuation, [])])
        try peer.expect(.binary([9, 8, 7]))
        // A close frame may be injected between fragments (RFC 6455 §5.4); the partial message is dropped.
        try peer.send([WireFrame.make(Op.binary, [1], fin: false), WireFrame.close(Code.normal)])
        try peer.expectCloseEcho(Code.normal)
    }
}
