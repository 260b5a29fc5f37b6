import Testing
@testable import WebSocket

/// Every rejection rule of the decoder with its exact close code, plus the lifecycle rules.
@Suite("WebSocketDecoder rules")
struct FrameDecoderTests {
    static let key = FrameTest.someKey

    /// A server-mode (masked) frame.
    static func m(_ opcode: UInt8, fin: Bool = true, rsv: UInt8 = 0, _ payload: [UInt8]) -> [UInt8] {
        FrameTest.raw(fin: fin, rsv: rsv, opcode: opcode, payload, mask: key)
    }

    static func close(_ code: UInt16, _ reason: [UInt8] = []) -> [UInt8] {
        m(0x8, [UInt8(code >> 8), UInt8(code & 0xFF)] + reason)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var stream: [UInt8]
        var server = true
        var maxMessageSize = 16 << 20
        var code: UInt16
        var testDescription: String { name }
    }

    static let rejections: [Case] = [
        Case(name: "RSV1", stream: m(0x2, rsv: 4, [1]), code: 1002),
        Case(name: "RSV2", stream: m(0x1, rsv: 2, []), code: 1002),
        Case(name: "RSV3 on ping", stream: m(0x9, rsv: 1, []), code: 1002),
        Case(name: "ping over 125", stream: m(0x9, [UInt8](repeating: 0, count: 126)), code: 1002),
        Case(name: "pong over 125", stream: m(0xA, [UInt8](repeating: 0, count: 65536)), code: 1002),
        Case(name: "close over 125", stream: m(0x8, [3, 232] + [UInt8](repeating: 0x61, count: 124)), code: 1002),
        Case(name: "fragmented ping", stream: m(0x9, fin: false, [1]), code: 1002),
        Case(name: "fragmented close", stream: m(0x8, fin: false, [3, 232]), code: 1002),
        Case(name: "continuation first", stream: m(0x0, [1, 2]), code: 1002),
        Case(name: "continuation after complete message", stream: m(0x2, [1]) + m(0x0, [2]), code: 1002),
        Case(name: "text inside fragmented binary", stream: m(0x2, fin: false, [1]) + m(0x1, [0x61]), code: 1002),
        Case(name: "binary inside fragmented text", stream: m(0x1, fin: false, [0x61]) + m(0x9, []) + m(0x2, [1]), code: 1002),
        Case(name: "unmasked client frame", stream: FrameTest.raw(opcode: 0x2, [1]), code: 1002),
        Case(name: "unmasked client ping", stream: FrameTest.raw(opcode: 0x9, []), code: 1002),
        Case(name: "masked server frame", stream: m(0x1, [0x61]), server: false, code: 1002),
        Case(name: "64-bit length top bit", stream: FrameTest.hex("82 FF 80 00 00 00 00 00 00 00 11 22 33 44"), code: 1002),
        Case(name: "64-bit length all ones", stream: FrameTest.hex("82 7F FF FF FF FF FF FF FF FF"), server: false, code: 1002),
        Case(name: "frame over limit", stream: m(0x2, [UInt8](repeating: 0, count: 101)), maxMessageSize: 100, code: 1009),
        Case(name: "huge 64-bit length", stream: FrameTest.hex("82 FF 7F FF FF FF FF FF FF FF 11 22 33 44"), code: 1009),
        Case(name: "fragments over limit",
             stream: m(0x2, fin: false, [UInt8](repeating: 0, count: 60)) + m(0x0, [UInt8](repeating: 0, count: 41)),
             maxMessageSize: 100, code: 1009),
        Case(name: "text fragments over limit",
             stream: m(0x1, fin: false, [0x61]) + m(0x0, fin: false, []) + m(0x0, [UInt8](repeating: 0x61, count: 100)),
             maxMessageSize: 100, code: 1009),
        Case(name: "invalid UTF-8 text", stream: m(0x1, [0x61, 0xFF, 0x61]), code: 1007),
        Case(name: "overlong text", stream: m(0x1, [0xC0, 0x80]), code: 1007),
        Case(name: "surrogate text", stream: m(0x1, [0xED, 0xA0, 0x80]), code: 1007),
        Case(name: "text ends mid-character", stream: m(0x1, [0x61, 0xE2, 0x82]), code: 1007),
        Case(name: "fragmented text ends mid-character",
             stream: m(0x1, fin: false, [0xE2]) + m(0x0, fin: false, [0x82]) + m(0x0, []), code: 1007),
        Case(name: "invalid UTF-8 in second fragment",
             stream: m(0x1, fin: false, [0x61]) + m(0x0, [0xF4, 0x90, 0x80, 0x80]), code: 1007),
        Case(name: "close with 1-byte payload", stream: m(0x8, [3]), code: 1002),
        Case(name: "close code 999", stream: close(999), code: 1002),
        Case(name: "close code 1004", stream: close(1004), code: 1002),
        Case(name: "close code 1005", stream: close(1005), code: 1002),
        Case(name: "close code 1006", stream: close(1006), code: 1002),
        Case(name: "close code 1015", stream: close(1015), code: 1002),
        Case(name: "close code 1100", stream: close(1100), code: 1002),
        Case(name: "close code 2999", stream: close(2999), code: 1002),
        Case(name: "close code 5000", stream: close(5000), code: 1002),
        Case(name: "close code 65535", stream: close(65535), code: 1002),
        Case(name: "close reason invalid UTF-8", stream: close(1000, [0x6F, 0x6B, 0xCE]), code: 1007),
        Case(name: "close reason surrogate", stream: close(1000, [0xED, 0xBF, 0xBF]), code: 1007),
    ]

