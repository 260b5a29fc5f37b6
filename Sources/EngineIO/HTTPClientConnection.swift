import Platform
import WebSocket

/// One keep-alive HTTP/1.1 client connection on a loop, one request at a time: what an
/// Engine.IO polling client needs (a long-poll GET on one, POSTs on another), built on the
/// same socket calls, registration and `HTTPResponseParser` as the WebSocket client. It
/// (re)connects on demand, bounds every response by `maxResponseBytes`, and fails a request
/// whose response does not end before its time-out (checked in the loop's quarter-second
/// sweep, so a request costs no timer). Bodies need a Content-Length (chunked responses are
/// refused: the game server never sends them). Loop thread only.
public final class HTTPClientConnection: EventLoopHandler, LoopTrackedConnection {
    public unowned let loop: EventLoop
    public let host: String
    public let port: Int
    public weak var delegate: (any HTTPClientConnectionDelegate)?
    /// Largest response body accepted.
    public var maxResponseBytes: Int
    public var connectTimeout: UInt64 = 5_000_000_000
    public var loopIndex = -1
    /// A connection this process opened: not one of the loop's served connections.
    public var countsAsConnection: Bool { false }

    private var fd: Int32 = -1
    private var token: UInt64 = 0
    private var interest: SelectorInterest = []
    private var connecting = false
    private var inFlight = false
    /// The request's bytes not yet taken by the kernel start at `outOffset`.
    private var out: [UInt8] = []
    private var outOffset = 0
    private var parser: HTTPResponseParser
    private var head: HTTPResponseHead?
    private var bodyLength = 0
    private var body: [UInt8] = []
    private var deadline: UInt64 = 0
    private var requestTimeout: UInt64 = 0
    /// `Host` and the fixed headers, serialized once.
    private let fixedHeaders: [UInt8]
    /// The request in flight streams its body to the delegate (`stream`), not buffered.
    private var streaming = false
    private var streamBody = StreamBody.none

    /// How a streamed response's body ends.
    private enum StreamBody {
        case none
        case chunked(HTTPChunkedDecoder)
        case length(remaining: Int)
        /// No length and not chunked: the body runs until the server closes.
        case untilClose
    }

    public init(loop: EventLoop, host: String, port: Int, headers: [(name: String, value: String)] = [],
                maxResponseBytes: Int = 1 << 20, limits: HTTPParserLimits = .init()) {
        self.loop = loop
        self.host = host
        self.port = port
        self.maxResponseBytes = maxResponseBytes
        parser = HTTPResponseParser(limits: limits)
        var fixed = Array("Host: \(Socket.authority(host: host, port: port))\r\n".utf8)
        for (name, value) in headers { fixed += Array("\(name): \(value)\r\n".utf8) }
        fixedHeaders = fixed
    }

    /// A request is in flight (a second one must wait for its answer).
    public var isBusy: Bool { inFlight }
    /// The socket is open (between requests too: keep-alive).
    public var isConnected: Bool { fd >= 0 }

    /// Sends one request whose response is a stream (a watch): the head goes to
    /// `didReceiveStreamHead`, the body's bytes (de-chunked) to `didReceiveStreamData` as they
    /// arrive, its end to `streamDidEnd`; a failure, as for `send`, to `didFail`. `timeout`
    /// (ns) bounds the wait for the head only: a stream may stay quiet for ever.
    public func stream(method: String = "GET", target: String, timeout: UInt64) {
        start(method: method, target: target, body: UnsafeRawBufferPointer(start: nil, count: 0), contentType: nil,
              timeout: timeout, streaming: true)
    }

    /// Sends one request; its response (or failure) goes to the delegate. `timeout` (ns) runs
    /// from now to the response's last byte. Connects first when not connected.
    public func send(method: String, target: String, body: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
                     contentType: String? = nil, timeout: UInt64) {
        start(method: method, target: target, body: body, contentType: contentType, timeout: timeout, streaming: false)
    }

