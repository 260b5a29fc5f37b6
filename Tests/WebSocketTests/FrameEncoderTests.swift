import Testing
@testable import WebSocket

@Suite("FrameEncoder")
struct FrameEncoderTests {
    @Test(arguments: [0, 1, 125, 126, 127, 65535, 65536, 70_000])
    func encodedFramesDecodeBack(length: Int) {
        var rng = FrameTestRNG(seed: UInt64(length))
        let payload = rng.bytes(length)
        let key = UInt32.random(in: 0...UInt32.max, using: &rng)
        let masked = FrameTest.frame(.binary, payload, mask: key)
        let plain = FrameTest.frame(.binary, payload)
        #expect(masked.count == FrameHeader.encodedSize(payloadLength: length, masked: true) + length)
        #expect(plain.count == FrameHeader.encodedSize(payloadLength: length, masked: false) + length)
        #expect(FrameTest.decode(masked, server: true) == FrameTestOutcome(events: [.binary(payload)]))
        #expect(FrameTest.decode(plain, server: false) == FrameTestOutcome(events: [.binary(payload)]))
    }

    @Test func appendKeepsWhatIsAlreadyInTheBuffer() {
        var buffer: [UInt8] = [0xAA, 0xBB]
        [UInt8]([1, 2, 3]).withUnsafeBytes {
            FrameEncoder.append(opcode: .binary, fin: false, payload: $0, maskKey: FrameTest.key([1, 1, 1, 1]), to: &buffer)
        }
        #expect(buffer == [0xAA, 0xBB, 0x02, 0x83, 1, 1, 1, 1, 0, 3, 2])
    }

    @Test func closePayloadEncodesCodeBigEndian() {
        #expect(FrameEncoder.closePayload(code: .normalClosure, reason: "") == [0x03, 0xE8])
        #expect(FrameEncoder.closePayload(code: WebSocketCloseCode(rawValue: 4321), reason: "ok") == [0x10, 0xE1, 0x6F, 0x6B])
        #expect(FrameEncoder.closePayload(code: nil, reason: "ignored") == [])
    }

    @Test(arguments: [
        // 123 bytes of reason fit; cut only when more, and never inside a character.
        (String(repeating: "a", count: 123), 123),
        (String(repeating: "a", count: 200), 123),
        (String(repeating: "a", count: 122) + "é", 122),    // é is 2 bytes: would end at 124
        (String(repeating: "a", count: 121) + "é", 123),
        (String(repeating: "a", count: 121) + "€", 121),    // € is 3 bytes
        (String(repeating: "a", count: 120) + "€", 123),
        (String(repeating: "a", count: 120) + "😀", 120),   // 4 bytes
        (String(repeating: "😀", count: 40), 120),
        (String(repeating: "€", count: 50), 123),
    ])
    func closeReasonIsCutAtACharacterBoundary(reason: String, reasonBytes: Int) {
        let payload = FrameEncoder.closePayload(code: .goingAway, reason: reason)
        #expect(payload.count == 2 + reasonBytes)
        #expect(payload.count <= 125)
        let cut = Array(payload[2...])
        #expect(String(validating: cut, as: UTF8.self) != nil)
        #expect(Array(reason.utf8).starts(with: cut))
        // And the decoder accepts it.
        let frame = FrameTest.frame(.close, payload)
        #expect(FrameTest.decode(frame, server: false) == FrameTestOutcome(events: [.close(1001, cut)]))
    }
}
