import Testing
@testable import WebSocket

/// How the decoder behaves across reads: failing fast, limits before buffering, zero copy,
/// and the memory it holds.
@Suite("WebSocketDecoder streaming")
struct FrameDecoderStreamingTests {
    static let key = FrameTest.someKey

    static func server(maxMessageSize: Int = 16 << 20) -> WebSocketDecoder {
        WebSocketDecoder(configuration: .init(maxMessageSize: maxMessageSize, expectsMaskedFrames: true))
    }

    /// Feeds one piece and returns its events and error.
    static func feed(_ decoder: inout WebSocketDecoder, _ bytes: [UInt8]) -> FrameTestOutcome {
        FrameTest.decode(bytes, splits: [], with: &decoder)
    }

    @Test func invalidFirstFragmentFailsBeforeTheMessageEnds() {
        var decoder = Self.server()
        let first = FrameTest.raw(fin: false, opcode: 0x1, [0x61, 0x62, 0xC0, 0xAF], mask: Self.key)
        #expect(Self.feed(&decoder, first).error?.code == .invalidPayload)
    }

    @Test func invalidBytesInAChoppedFrameFailAsSoonAsTheyArrive() {
        // One 12-byte text frame; the first read ends just after the impossible byte (F5).
        let frame = FrameTest.raw(opcode: 0x1, Array("abcd".utf8) + [0xF5] + Array("efghijk".utf8), mask: Self.key)
        var decoder = Self.server()
        #expect(Self.feed(&decoder, Array(frame[..<(6 + 5)])).error?.code == .invalidPayload)
    }

    @Test func impossibleContinuationFailsAtItsByte() {
        // E0 80 can never be completed: fail on the 80 even though more could follow.
        var decoder = Self.server()
        let frame = FrameTest.raw(opcode: 0x1, [0x61, 0xE0, 0x80, 0x80], mask: Self.key)
        #expect(Self.feed(&decoder, Array(frame[..<(6 + 2)])) == FrameTestOutcome())
        #expect(Self.feed(&decoder, [frame[8]]).error?.code == .invalidPayload)
    }

    @Test func tooBigIsRefusedFromTheHeaderAlone() {
        var decoder = Self.server(maxMessageSize: 1000)
        // Only the 8-byte header of a masked 1001-byte frame.
        let header = Array(FrameTest.raw(opcode: 0x2, [UInt8](repeating: 0, count: 1001), mask: Self.key)[..<8])
        #expect(Self.feed(&decoder, header).error?.code == .messageTooBig)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func tooBigFragmentIsRefusedFromItsHeader() {
        var decoder = Self.server(maxMessageSize: 1000)
        let first = FrameTest.raw(fin: false, opcode: 0x2, [UInt8](repeating: 0, count: 900), mask: Self.key)
        #expect(Self.feed(&decoder, first) == FrameTestOutcome())
        #expect(decoder.bufferedByteCount == 900)
        let nextHeader = Array(FrameTest.raw(opcode: 0x0, [UInt8](repeating: 0, count: 101), mask: Self.key)[..<6])
        #expect(Self.feed(&decoder, nextHeader).error?.code == .messageTooBig)
    }

    @Test func wholeMessagesAreDeliveredFromTheCallersBuffer() {
        var decoder = Self.server()
        var stream = FrameTest.raw(opcode: 0x2, [1, 2, 3], mask: Self.key) + FrameTest.raw(opcode: 0x9, [4], mask: Self.key)
        var insideBuffer: [Bool] = []
        _ = stream.withUnsafeMutableBytes { bytes in
            let range = UInt(bitPattern: bytes.baseAddress!)..<UInt(bitPattern: bytes.baseAddress! + bytes.count)
            return decoder.feed(bytes) { event in
                switch event {
                case .binary(let payload), .ping(let payload):
                    insideBuffer.append(range.contains(UInt(bitPattern: payload.baseAddress!)))
                default:
                    insideBuffer.append(false)
                }
                return true
            }
        }
        #expect(insideBuffer == [true, true])
        #expect(decoder.bufferedByteCount == 0)
        #expect(decoder.message.capacity == 0, "the fast path must not allocate")
    }

    @Test func bufferedByteCountTracksWhatStraddlesReads() {
        var decoder = Self.server()
        let frame = FrameTest.raw(opcode: 0x2, [UInt8](repeating: 9, count: 300), mask: Self.key)  // 8-byte header
        #expect(Self.feed(&decoder, Array(frame[..<3])) == FrameTestOutcome())
        #expect(decoder.bufferedByteCount == 3)
        #expect(Self.feed(&decoder, Array(frame[3..<108])) == FrameTestOutcome())
        #expect(decoder.bufferedByteCount == 100)
        #expect(Self.feed(&decoder, Array(frame[108...])) == FrameTestOutcome(events: [.binary([UInt8](repeating: 9, count: 300))]))
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func splitControlFrameWaitsForItsLastByte() {
        var decoder = Self.server()
        let ping = FrameTest.raw(opcode: 0x9, Array("ping!".utf8), mask: Self.key)
        #expect(Self.feed(&decoder, Array(ping[..<8])) == FrameTestOutcome())
        #expect(decoder.bufferedByteCount == 2)
        #expect(Self.feed(&decoder, Array(ping[8...])) == FrameTestOutcome(events: [.ping(Array("ping!".utf8))]))
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func largeStorageIsReleasedOnceDelivered() {
        var decoder = Self.server()
        let big = [UInt8](repeating: 1, count: 100_000)
        let fragments = FrameTest.raw(fin: false, opcode: 0x2, Array(big[..<50_000]), mask: Self.key)
            + FrameTest.raw(opcode: 0x0, Array(big[50_000...]), mask: Self.key)
        #expect(Self.feed(&decoder, fragments) == FrameTestOutcome(events: [.binary(big)]))
        #expect(decoder.message.capacity == 0)

        let small = FrameTest.raw(fin: false, opcode: 0x2, [1], mask: Self.key) + FrameTest.raw(opcode: 0x0, [2], mask: Self.key)
        #expect(Self.feed(&decoder, small) == FrameTestOutcome(events: [.binary([1, 2])]))
        #expect(decoder.message.capacity > 0, "small storage is kept for the next message")
    }

    @Test func storageNeverOutgrowsTheLimit() {
        let limit = 70_000
        var decoder = Self.server(maxMessageSize: limit)
        let payload = [UInt8](repeating: 7, count: limit)
        var stream = FrameTest.raw(fin: false, opcode: 0x2, Array(payload[..<1]), mask: Self.key)
            + FrameTest.raw(opcode: 0x0, Array(payload[1...]), mask: Self.key)
        var delivered = 0
        var maxBuffered = 0
        var maxCapacity = 0
        stream.withUnsafeMutableBytes { all in
            var start = 0
            while start < all.count {
                let end = min(all.count, start + 997)
                let error = decoder.feed(UnsafeMutableRawBufferPointer(rebasing: all[start..<end])) { _ in
                    delivered += 1
                    return true
                }
                #expect(error == nil)
                maxBuffered = max(maxBuffered, decoder.bufferedByteCount)
                maxCapacity = max(maxCapacity, decoder.message.capacity)
                start = end
            }
        }
        #expect(delivered == 1)
        #expect(maxBuffered <= limit + 14)
        #expect(maxCapacity <= limit + 64, "capacity \(maxCapacity) beyond the limit (allowing allocator rounding)")
    }
}
