import Testing
@testable import WebSocket

@Suite("FrameHeader")
struct FrameHeaderTests {
    static let lengths = [0, 1, 125, 126, 127, 65535, 65536, 65537, 1 << 32, Int(Int64.max)]

    @Test(arguments: lengths, [nil, UInt32(0xDEAD_BEEF)])
    func roundTrip(length: Int, mask: UInt32?) {
        for (fin, opcode, rsv) in [(true, WebSocketOpcode.binary, UInt8(0)), (false, .text, 5), (true, .continuation, 7)] {
            let header = FrameHeader(fin: fin, rsv: rsv, opcode: opcode, maskKey: mask, payloadLength: length)
            let size = FrameHeader.encodedSize(payloadLength: length, masked: mask != nil)
            var bytes = [UInt8](repeating: 0xEE, count: 16)
            let written = bytes.withUnsafeMutableBytes { header.encode(into: $0.baseAddress!) }
            #expect(written == size)
            #expect(bytes[size...].allSatisfy { $0 == 0xEE }, "wrote past the header")
            let parsed = bytes.withUnsafeBytes { FrameHeader.parse($0.baseAddress!, count: size) }
            #expect(parsed == .complete(header, size: size))
            // One byte short is never a header, and says how much is needed.
            let short = bytes.withUnsafeBytes { FrameHeader.parse($0.baseAddress!, count: size - 1) }
            #expect(short == .incomplete(needed: size - 1 < 2 ? 2 : size))
        }
    }

    @Test(arguments: [
        (0, false, 2), (125, false, 2), (126, false, 4), (65535, false, 4), (65536, false, 10),
        (0, true, 6), (125, true, 6), (126, true, 8), (65535, true, 8), (65536, true, 14), (Int.max, true, 14),
    ])
    func encodedSizeUsesMinimalLengths(length: Int, masked: Bool, size: Int) {
        #expect(FrameHeader.encodedSize(payloadLength: length, masked: masked) == size)
    }

    @Test func lengthBytesAreBigEndian() {
        var bytes = [UInt8](repeating: 0, count: 14)
        let header = FrameHeader(opcode: .binary, maskKey: FrameTest.key([1, 2, 3, 4]), payloadLength: 0x0102_0304_0506)
        let size = bytes.withUnsafeMutableBytes { header.encode(into: $0.baseAddress!) }
        #expect(Array(bytes[..<size]) == [0x82, 0xFF, 0, 0, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4])
    }

    @Test func nonMinimalLengthsAreAccepted() {
        // 5 bytes announced with a 16-bit and with a 64-bit length.
        for wire in [FrameTest.hex("82 7E 00 05"), FrameTest.hex("82 7F 00 00 00 00 00 00 00 05")] {
            let outcome = FrameTest.decode(wire + [1, 2, 3, 4, 5], server: false)
            #expect(outcome == FrameTestOutcome(events: [.binary([1, 2, 3, 4, 5])]))
        }
    }

    @Test func topBitOfSixtyFourBitLengthIsInvalid() {
        let wire = FrameTest.hex("82 7F 80 00 00 00 00 00 00 01")
        let parsed = wire.withUnsafeBytes { FrameHeader.parse($0.baseAddress!, count: $0.count) }
        guard case .invalid(let error) = parsed else {
            Issue.record("expected invalid, got \(parsed)")
            return
        }
        #expect(error.code == .protocolError)
    }
}
