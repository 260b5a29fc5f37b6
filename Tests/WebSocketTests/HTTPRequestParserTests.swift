import Testing
@testable import WebSocket

/// The end state of feeding a series of chunks, with `consumed` made absolute (counted
/// from the first byte of the first chunk) so different splits can be compared.
private enum RequestParseOutcome: Equatable {
    case needMore
    case request(HTTPRequest, end: Int)
    case failure(HTTPParseError)
}

private func parseRequest(chunks: [[UInt8]], limits: HTTPParserLimits = .init()) -> RequestParseOutcome {
    var parser = HTTPRequestParser(limits: limits)
    var fedBefore = 0
    for chunk in chunks {
        switch parser.feed(chunk) {
        case .needMore:
            fedBefore += chunk.count
        case .request(let request, let consumed), .head(let request, let consumed):
            return .request(request, end: fedBefore + consumed)
        case .failure(let error):
            return .failure(error)
        }
        #expect(parser.bufferedByteCount <= limits.maxHeaderBytes)
    }
    return .needMore
}

private func parseRequest(_ text: String, limits: HTTPParserLimits = .init()) -> RequestParseOutcome {
    parseRequest(chunks: [httpBytes(text)], limits: limits)
}

@Suite("HTTP request parser")
struct HTTPRequestParserTests {
    static let handshake = """
        GET /play?room=1&x=%20 HTTP/1.1\r
        Host: 127.0.0.1:8080\r
        Upgrade: websocket\r
        Connection: keep-alive, Upgrade\r
        Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
        Sec-WebSocket-Version: 13\r
        X-Empty:\r
        X-Spaced: \t value with  inner spaces \t\r
        \r

        """

    @Test func parsesAWebSocketHandshake() throws {
        let input = httpBytes(Self.handshake)
        guard case .request(let request, let end) = parseRequest(chunks: [input]) else {
            Issue.record("expected a request")
            return
        }
        #expect(end == input.count)
        #expect(request.method == "GET")
        #expect(request.target == "/play?room=1&x=%20")
        #expect(request.path == "/play")
        #expect(request.query == "room=1&x=%20")
        #expect(request.versionMinor == 1)
        #expect(request.keepAlive)
        #expect(request.headers.count == 7)
        #expect(request.headers["host"] == "127.0.0.1:8080")
        #expect(request.headers["SEC-WEBSOCKET-KEY"] == "dGhlIHNhbXBsZSBub25jZQ==")
        #expect(request.headers["X-Empty"] == "")
        #expect(request.headers["X-Spaced"] == "value with  inner spaces")
        #expect(request.headers.containsToken("UPGRADE", in: "connection"))
    }

    /// Every one of these, split at every byte position, parses exactly as when fed whole.
    static let splitSamples: [String] = [
        handshake,
        "GET / HTTP/1.0\n\n",
        "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /next HTTP/1.1\r\n",
        "\r\n\r\nHEAD /x HTTP/1.1\nHost: b\n\n",
        "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
        "GET / HTTP/1.1\r\nHost: a\rX\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
        "\u{16}\u{3}\u{1}\u{2}\u{0}\u{1}\u{0}",
    ]

    @Test(arguments: splitSamples)
    func splitAtEveryPositionGivesTheSameResult(sample: String) {
        let input = httpBytes(sample)
        let whole = parseRequest(chunks: [input])
        for split in 0...input.count {
            #expect(parseRequest(chunks: [Array(input[..<split]), Array(input[split...])]) == whole, "split at \(split)")
        }
        #expect(parseRequest(chunks: input.map { [$0] }) == whole, "one byte at a time")
    }

    /// 600 seeded random inputs, each fed whole and in random chunks (empty ones
    /// included) under random limits: same outcome both ways, no trap, bounded buffer.
    /// The tally makes sure the generator really reaches both successes and failures.
    @Test func randomSplitsAgreeAndGarbageNeverCrashes() {
        var requests = 0
        var failures = 0
        for seed in 0..<600 {
            var rng = HTTPTestRNG(seed: UInt64(seed))
            let input = Self.randomInput(using: &rng)
            let limits = Bool.random(using: &rng) ? HTTPParserLimits() : HTTPParserLimits(
                maxHeaderBytes: Int.random(in: 16...600, using: &rng),
                maxHeaderCount: Int.random(in: 1...8, using: &rng),
                maxTargetLength: Int.random(in: 1...100, using: &rng))
            let whole = parseRequest(chunks: [input], limits: limits)
            var chunks: [[UInt8]] = []
            var offset = 0
            while offset < input.count {
                let end = min(input.count, offset + Int.random(in: 0...40, using: &rng))
                chunks.append(Array(input[offset..<end]))
                offset = end
            }
            #expect(parseRequest(chunks: chunks, limits: limits) == whole, "seed \(seed)")
            switch whole {
            case .request(_, let end):
                requests += 1
                #expect(end <= min(input.count, limits.maxHeaderBytes))
            case .failure: failures += 1
            case .needMore: break
            }
        }
        #expect(requests > 20 && failures > 200, "requests \(requests), failures \(failures)")
    }