    private func start(method: String, target: String, body: UnsafeRawBufferPointer, contentType: String?,
                       timeout: UInt64, streaming: Bool) {
        precondition(!inFlight, "one request at a time")
        inFlight = true
        self.streaming = streaming
        streamBody = .none
        requestTimeout = timeout
        out.removeAll(keepingCapacity: true)
        outOffset = 0
        out.append(contentsOf: method.utf8)
        out.append(0x20)
        out.append(contentsOf: target.utf8)
        out.append(contentsOf: " HTTP/1.1\r\n".utf8)
        out.append(contentsOf: fixedHeaders)
        if method != "GET" || body.count > 0 {
            if let contentType { out.append(contentsOf: "Content-Type: \(contentType)\r\n".utf8) }
            out.append(contentsOf: "Content-Length: \(body.count)\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        out.append(contentsOf: body)
        if fd < 0 {
            do throws(SystemError) { try open() } catch {
                fail(.connectFailed("\(error)"))
                return
            }
            deadline = loop.now + connectTimeout
        } else {
            deadline = loop.now + timeout
            flush()
        }
    }

    /// Closes the socket; a request in flight is dropped without a word to the delegate.
    public func close() {
        closeSocket()
        resetRequest()
    }

    // MARK: Socket

    private func open() throws(SystemError) {
        let socket = try Socket.connect(host: host, port: port)
        do {
            token = try loop.register(self, fd: socket, interest: .write)
        } catch {
            Socket.close(socket)
            throw error
        }
        fd = socket
        interest = .write
        connecting = true
        loop.track(self)
    }

    private func closeSocket() {
        guard fd >= 0 else { return }
        loop.deregister(fd: fd, token: token)
        Socket.close(fd)
        loop.untrack(self)
        fd = -1
        connecting = false
        interest = []
    }

    private func resetRequest() {
        inFlight = false
        streaming = false
        streamBody = .none
        deadline = 0
        head = nil
        bodyLength = 0
        body.removeAll(keepingCapacity: true)
        parser.reset()
        out.removeAll(keepingCapacity: true)
        outOffset = 0
    }

    private func fail(_ error: HTTPClientError) {
        let wasInFlight = inFlight
        closeSocket()
        resetRequest()
        if wasInFlight { delegate?.httpClient(self, didFail: error) }
    }

    public func checkDeadlines(now: UInt64) {
        if inFlight && deadline != 0 && now >= deadline { fail(.timedOut) }
    }

    private func updateInterest() {
        guard fd >= 0 else { return }
        var desired: SelectorInterest = .read
        if connecting || outOffset < out.count { desired.insert(.write) }
        guard desired != interest else { return }
        interest = desired
        loop.changeInterest(fd: fd, token: token, interest: desired)
    }

    private func flush() {
        while outOffset < out.count {
            var result = IOResult.wouldBlock
            var failure: SystemError?
            out.withUnsafeBytes { bytes in
                do throws(SystemError) {
                    result = try Socket.send(fd, UnsafeRawBufferPointer(rebasing: bytes[outOffset...]))
                } catch { failure = error }
            }
            if let failure {
                fail(.io("\(failure)"))
                return
            }
            guard case .processed(let count) = result else { break }
            loop.metrics.sent(bytes: count)
            outOffset += count
        }
        if outOffset == out.count {
            out.removeAll(keepingCapacity: true)
            outOffset = 0
        }
        updateInterest()
    }

    // MARK: Events

    public func handle(_ event: SelectorEvent) {
        if connecting {
            guard event.writable || event.failed else { return }
            let error = Socket.pendingError(fd)
            guard error == 0 else {
                fail(.connectFailed("\(SystemError("connect", errno: error))"))
                return
            }
            Socket.setNoDelay(fd)
            connecting = false
            deadline = loop.now + requestTimeout
            flush()
            return
        }
        if event.writable && outOffset < out.count { flush() }
        if fd >= 0 && (event.readable || event.failed) { readAvailable() }
    }

    private func readAvailable() {
        let buffer = loop.readBuffer
        while fd >= 0 {
            let count: Int
            do throws(SystemError) {
                guard case .processed(let n) = try Socket.read(fd, into: buffer) else { return }
                count = n
            } catch {
                fail(.io("\(error)"))
                return
            }
            guard count > 0 else {
                if inFlight && streaming, head != nil, case .untilClose = streamBody {
                    endStream()  // a body delimited by the close has ended
                    return
                }
                // An idle keep-alive connection the server closed is no failure: reconnect later.
                if inFlight { fail(.closedEarly) } else { closeSocket() }
                return
            }
            loop.metrics.received(bytes: count)
            guard inFlight else {
                closeSocket()  // bytes nobody asked for: the connection is out of step
                return
            }
            feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            if count < buffer.count { return }
        }
    }

    private func feed(_ bytes: UnsafeRawBufferPointer) {
        var rest = bytes
        if streaming {
            feedStream(bytes)
            return
        }
        if head == nil {
            guard let (parsed, consumed) = parseHead(bytes) else { return }
            guard parsed.headers["Transfer-Encoding"] == nil else {
                fail(.malformedResponse("chunked responses are not supported"))
                return
            }
            let length: Int
            if let text = parsed.headers["Content-Length"] {
                guard let value = contentLength(text) else { return }
                length = value
            } else if parsed.status == 204 || parsed.status == 304 {
                length = 0
            } else {
                fail(.malformedResponse("no Content-Length"))
                return
            }
            guard length <= maxResponseBytes else {
                fail(.responseTooLarge(limit: maxResponseBytes))
                return
            }
            head = parsed
            bodyLength = length
            rest = UnsafeRawBufferPointer(rebasing: bytes[consumed...])
            if body.isEmpty && rest.count >= length {
                // The common case: the whole body is in this read; hand it over in place.
                complete(body: UnsafeRawBufferPointer(rebasing: rest[0..<length]))
                return
            }
            body.reserveCapacity(length)
        }
        let take = min(rest.count, bodyLength - body.count)
        body.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[0..<take]))
        if body.count == bodyLength {
            var done: [UInt8] = []
            swap(&done, &body)
            done.withUnsafeBytes { complete(body: $0) }
            if body.capacity == 0 {
                done.removeAll(keepingCapacity: true)
                swap(&done, &body)
            }
        }
    }

