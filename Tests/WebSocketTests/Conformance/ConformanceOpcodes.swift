import Testing

/// Autobahn section 4, "Opcodes": reserved non-control opcodes 3–7 (4.1.x) and reserved control
/// opcodes B–F (4.2.x) fail the connection with 1002 (RFC 6455 §5.2: "If an unknown opcode is
/// received, the receiving endpoint MUST _Fail the WebSocket Connection_").
@Suite("Conformance 4: opcodes", .wsecho)
struct ConformanceOpcodes {
    struct Case: Sendable, CustomTestStringConvertible {
        var id: String
        var opcode: UInt8
        var payload: [UInt8]
        /// 4.x.3–4.x.5: a valid text message first (echoed), then the bad frame, then a ping (unanswered).
        var afterValidMessage: Bool
        var testDescription: String {
            "\(id) opcode \(String(opcode, radix: 16, uppercase: true)), \(payload.count)-byte payload"
                + (afterValidMessage ? ", after a valid message" : "")
        }
    }

    static let reservedPayload = Array("reserved opcode payload".utf8)

    /// Per group (4.1: 3...7, 4.2: 11...15): .1 empty, .2 with payload, .3 after a message (empty),
    /// .4 and .5 after a message with payload.
    static let cases: [Case] = group(1, firstOpcode: 3) + group(2, firstOpcode: 11)

    static func group(_ group: Int, firstOpcode: UInt8) -> [Case] {
        (0..<5).map { (index: Int) -> Case in
            let payload: [UInt8] = index == 0 || index == 2 ? [] : reservedPayload
            return Case(id: "4.\(group).\(index + 1)", opcode: firstOpcode + UInt8(index), payload: payload, afterValidMessage: index >= 2)
        }
    }

    @Test("4.1.1–4.2.5 a reserved opcode fails the connection with 1002", arguments: cases)
    func reservedOpcodeFails(_ testCase: Case) throws {
        let peer = try Peer()
        let offending = WireFrame.make(testCase.opcode, testCase.payload)
        if testCase.afterValidMessage {
            peer.sendExpectingFailure([WireFrame.make(Op.text, Array("Hello, world!".utf8)), offending, WireFrame.make(Op.ping)])
            try peer.expect(.text("Hello, world!"), "\(testCase.id): the message before the bad frame is echoed")
        } else {
            peer.sendExpectingFailure([offending])
        }
        try peer.expectFailure(Code.protocolError, testCase.id)
    }

    @Test("4.x extra: a reserved opcode in the middle of a fragmented message fails with 1002", arguments: [UInt8(3), 7, 11, 15])
    func reservedOpcodeInsideFragmentedMessage(_ opcode: UInt8) throws {
        let peer = try Peer()
        peer.sendExpectingFailure([WireFrame.make(Op.text, Array("frag".utf8), fin: false), WireFrame.make(opcode),
                                   WireFrame.make(Op.continuation, Array("ment".utf8))])
        try peer.expectFailure(Code.protocolError, "opcode \(opcode) inside a message")
    }
}
