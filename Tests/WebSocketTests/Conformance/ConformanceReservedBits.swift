import Testing

/// Autobahn section 3, "Reserved Bits": with no extension negotiated, a frame with any RSV bit
/// set fails the connection with 1002 (RFC 6455 §5.2). Frames before it are still processed;
/// frames after it (a ping) are not.
@Suite("Conformance 3: reserved bits", .wsecho)
struct ConformanceReservedBits {
    struct Case: Sendable, CustomTestStringConvertible {
        enum Shape: Sendable {
            /// Only the offending text frame.
            case alone
            /// A valid text message, the offending one, then a ping that must go unanswered.
            case afterValidMessage
        }
        var id: String
        var rsv: UInt8
        var opcode: UInt8
        var shape: Shape
        var chop: Chop
        var testDescription: String { "\(id) RSV=\(rsv) opcode \(opcode), \(chop.rawValue)" }
    }

    static let payload = Array("Hello, world!".utf8)

    static let cases: [Case] = [
        Case(id: "3.1", rsv: 1, opcode: Op.text, shape: .alone, chop: .whole),
        Case(id: "3.2", rsv: 2, opcode: Op.text, shape: .afterValidMessage, chop: .whole),
        Case(id: "3.3", rsv: 3, opcode: Op.text, shape: .afterValidMessage, chop: .perFrame),
        Case(id: "3.4", rsv: 4, opcode: Op.text, shape: .afterValidMessage, chop: .perOctet),
        Case(id: "3.5", rsv: 5, opcode: Op.binary, shape: .alone, chop: .whole),
        Case(id: "3.6", rsv: 6, opcode: Op.ping, shape: .alone, chop: .whole),
        Case(id: "3.7", rsv: 7, opcode: Op.close, shape: .alone, chop: .whole),
    ]

    @Test("3.1–3.7 a frame with RSV bits set fails the connection with 1002", arguments: cases)
    func reservedBitsFail(_ testCase: Case) throws {
        let peer = try Peer()
        let body: [UInt8] = testCase.opcode == Op.close ? [0x03, 0xe8] : (testCase.opcode == Op.binary ? [0xff, 0, 0xfe, 1] : Self.payload)
        let offending = WireFrame.make(testCase.opcode, body, rsv: testCase.rsv)
        switch testCase.shape {
        case .alone:
            peer.sendExpectingFailure([offending], chop: testCase.chop)
        case .afterValidMessage:
            peer.sendExpectingFailure([WireFrame.make(Op.text, Self.payload), offending, WireFrame.make(Op.ping)], chop: testCase.chop)
            try peer.expect(.text(Self.payload), "\(testCase.id): the message before the bad frame is echoed")
        }
        // No echo of the bad frame and no pong: the close must be the next thing.
        try peer.expectFailure(Code.protocolError, testCase.id)
    }

    @Test("3.x extra: each single RSV bit on a continuation frame fails with 1002", arguments: [UInt8(1), 2, 4])
    func reservedBitOnContinuation(_ rsv: UInt8) throws {
        let peer = try Peer()
        peer.sendExpectingFailure([WireFrame.make(Op.text, Array("frag".utf8), fin: false),
                                   WireFrame.make(Op.continuation, Array("ment".utf8), rsv: rsv)])
        try peer.expectFailure(Code.protocolError, "RSV=\(rsv) on a continuation")
    }
}
