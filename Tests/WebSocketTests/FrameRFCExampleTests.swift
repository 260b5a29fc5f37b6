import Testing
@testable import WebSocket

/// The example frames of RFC 6455 §5.7, byte for byte, in both directions.
@Suite("RFC 6455 §5.7 examples")
struct FrameRFCExampleTests {
    static let hello = Array("Hello".utf8)
    static let rfcKey = FrameTest.key([0x37, 0xFA, 0x21, 0x3D])

    @Test func unmaskedText() {
        let wire = FrameTest.hex("81 05 48 65 6c 6c 6f")
        #expect(FrameTest.frame(.text, Self.hello) == wire)
        #expect(FrameTest.decode(wire, server: false) == FrameTestOutcome(events: [.text(Self.hello)]))
    }

    @Test func maskedText() {
        let wire = FrameTest.hex("81 85 37 fa 21 3d 7f 9f 4d 51 58")
        #expect(FrameTest.frame(.text, Self.hello, mask: Self.rfcKey) == wire)
        #expect(FrameTest.decode(wire, server: true) == FrameTestOutcome(events: [.text(Self.hello)]))
    }

    @Test func fragmentedText() {
        let first = FrameTest.hex("01 03 48 65 6c")
        let second = FrameTest.hex("80 02 6c 6f")
        #expect(FrameTest.frame(.text, fin: false, Array("Hel".utf8)) == first)
        #expect(FrameTest.frame(.continuation, Array("lo".utf8)) == second)
        #expect(FrameTest.decode(first + second, server: false) == FrameTestOutcome(events: [.text(Self.hello)]))
    }

    @Test func unmaskedPing() {
        let wire = FrameTest.hex("89 05 48 65 6c 6c 6f")
        #expect(FrameTest.frame(.ping, Self.hello) == wire)
        #expect(FrameTest.decode(wire, server: false) == FrameTestOutcome(events: [.ping(Self.hello)]))
    }

    @Test func maskedPong() {
        let wire = FrameTest.hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58")
        #expect(FrameTest.frame(.pong, Self.hello, mask: Self.rfcKey) == wire)
        #expect(FrameTest.decode(wire, server: true) == FrameTestOutcome(events: [.pong(Self.hello)]))
    }

    @Test func binary256WithSixteenBitLength() {
        let payload = (0..<256).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let wire = FrameTest.hex("82 7E 01 00") + payload
        #expect(FrameTest.frame(.binary, payload) == wire)
        #expect(FrameTest.decode(wire, server: false) == FrameTestOutcome(events: [.binary(payload)]))
    }

    @Test func binary64KiBWithSixtyFourBitLength() {
        let payload = (0..<65536).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
        let wire = FrameTest.hex("82 7F 00 00 00 00 00 01 00 00") + payload
        #expect(FrameTest.frame(.binary, payload) == wire)
        #expect(FrameTest.decode(wire, server: false) == FrameTestOutcome(events: [.binary(payload)]))
    }

    @Test func everyExampleInOneStreamAtEverySplitPoint() {
        // Client-mode stream made of all unmasked examples; each 2-way split must agree.
        let stream = FrameTest.hex("81 05 48 65 6c 6c 6f 01 03 48 65 6c 89 05 48 65 6c 6c 6f 80 02 6c 6f")
        let expected = FrameTestOutcome(events: [.text(Self.hello), .ping(Self.hello), .text(Self.hello)])
        for cut in 0...stream.count {
            #expect(FrameTest.decode(stream, splits: [cut], server: false) == expected, "cut at \(cut)")
        }
    }
}