    /// Random bytes, sometimes pure noise, sometimes a plausible request with bytes
    /// flipped, so both the early and the late checks get exercised.
    static func randomInput(using rng: inout HTTPTestRNG) -> [UInt8] {
        switch Int.random(in: 0..<3, using: &rng) {
        case 0:
            return (0..<Int.random(in: 0...700, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        case 1:
            let alphabet = httpBytes("GET /HTP1.0\r\n: \tHost:abc,%?=#\u{7f}")
            return (0..<Int.random(in: 0...400, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
        default:
            var input = httpBytes(handshake + "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            for _ in 0..<Int.random(in: 0...2, using: &rng) {
                input[Int.random(in: 0..<input.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            return input
        }
    }

    @Test func pipelinedRequestsAndTrailingBytesHaveExactConsumedCounts() {
        let first = httpBytes("GET /a HTTP/1.1\r\nHost: h\r\n\r\n")
        let second = httpBytes("HEAD /b?q HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        let frames: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D]
        let stream = first + second + frames
        var parser = HTTPRequestParser()

        guard case .request(let a, let consumedA) = parser.feed(stream) else { Issue.record("first"); return }
        #expect(consumedA == first.count)
        #expect(a.path == "/a" && a.keepAlive)
        #expect(parser.bufferedByteCount == 0)

        guard case .request(let b, let consumedB) = parser.feed(Array(stream[consumedA...])) else {
            Issue.record("second"); return
        }
        #expect(consumedB == second.count)
        #expect(b.method == "HEAD" && b.path == "/b" && b.query == "q" && !b.keepAlive)
        #expect(Array(stream[(consumedA + consumedB)...]) == frames)
    }

    @Test(arguments: [
        // Request line
        ("GET / HTTP/2.0\r\n\r\n", 505), ("GET / HTTP/0.9\r\n\r\n", 505), ("GET / HTTP/3.1\r\n\r\n", 505),
        ("GET / http/1.1\r\n\r\n", 400), ("GET / HTTP/1.10\r\n\r\n", 400), ("GET / HTTP/1.\r\n\r\n", 400),
        ("GET / HTTP/1.1 \r\n\r\n", 400), ("GET  / HTTP/1.1\r\n\r\n", 400), ("GET /  HTTP/1.1\r\n\r\n", 400),
        (" GET / HTTP/1.1\r\n\r\n", 400), ("GET\r\n\r\n", 400), ("GET /\r\n\r\n", 400),
        ("G(T / HTTP/1.1\r\n\r\n", 400), ("GET /a\u{7f} HTTP/1.1\r\n\r\n", 400), ("GET /a#b HTTP/1.1\r\n\r\n", 400),
        ("GET /\tx HTTP/1.1\r\n\r\n", 400), ("GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("CONNECT example.com:443 HTTP/1.1\r\nHost: a\r\n\r\n", 400), ("GET a/b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("\u{16}\u{3}\u{1}\u{2}\u{0}", 400), ("GET / HTTP/1.1\r\r\n\r\n", 400),
        // Header fields
        ("GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n folded\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n\tHost: a\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nno colon here\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\n: empty name\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\u{0}b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\u{7f}b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\u{1}b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHo\u{e9}st: a\r\n\r\n", 400),
        // Host
        ("GET / HTTP/1.1\r\n\r\n", 400), ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        // Bodies
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n", 413),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999999\r\n\r\n", 413),
        ("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", 411),
        ("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 3\r\n\r\n", 411),
        ("GET / HTTP/1.0\r\nTransfer-Encoding: identity\r\n\r\n", 501),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0, 1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 2\r\n\r\n", 400),
    ])
    func rejects(input: String, status: Int) {
        guard case .failure(let error) = parseRequest(input) else {
            Issue.record("accepted \(input.debugDescription)")
            return
        }
        #expect(error.status.code == status, "\(input.debugDescription): \(error)")
        #expect(!error.reason.isEmpty)
    }

    @Test(arguments: [
        "GET / HTTP/1.0\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0, 0\r\nContent-Length: 00\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET http://example.com/x?y HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "GET / HTTP/1.9\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost:\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX-UTF8: caf\u{e9} \u{1F3AE}\r\n\r\n",
        "M-SEARCH /~user!$&'*+.^_`| HTTP/1.1\r\nHost: a\r\n\r\n",
    ])
    func accepts(input: String) {
        guard case .request = parseRequest(input) else {
            Issue.record("rejected \(input.debugDescription): \(parseRequest(input))")
            return
        }
    }

    @Test func absoluteFormAndAsteriskTargets() {
        guard case .request(let absolute, _) = parseRequest("GET HTTP://Example.com:80/x/y?z=1 HTTP/1.1\r\nHost: e\r\n\r\n"),
              case .request(let bare, _) = parseRequest("GET http://example.com HTTP/1.1\r\nHost: e\r\n\r\n"),
              case .request(let star, _) = parseRequest("OPTIONS * HTTP/1.1\r\nHost: e\r\n\r\n") else {
            Issue.record("expected requests")
            return
        }
        #expect(absolute.path == "/x/y" && absolute.query == "z=1")
        #expect(bare.path == "/" && bare.query == nil)
        #expect(star.path == "*")
    }

    @Test func queryIsNilWithoutQuestionMarkAndEmptyWithOne() {
        #expect(HTTPRequest(target: "/a").query == nil)
        #expect(HTTPRequest(target: "/a?").query == "")
        #expect(HTTPRequest(target: "/a?b?c").path == "/a")
        #expect(HTTPRequest(target: "/a?b?c").query == "b?c")
        #expect(HTTPRequest(target: "/%2e%2e/x").path == "/%2e%2e/x")
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", true),
        ("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, CLOSE\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nConnection: close\r\n\r\n", false),
        ("GET / HTTP/1.0\r\n\r\n", false),
        ("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true),
        ("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nHost: a\r\nConnection: closed\r\n\r\n", true),
    ])
    func keepAlive(input: String, expected: Bool) {
        guard case .request(let request, _) = parseRequest(input) else { Issue.record("rejected"); return }
        #expect(request.keepAlive == expected)
    }

    @Test func bareLineFeedsAndLeadingEmptyLinesAreTolerated() {
        let input = "\r\n\nGET /x HTTP/1.1\nHost: a\nX: y\r\n\n"
        guard case .request(let request, let end) = parseRequest(input + "rest") else {
            Issue.record("rejected"); return
        }
        #expect(end == input.utf8.count)
        #expect(request.headers["x"] == "y")
    }

    @Test func slowLorisHitsTheHeaderLimitWithBoundedBuffer() {
        let limits = HTTPParserLimits()
        var parser = HTTPRequestParser(limits: limits)
        var stream = httpBytes("GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ")
        stream += [UInt8](repeating: UInt8(ascii: "z"), count: limits.maxHeaderBytes)
        var fed = 0
        var outcome: HTTPRequestParser.Result = .needMore
        for byte in stream {
            outcome = parser.feed([byte])
            fed += 1
            #expect(parser.bufferedByteCount <= limits.maxHeaderBytes)
            if case .failure = outcome { break }
            #expect(outcome == .needMore)
        }
        #expect(outcome == .failure(HTTPParseError(status: .requestHeaderFieldsTooLarge,
                                                   reason: "header section larger than 8192 bytes")))
        #expect(fed == limits.maxHeaderBytes + 1)
        // A failed parser stays failed and takes nothing more.
        #expect(parser.feed(httpBytes("\r\n\r\n")) == outcome)
        #expect(parser.bufferedByteCount <= limits.maxHeaderBytes)
        parser.reset()
        #expect(parser.bufferedByteCount == 0)
        guard case .request = parser.feed(httpBytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n")) else {
            Issue.record("reset parser should parse again"); return
        }
    }

    @Test func endlessEmptyLinesAreBoundedToo() {
        var parser = HTTPRequestParser()
        let outcome = parser.feed([UInt8](repeating: UInt8(ascii: "\n"), count: 10_000))
        #expect(outcome == .failure(.init(status: .requestHeaderFieldsTooLarge, reason: "header section larger than 8192 bytes")))
    }

    @Test func headerLimitBoundaryIsExact() {
        let head = "GET / HTTP/1.1\r\nHost: a\r\nX: "
        let limits = HTTPParserLimits(maxHeaderBytes: 100)
        let fits = head + String(repeating: "v", count: 100 - head.utf8.count - 4) + "\r\n\r\n"
        #expect(fits.utf8.count == 100)
        guard case .request(_, let end) = parseRequest(fits, limits: limits) else { Issue.record("limit too strict"); return }
        #expect(end == 100)
        let tooBig = head + String(repeating: "v", count: 100 - head.utf8.count - 3) + "\r\n\r\n"
        #expect(parseRequest(tooBig, limits: limits) == .failure(.init(status: .requestHeaderFieldsTooLarge,
                                                                reason: "header section larger than 100 bytes")))
    }

    @Test func targetLimitIsExactAndFailsBeforeTheLineEnds() {
        let limits = HTTPParserLimits(maxTargetLength: 10)
        let ok = "GET /123456789 HTTP/1.1\r\nHost: a\r\n\r\n"
        guard case .request = parseRequest(ok, limits: limits) else { Issue.record("limit too strict"); return }
        // No line ending at all: the 11th target byte alone decides.
        guard case .failure(let error) = parseRequest("GET /1234567890", limits: limits) else {
            Issue.record("expected 414"); return
        }
        #expect(error.status == .uriTooLong)
    }

    @Test func headerCountLimitIsExact() {
        let limits = HTTPParserLimits(maxHeaderCount: 3)
        guard case .request = parseRequest("GET / HTTP/1.1\r\nHost: a\r\nB: 1\r\nC: 2\r\n\r\n", limits: limits) else {
            Issue.record("limit too strict"); return
        }
        guard case .failure(let error) = parseRequest("GET / HTTP/1.1\r\nHost: a\r\nB: 1\r\nC: 2\r\nD: 3\r\n\r\n", limits: limits) else {
            Issue.record("expected 431"); return
        }
        #expect(error.status == .requestHeaderFieldsTooLarge)
    }

    @Test func emptyFeedNeedsMore() {
        var parser = HTTPRequestParser()
        #expect(parser.feed([]) == .needMore)
        #expect(parser.feed(httpBytes("GET")) == .needMore)
        #expect(parser.bufferedByteCount == 3)
    }

    @Test func resetDiscardsAPartialHead() {
        var parser = HTTPRequestParser()
        _ = parser.feed(httpBytes("GET /a HTTP/1.1\r\nHo"))
        parser.reset()
        guard case .request(let request, _) = parser.feed(httpBytes("GET /b HTTP/1.1\r\nHost: c\r\n\r\n")) else {
            Issue.record("rejected"); return
        }
        #expect(request.path == "/b" && request.headers["Host"] == "c")
    }

    @Test func aBodyIsReadOnlyWhenTheRouteAsksAndSplitsAnywhere() {
        let head = "POST /engine.io/?EIO=4 HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n"
        let bytes = Array((head + "hello world" + "GET /next HTTP/1.1\r\nHost: a\r\n\r\n").utf8)
        for split in 1 ..< bytes.count {
            var parser = HTTPRequestParser()
            var requests: [HTTPRequest] = []
            var pending = Array(bytes[..<split])
            var rest = Array(bytes[split...])
            while true {
                switch parser.feed(pending) {
                case .needMore:
                    guard !rest.isEmpty else { pending = []; break }
                    pending = rest
                    rest = []
                    continue
                case .head(let request, let consumed):
                    #expect(request.contentLength == 11 && request.body.isEmpty)
                    parser.readBody()
                    pending = Array(pending[consumed...])
                    continue
                case .request(let request, let consumed):
                    requests.append(request)
                    parser.reset()
                    pending = Array(pending[consumed...])
                    if pending.isEmpty && rest.isEmpty { break }
                    continue
                case .failure(let error):
                    Issue.record("split \(split): \(error)")
                }
                break
            }
            #expect(requests.map(\.path) == ["/engine.io/", "/next"], "split \(split)")
            #expect(requests.first.map { String(decoding: $0.body, as: UTF8.self) } == "hello world", "split \(split)")
            #expect(requests.last?.body.isEmpty == true)
        }
    }

    @Test func theBodyBoundIsTheParsersLimit() {
        var parser = HTTPRequestParser(limits: HTTPParserLimits(maxBodyBytes: 10))
        guard case .failure(let error) = parser.feed(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n".utf8)) else {
            Issue.record("an 11-byte body passed a 10-byte limit"); return
        }
        #expect(error.status == .payloadTooLarge)
        var exact = HTTPRequestParser(limits: HTTPParserLimits(maxBodyBytes: 10))
        guard case .head = exact.feed(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n".utf8)) else {
            Issue.record("a 10-byte body did not pass a 10-byte limit"); return
        }
        #expect(exact.bufferedByteCount == 0)
    }
}