    @Test(arguments: rejections)
    func rejects(_ testCase: Case) {
        let outcome = FrameTest.decode(testCase.stream, server: testCase.server, maxMessageSize: testCase.maxMessageSize)
        #expect(outcome.error?.code.rawValue == testCase.code)
        #expect(outcome.error.map { !$0.reason.isEmpty && $0.reason.utf8.count <= 123 } ?? false)
        // The same error byte by byte.
        let bytewise = FrameTest.decode(
            testCase.stream, splits: Array(repeating: 1, count: testCase.stream.count),
            server: testCase.server, maxMessageSize: testCase.maxMessageSize
        )
        #expect(bytewise.error?.code.rawValue == testCase.code)
    }

    @Test(arguments: [UInt8(0x3), 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF])
    func rejectsReservedOpcode(_ opcode: UInt8) {
        let outcome = FrameTest.decode(Self.m(opcode, []), server: true)
        #expect(outcome.error?.code == .protocolError)
        #expect(outcome.error?.reason.contains("reserved opcode") == true)
    }

    @Test(arguments: [UInt16(1000), 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999])
    func acceptsCloseCode(_ code: UInt16) {
        let reason = Array("bye ✓".utf8)
        let outcome = FrameTest.decode(Self.close(code, reason) + Self.m(0x2, [1]), server: true)
        #expect(outcome == FrameTestOutcome(events: [.close(code, reason)]))
    }

    @Test func emptyCloseHasNoCode() {
        #expect(FrameTest.decode(Self.m(0x8, []), server: true) == FrameTestOutcome(events: [.close(nil, [])]))
    }

    @Test func messageOfExactlyTheLimitIsAccepted() {
        let stream = Self.m(0x2, fin: false, [UInt8](repeating: 1, count: 60)) + Self.m(0x9, [])
            + Self.m(0x0, [UInt8](repeating: 2, count: 40))
        let outcome = FrameTest.decode(stream, server: true, maxMessageSize: 100)
        #expect(outcome == FrameTestOutcome(events: [.ping([]), .binary([UInt8](repeating: 1, count: 60) + [UInt8](repeating: 2, count: 40))]))
    }

    @Test func controlFramesInterleaveWithFragments() {
        let stream = Self.m(0x1, fin: false, Array("Hé".utf8).dropLast().map { $0 }) + Self.m(0x9, [7])
            + Self.m(0x0, fin: false, [0xA9]) + Self.m(0xA, [8, 9]) + Self.m(0x0, Array("llo".utf8))
        let outcome = FrameTest.decode(stream, server: true)
        #expect(outcome == FrameTestOutcome(events: [.ping([7]), .pong([8, 9]), .text(Array("Héllo".utf8))]))
    }

    @Test func inputAfterAnErrorIsIgnored() {
        var decoder = WebSocketDecoder(configuration: .init(expectsMaskedFrames: true))
        let first = FrameTest.decode(FrameTest.raw(opcode: 0x2, [1]), splits: [], with: &decoder)
        #expect(first.error?.reason == "unmasked client frame")
        #expect(decoder.isFinished)
        #expect(decoder.bufferedByteCount == 0)
        let later = FrameTest.decode(Self.m(0x2, [1]), splits: [], with: &decoder)
        #expect(later == FrameTestOutcome())
    }

    @Test func inputAfterCloseIsIgnored() {
        let outcome = FrameTest.decode(Self.close(1000) + Self.m(0x2, [1]) + [0xFF, 0xFF], server: true)
        #expect(outcome == FrameTestOutcome(events: [.close(1000, [])]))
    }

    @Test func returningFalseStopsTheDecoder() {
        var decoder = WebSocketDecoder(configuration: .init(expectsMaskedFrames: true))
        var stream = Self.m(0x2, [1]) + Self.m(0x2, [2]) + Self.m(0x2, [3])
        var seen: [FrameTestEvent] = []
        let error = stream.withUnsafeMutableBytes { bytes in
            decoder.feed(bytes) { event in
                seen.append(FrameTestEvent(event))
                return seen.count < 2
            }
        }
        #expect(error == nil)
        #expect(seen == [.binary([1]), .binary([2])])
        #expect(decoder.isFinished)
    }

    @Test func emptyFeedDoesNothing() {
        var decoder = WebSocketDecoder(configuration: .init(expectsMaskedFrames: false))
        let error = decoder.feed(UnsafeMutableRawBufferPointer(start: nil, count: 0)) { _ in true }
        #expect(error == nil)
        #expect(!decoder.isFinished)
    }
}
