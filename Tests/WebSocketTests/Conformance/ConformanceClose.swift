import Testing

/// Autobahn section 7, "Close Handling": the closing handshake (RFC 6455 §5.5.1, §7.1.2), nothing
/// processed after the peer's close, close payload rules (§5.5: ≤ 125 bytes; §5.5.1: a body is a
/// 2-byte code then UTF-8), and which status codes may appear on the wire (§7.4.1, §7.4.2).
@Suite("Conformance 7: close handling", .wsecho)
struct ConformanceClose {
    static let hello = Array("Hello World!".utf8)

    @Test("7.1.1 a message then a close: the message is echoed, then the close")
    func messageThenClose() throws {
        let peer = try Peer()
        try peer.send([WireFrame.make(Op.text, Self.hello), WireFrame.close(Code.normal)])
        try peer.expect(.text(Self.hello), "7.1.1")
        try peer.expectCloseEcho(Code.normal)
    }

    @Test("7.1.2–7.1.5 frames after our close are ignored: one close echo, then EOF",
          arguments: ["7.1.2", "7.1.3", "7.1.4", "7.1.5"])
    func framesAfterCloseIgnored(_ id: String) throws {
        let peer = try Peer()
        let close = WireFrame.close(Code.normal)
        let frames: [[UInt8]] = switch id {
        case "7.1.2": [close, close]  // a second close
        case "7.1.3": [close, WireFrame.make(Op.ping, Self.hello)]  // a ping: no pong
        case "7.1.4": [close, WireFrame.make(Op.text, Self.hello)]  // a message: no echo
        default: [WireFrame.make(Op.text, Array("fragment1".utf8), fin: false), close,  // 7.1.5: the rest of a message
                  WireFrame.make(Op.continuation, Array("fragment2".utf8))]
        }
        try peer.send(frames)
        try peer.expectCloseEcho(Code.normal)
    }

    /// Autobahn marks the outcome informational: the echoes may or may not come before the close.
    /// Either way only complete, correct echoes may precede it, and the ping after it is ignored.
    @Test("7.1.6 256 KiB message, small message, close, ping")
    func largeMessageThenClose() throws {
        let peer = try Peer(timeout: 10)
        let large = Bytes.pattern(256 << 10, text: true)
        try peer.send([WireFrame.make(Op.text, large), WireFrame.make(Op.text, Self.hello), WireFrame.close(Code.normal),
                       WireFrame.make(Op.ping)])
        var expected: [Event] = [.text(large), .text(Self.hello)]
        while true {
            let event = try peer.next()
            if case .close(let code, _) = event {
                #expect(code == Code.normal, "7.1.6 close code")
                break
            }
            guard !expected.isEmpty else { Issue.record("7.1.6: unexpected \(event) before the close"); return }
            Peer.expectSame(event, expected.removeFirst(), "7.1.6 echoes in order:")
        }
        Peer.expectSame(try peer.next(), .eof, "7.1.6: no pong after the close, then EOF:")
    }

    @Test("7.3.1 an empty close is answered with an empty close (or 1000)")
    func emptyClose() throws {
        let peer = try Peer()
        try peer.send([WireFrame.make(Op.close)])
        let event = try peer.next()
        #expect(event == .close(code: nil, reason: []) || event == .close(code: Code.normal, reason: []), "7.3.1 reply: \(event)")
        Peer.expectSame(try peer.next(), .eof, "7.3.1:")
    }

    @Test("7.3.2 a close with a 1-byte payload fails with 1002")
    func oneByteClose() throws {
        let peer = try Peer()
        peer.sendExpectingFailure([WireFrame.make(Op.close, [0x03])])
        try peer.expectFailure(Code.protocolError, "7.3.2")
    }

    @Test("7.3.3–7.3.5 close with code 1000 and a reason of 0, 12 and 123 bytes is echoed with 1000",
          arguments: [("7.3.3", 0), ("7.3.4", 12), ("7.3.5", 123)])
    func closeWithReason(_ id: String, _ reasonLength: Int) throws {
        let peer = try Peer()
        let reason = Array(Bytes.pattern(reasonLength, text: true))
        try peer.closeNormally(Code.normal, reason: reason)
    }

    @Test("7.3.6 a close payload of 126 bytes (code + 124-byte reason) exceeds the control-frame limit: 1002")
    func oversizedCloseReason() throws {
        let peer = try Peer()
        peer.sendExpectingFailure([WireFrame.close(Code.normal, Bytes.pattern(124, text: true))])
        try peer.expectFailure(Code.protocolError, "7.3.6")
    }

    @Test("7.5.1 a close reason that is not UTF-8 fails with 1007")
    func invalidUTF8Reason() throws {
        let peer = try Peer()
        peer.sendExpectingFailure([WireFrame.close(Code.normal, ConformanceUTF8.kosmeWithSurrogate)])
        try peer.expectFailure(Code.invalidPayload, "7.5.1")
    }

    struct CodeCase: Sendable, CustomTestStringConvertible {
        var id: String
        var code: UInt16
        var testDescription: String { "\(id) close code \(code)" }
    }

    /// Autobahn's 7.7.1–7.7.13, plus 1012–1014 (registered with IANA after Autobahn's list was made).
    static let validCodes: [CodeCase] = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999]
        .enumerated().map { CodeCase(id: "7.7.\($0.offset + 1)", code: UInt16($0.element)) }
        + [1012, 1013, 1014].map { CodeCase(id: "7.7.x", code: $0) }

    @Test("7.7.1–7.7.13 a valid close code is echoed", arguments: validCodes)
    func validCodeEchoed(_ testCase: CodeCase) throws {
        let peer = try Peer()
        try peer.closeNormally(testCase.code)
    }

    /// Autobahn's 7.9.1–7.9.9, plus 1015 (§7.4.1: "MUST NOT be set as a status code in a Close
    /// control frame by an endpoint").
    static let invalidCodes: [CodeCase] = [0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999]
        .enumerated().map { CodeCase(id: "7.9.\($0.offset + 1)", code: UInt16($0.element)) }
        + [CodeCase(id: "7.9.x", code: 1015)]

    @Test("7.9.1–7.9.9 an invalid close code fails with 1002", arguments: invalidCodes)
    func invalidCodeRejected(_ testCase: CodeCase) throws {
        let peer = try Peer()
        peer.sendExpectingFailure([WireFrame.close(testCase.code)])
        try peer.expectFailure(Code.protocolError, testCase.id)
    }

    /// Undefined by the spec (Autobahn: informational); accepted answers are 1000, the echoed code
    /// or 1002, and the connection must end cleanly either way.
    @Test("7.13.1/7.13.2 close codes above 4999", arguments: [CodeCase(id: "7.13.1", code: 5000), CodeCase(id: "7.13.2", code: 65535)])
    func codeAboveRange(_ testCase: CodeCase) throws {
        let peer = try Peer()
        peer.sendExpectingFailure([WireFrame.close(testCase.code)])
        let event = try peer.next()
        guard case .close(let code, _) = event else { Issue.record("\(testCase.id): expected a close, got \(event)"); return }
        #expect([Code.normal, testCase.code, Code.protocolError].contains(code ?? 0), "\(testCase.id): answered \(String(describing: code))")
        #expect(peer.raw.waitForEOF(), "\(testCase.id): EOF after the close")
    }
}
