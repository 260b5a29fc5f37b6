import Testing
@testable import WebSocket

@Suite("Opcode, close code and error")
struct FrameTypesTests {
    @Test(arguments: UInt8(0)...15)
    func opcodeClassification(raw: UInt8) {
        let opcode = WebSocketOpcode(rawValue: raw)
        #expect(opcode.isControl == (raw >= 8))
        #expect(opcode.isReserved == ![0, 1, 2, 8, 9, 10].contains(raw))
        #expect(opcode.description.contains("reserved") == opcode.isReserved)
    }

    @Test func namedOpcodes() {
        #expect([WebSocketOpcode.continuation, .text, .binary, .close, .ping, .pong].map(\.rawValue) == [0, 1, 2, 8, 9, 10])
        #expect(WebSocketOpcode.text.description == "text")
        #expect(WebSocketOpcode(rawValue: 0xB).description == "reserved(0xB)")
    }

    @Test func closeCodeWireValidity() {
        let valid = (0...UInt16.max).filter { WebSocketCloseCode(rawValue: $0).isValidOnWire }
        #expect(valid == Array(1000...1003) + Array(1007...1014) + Array(3000...4999))
        #expect(WebSocketCloseCode.messageTooBig.rawValue == 1009)
        #expect(WebSocketCloseCode.badGateway.description == "1014 (bad gateway)")
        #expect(!WebSocketCloseCode.noStatusReceived.isValidOnWire)
        #expect(!WebSocketCloseCode.abnormalClosure.isValidOnWire)
    }

    @Test func errorDescriptionNamesCodeAndReason() {
        let error = WebSocketProtocolError(code: .protocolError, reason: "unmasked client frame")
        #expect(error.description.contains("1002"))
        #expect(error.description.contains("unmasked client frame"))
    }
}
