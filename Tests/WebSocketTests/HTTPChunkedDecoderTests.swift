import Testing
@testable import WebSocket

/// Chunked bodies fed in every split the socket could make.
@Suite struct HTTPChunkedDecoderTests {
    static func decode(_ pieces: [[UInt8]]) throws(HTTPChunkedDecoder.Failure) -> (data: [UInt8], finished: Bool) {
        var decoder = HTTPChunkedDecoder()
        var data: [UInt8] = []
        for piece in pieces {
            var failure: HTTPChunkedDecoder.Failure?
            piece.withUnsafeBytes { raw in
                do throws(HTTPChunkedDecoder.Failure) { try decoder.feed(raw) { data.append(contentsOf: $0) } } catch { failure = error }
            }
            if let failure { throw failure }
        }
        return (data, decoder.isFinished)
    }

    static let line = Array("{\"result\":{\"n\":1}}\n".utf8)
    /// Two chunks of one line (one with an extension), the last chunk, a trailer.
    static let body = Array("13;name=value\r\n".utf8) + line + Array("\r\n13\r\n".utf8) + line
        + Array("\r\n0\r\nX-Trailer: 1\r\n\r\n".utf8)

    @Test func everySplitGivesTheSameData() throws {
        let expected = Self.line + Self.line
        #expect(Self.line.count == 0x13)
        let whole = try Self.decode([Self.body])
        #expect(whole.data == expected && whole.finished)
        for cut in 0...Self.body.count {
            let split = try Self.decode([Array(Self.body[..<cut]), Array(Self.body[cut...])])
            #expect(split.data == expected && split.finished, "cut at \(cut)")
        }
        let bytewise = try Self.decode(Self.body.map { [$0] })
        #expect(bytewise.data == expected && bytewise.finished)
    }

    @Test func aStreamThatNeverEndsHandsOnEachChunkAsItComes() throws {
        var decoder = HTTPChunkedDecoder()
        var lines: [String] = []
        for line in ["{\"a\":1}\n", "{\"b\":2}\n"] {
            let chunk = Array((String(line.utf8.count, radix: 16) + "\r\n" + line + "\r\n").utf8)
            var failure: HTTPChunkedDecoder.Failure?
            chunk.withUnsafeBytes { raw in
                do throws(HTTPChunkedDecoder.Failure) { try decoder.feed(raw) { lines.append(String(decoding: $0, as: UTF8.self)) } } catch { failure = error }
            }
            #expect(failure == nil)
        }
        #expect(lines == ["{\"a\":1}\n", "{\"b\":2}\n"])
        #expect(!decoder.isFinished)
    }

    @Test(arguments: ["zz\r\n", "\r\n", "5\r\nhelloXX", ";x\r\n", "80000000\r\n"])
    func badFramingIsAnError(text: String) {
        #expect(throws: HTTPChunkedDecoder.Failure.self) { _ = try Self.decode([Array(text.utf8)]) }
    }

    @Test func anEndlessSizeLineIsRefusedNotBuffered() {
        #expect(throws: HTTPChunkedDecoder.Failure.lineTooLong) { _ = try Self.decode([Array(repeating: UInt8(ascii: "1"), count: 5000)]) }
    }
}
