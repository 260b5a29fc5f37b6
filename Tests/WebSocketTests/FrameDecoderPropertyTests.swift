import Testing
@testable import WebSocket

/// Randomized properties: for random valid and invalid streams, any split of the bytes
/// across reads (including one byte at a time) gives exactly the events and error of
/// feeding the whole stream at once, and those are the generated messages.
@Suite("WebSocketDecoder properties")
struct FrameDecoderPropertyTests {
    static let seeds: [UInt64] = Array(1...12)
    static let streamsPerSeed = 25

    /// Decodes with random splits, checking the memory bound after every read.
    static func decodeSplit(_ stream: [UInt8], server: Bool, rng: inout FrameTestRNG) -> FrameTestOutcome {
        // One byte at a time for most streams (the big ones too slow for that in debug builds).
        let splits = stream.count <= 16_384 && Bool.random(using: &rng)
            ? Array(repeating: 1, count: stream.count)
            : FrameTest.randomSplits(total: stream.count, using: &rng)
        var decoder = WebSocketDecoder(
            configuration: .init(maxMessageSize: FrameStreamGenerator.maxMessageSize, expectsMaskedFrames: server)
        )
        var outcome = FrameTestOutcome()
        var maxBuffered = 0
        var buffer = stream
        buffer.withUnsafeMutableBytes { all in
            var start = 0
            for size in splits where start < all.count {
                let end = min(all.count, start + size)
                let error = decoder.feed(UnsafeMutableRawBufferPointer(rebasing: all[start..<end])) { event in
                    outcome.events.append(FrameTestEvent(event))
                    return true
                }
                if outcome.error == nil { outcome.error = error }
                maxBuffered = max(maxBuffered, decoder.bufferedByteCount)
                start = end
            }
        }
        // A partial header, a message under the limit, and at most one control frame.
        #expect(maxBuffered <= FrameStreamGenerator.maxMessageSize + 125)
        return outcome
    }

    @Test(arguments: seeds, [true, false])
    func validStreamsDecodeTheSameUnderAnySplit(seed: UInt64, server: Bool) {
        var rng = FrameTestRNG(seed: seed &* 0x5151)
        for index in 0..<Self.streamsPerSeed {
            var generator = FrameStreamGenerator(seed: seed << 16 | UInt64(index), server: server)
            generator.validStream()
            let whole = FrameTest.decode(generator.stream, server: server, maxMessageSize: FrameStreamGenerator.maxMessageSize)
            #expect(whole == FrameTestOutcome(events: generator.expected), "seed \(seed) stream \(index)")
            let split = Self.decodeSplit(generator.stream, server: server, rng: &rng)
            #expect(split == whole, "seed \(seed) stream \(index)")
        }
    }

    @Test(arguments: seeds, [true, false])
    func invalidStreamsFailTheSameUnderAnySplit(seed: UInt64, server: Bool) {
        var rng = FrameTestRNG(seed: seed &* 0xA7A7)
        for index in 0..<Self.streamsPerSeed {
            var generator = FrameStreamGenerator(seed: seed << 20 | UInt64(index) | 1 << 19, server: server)
            if Bool.random(using: &rng) {
                // A valid prefix without a close, so the violation is reached.
                repeat {
                    generator = FrameStreamGenerator(seed: generator.rng.next(), server: server)
                    generator.validStream()
                } while generator.expected.contains { if case .close = $0 { true } else { false } }
            }
            let code = generator.violation()
            let whole = FrameTest.decode(generator.stream, server: server, maxMessageSize: FrameStreamGenerator.maxMessageSize)
            #expect(whole.events == generator.expected, "seed \(seed) stream \(index)")
            #expect(whole.error?.code == code, "seed \(seed) stream \(index): \(String(describing: whole.error))")
            let split = Self.decodeSplit(generator.stream, server: server, rng: &rng)
            #expect(split == whole, "seed \(seed) stream \(index)")
        }
    }

    @Test(arguments: seeds)
    func randomBytesNeverTrapAndAgreeUnderAnySplit(seed: UInt64) {
        // Pure noise, with a plausible first byte now and then: whatever it decodes to, it
        // must be the same however it is cut.
        var rng = FrameTestRNG(seed: seed &* 0x1234_5678)
        for _ in 0..<50 {
            var noise = rng.bytes(Int.random(in: 0...300, using: &rng))
            if !noise.isEmpty && Bool.random(using: &rng) { noise[0] = [0x81, 0x82, 0x01, 0x89, 0x88][Int.random(in: 0..<5, using: &rng)] }
            let server = Bool.random(using: &rng)
            let whole = FrameTest.decode(noise, server: server, maxMessageSize: 1000)
            let bytewise = FrameTest.decode(noise, splits: Array(repeating: 1, count: noise.count), server: server, maxMessageSize: 1000)
            #expect(bytewise == whole)
        }
    }

    /// Found by `fuzz-frames` (Tests/Fuzz/Frames/findings): a final text frame ending inside a
    /// character failed with a reason that depended on where the reads ended ("it ends inside
    /// a character" only when the last bytes came alone). The code was always 1007; now the
    /// reason is the same too, for every split.
    @Test func aTextMessageEndingInsideACharacterFailsAlikeUnderEverySplit() {
        let stream: [UInt8] = [0x81, 0x02, 0x00, 0xe1, 0x80, 0x3b]
        let whole = FrameTest.decode(stream, server: false, maxMessageSize: 1000)
        #expect(whole.error != nil, "invalid UTF-8: 1007")
        for cut in 1..<stream.count {
            let split = FrameTest.decode(stream, splits: [cut, stream.count - cut], server: false, maxMessageSize: 1000)
            #expect(split == whole, "cut at \(cut)")
        }
        #expect(FrameTest.decode(stream, splits: Array(repeating: 1, count: stream.count), server: false, maxMessageSize: 1000) == whole)
    }
}