    /// The response head once it is whole, with the bytes it took; nil while more is needed,
    /// or after failing the request for a malformed one.
    private func parseHead(_ bytes: UnsafeRawBufferPointer) -> (HTTPResponseHead, Int)? {
        switch parser.feed(bytes) {
        case .needMore: return nil
        case .failure(let error):
            fail(.malformedResponse(error.reason))
            return nil
        case .response(let parsed, let consumed): return (parsed, consumed)
        }
    }

    /// A Content-Length header's value, or nil after failing the request for a bad one.
    private func contentLength(_ text: String) -> Int? {
        guard let value = Int(text), value >= 0 else {
            fail(.malformedResponse("bad Content-Length '\(text)'"))
            return nil
        }
        return value
    }

    // MARK: Streams

    private func feedStream(_ bytes: UnsafeRawBufferPointer) {
        var rest = bytes
        if head == nil {
            guard let (parsed, consumed) = parseHead(bytes) else { return }
            if let encoding = parsed.headers["Transfer-Encoding"] {
                guard encoding.lowercased() == "chunked" else {
                    fail(.malformedResponse("transfer encoding '\(encoding)' is not supported"))
                    return
                }
                streamBody = .chunked(HTTPChunkedDecoder())
            } else if let text = parsed.headers["Content-Length"] {
                guard let value = contentLength(text) else { return }
                streamBody = .length(remaining: value)
            } else {
                streamBody = .untilClose
            }
            head = parsed
            deadline = 0  // the head came: a stream has no time limit
            delegate?.httpClient(self, didReceiveStreamHead: parsed)
            guard inFlight, streaming else { return }  // the delegate closed it
            rest = UnsafeRawBufferPointer(rebasing: bytes[consumed...])
        }
        switch streamBody {
        case .none:
            return
        case .untilClose:
            if rest.count > 0 { delegate?.httpClient(self, didReceiveStreamData: rest) }
        case .length(let remaining):
            let take = min(remaining, rest.count)
            if take > 0 { delegate?.httpClient(self, didReceiveStreamData: UnsafeRawBufferPointer(rebasing: rest[0..<take])) }
            guard inFlight, streaming else { return }
            streamBody = .length(remaining: remaining - take)
            if remaining == take { endStream() }
        case .chunked(var decoder):
            do throws(HTTPChunkedDecoder.Failure) {
                try decoder.feed(rest) { data in delegate?.httpClient(self, didReceiveStreamData: data) }
            } catch {
                fail(.malformedResponse("bad chunked body: \(error)"))
                return
            }
            guard inFlight, streaming else { return }
            streamBody = .chunked(decoder)
            if decoder.isFinished { endStream() }
        }
    }

    /// The stream's body ended; the connection is closed (a stream's connection is not reused).
    private func endStream() {
        closeSocket()
        resetRequest()
        delegate?.httpClientStreamDidEnd(self)
    }

    /// Ends the request before telling the delegate, which may send the next one at once.
    private func complete(body: UnsafeRawBufferPointer) {
        guard let head else { return }
        let closes = head.headers.containsToken("close", in: "Connection")
        inFlight = false
        deadline = 0
        self.head = nil
        bodyLength = 0
        parser.reset()
        if closes { closeSocket() }
        delegate?.httpClient(self, didReceive: head, body: body)
    }
}
