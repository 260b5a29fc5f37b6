import Testing
@testable import WebSocket

@Suite("HTTP response parser")
struct HTTPResponseParserTests {
    static let answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"

    @Test func parsesAHandshakeAnswerAndLeavesFramesUnconsumed() {
        let frames: [UInt8] = [0x81, 0x02, 0x68, 0x69]
        var parser = HTTPResponseParser()
        guard case .response(let head, let consumed) = parser.feed(httpBytes(Self.answer) + frames) else {
            Issue.record("rejected"); return
        }
        #expect(consumed == Self.answer.utf8.count)
        #expect(head.status == 101)
        #expect(head.reason == "Switching Protocols")
        #expect(head.headers["sec-websocket-accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func everySplitGivesTheSameHead() {
        let input = httpBytes(Self.answer)
        var whole = HTTPResponseParser()
        let expected = whole.feed(input)
        for split in 0...input.count {
            var parser = HTTPResponseParser()
            let first = parser.feed(Array(input[..<split]))
            if split == input.count {
                #expect(first == expected)
                continue
            }
            #expect(first == .needMore)
            guard case .response(let head, let consumed) = parser.feed(Array(input[split...])),
                  case .response(let wholeHead, _) = expected else {
                Issue.record("split \(split)"); continue
            }
            #expect(head == wholeHead)
            #expect(consumed == input.count - split)
        }
    }

    @Test(arguments: [
        ("HTTP/1.1 101\r\n\r\n", 101, ""),
        ("HTTP/1.1 101 \r\n\r\n", 101, ""),
        ("HTTP/1.0 404 Not Found\n\n", 404, "Not Found"),
        ("HTTP/1.1 200 OK fine \u{e9}\r\n\r\n", 200, "OK fine \u{e9}"),
    ])
    func statusLines(input: String, status: Int, reason: String) {
        var parser = HTTPResponseParser()
        guard case .response(let head, _) = parser.feed(httpBytes(input)) else { Issue.record("rejected"); return }
        #expect(head.status == status)
        #expect(head.reason == reason)
    }

    @Test(arguments: [
        ("HTTP/2 101\r\n\r\n", 400), ("HTTP/2.0 101 x\r\n\r\n", 505), ("http/1.1 101 x\r\n\r\n", 400),
        ("HTTP/1.1 1O1 x\r\n\r\n", 400), ("HTTP/1.1 1010 x\r\n\r\n", 400), ("HTTP/1.1 10\r\n\r\n", 400),
        ("HTTP/1.1  101 x\r\n\r\n", 400), ("HTTP/1.1 101 a\u{1}b\r\n\r\n", 400),
        ("HTTP/1.1 101 x\r\nBad Name: y\r\n\r\n", 400), ("HTTP/1.1 101 x\r\nA: b\r\n c\r\n\r\n", 400),
        ("SSH-2.0-OpenSSH_9.6\r\n", 400),
    ])
    func rejects(input: String, status: Int) {
        var parser = HTTPResponseParser()
        guard case .failure(let error) = parser.feed(httpBytes(input)) else { Issue.record("accepted \(input.debugDescription)"); return }
        #expect(error.status.code == status)
    }

    @Test func oversizedHeadIsRefusedWithBoundedBuffer() {
        var parser = HTTPResponseParser(limits: .init(maxHeaderBytes: 64))
        let outcome = parser.feed(httpBytes("HTTP/1.1 101 x\r\nX: " + String(repeating: "y", count: 100)))
        #expect(parser.bufferedByteCount <= 64)
        guard case .failure(let error) = outcome else { Issue.record("accepted"); return }
        #expect(error.status == .requestHeaderFieldsTooLarge)
    }

    @Test func randomGarbageNeverCrashes() {
        for seed in 0..<200 {
            var rng = HTTPTestRNG(seed: UInt64(seed) &+ 7_000)
            var input = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if Bool.random(using: &rng) { input = httpBytes("HTTP/1.1 ") + input }
            var parser = HTTPResponseParser(limits: .init(maxHeaderBytes: 256))
            _ = parser.feed(input)
            #expect(parser.bufferedByteCount <= 256)
        }
    }
}
