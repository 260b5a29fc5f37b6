import Platform

/// Readiness handling and everything that happens to received bytes: HTTP request or response
/// head first, then WebSocket frames.
extension WebSocketConnection {
    /// Reads at most this many buffers per wake-up so one fast sender cannot starve the rest;
    /// level-triggered epoll reports the socket again if more is waiting.
    static let readsPerWakeup = 4

    @inline(__always)
    public func handle(_ event: SelectorEvent) {
        if event.writable {
            if state == .connecting {
                finishConnect()
            } else if !outbound.isEmpty {
                flushOutbound()
                if outbound.isEmpty && state == .open { delegate?.webSocketOutboundDidDrain(self) }
            }
        }
        if (event.readable || event.failed) && state != .closed && state != .connecting {
            readAvailable()
        } else if event.failed && state == .connecting {
            finishConnect()
        }
    }

    func readAvailable() {
        let buffer = loop.readBuffer
        for _ in 0..<Self.readsPerWakeup {
            let count: Int
            do {
                switch try Socket.read(fd, into: buffer) {
                case .wouldBlock: return
                case .processed(let n): count = n
                }
            } catch {
                terminate(code: .abnormalClosure, reason: "read failed: \(error)")
                return
            }
            if count == 0 {
                peerClosedStream()
                return
            }
            loop.metrics.received(bytes: count)
            lastReceive = loop.now
            process(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]))
            if state == .closed || readPaused || readSuspended || count < buffer.count { return }
        }
    }

    /// Feeds bytes to whatever the current state parses. Bytes left over after a request or a
    /// response head (a pipelined request, the first frames) are fed on in the new state.
    func process(_ bytes: UnsafeMutableRawBufferPointer) {
        var remaining = bytes
        while !remaining.isEmpty {
            switch state {
            case .httpRequest:
                guard let consumed = parseRequest(UnsafeRawBufferPointer(remaining)) else { return }
                remaining = UnsafeMutableRawBufferPointer(rebasing: remaining[consumed...])
            case .clientHandshake:
                guard let consumed = parseResponse(UnsafeRawBufferPointer(remaining)) else { return }
                remaining = UnsafeMutableRawBufferPointer(rebasing: remaining[consumed...])
            case .open, .closing:
                feedFrames(remaining)
                return
            case .lingering, .closed, .connecting:
                return
            }
        }
    }

    private func feedFrames(_ bytes: UnsafeMutableRawBufferPointer) {
        let error = decoder.feed(bytes) { event in
            self.handleFrameEvent(event)
        }
        if let error {
            loop.metrics.protocolErrors.wrappingAdd(1, ordering: .relaxed)
            Self.logger.warning("failing connection from \(peer): \(error.reason) (close \(error.code.rawValue))")
            fail(code: error.code, reason: error.reason)
        }
    }

    /// Returns whether the decoder should go on with the next frame.
    @inline(__always)
    private func handleFrameEvent(_ event: WebSocketEvent) -> Bool {
        switch event {
        case .binary(let payload):
            // After our close frame, data is discarded but parsing goes on: the peer's close
            // reply may be right behind it (RFC 6455 §1.4, §5.5.1).
            guard state == .open else { return state == .closing }
            loop.metrics.receivedMessage()
            delegate?.webSocket(self, didReceiveBinary: payload)
        case .text(let payload):
            guard state == .open else { return state == .closing }
            loop.metrics.receivedMessage()
            delegate?.webSocket(self, didReceiveText: payload)
        case .ping(let payload):
            if state == .open { _ = sendFrame(.pong, payload) }
        case .pong(let payload):
            if state == .open { delegate?.webSocket(self, didReceivePong: payload) }
        case .close(let code, let reasonBytes):
            peerSentClose(code: code, reason: String(decoding: reasonBytes, as: UTF8.self))
            return false
        }
        return state == .open || state == .closing
    }

    // MARK: HTTP, server side

    /// Returns the bytes used, or nil when more are needed or the connection was answered and is ending.
    private func parseRequest(_ bytes: UnsafeRawBufferPointer) -> Int? {
        if httpParser == nil { httpParser = HTTPRequestParser(limits: configuration.httpLimits) }
        switch httpParser!.feed(bytes) {
        case .needMore:
            return nil
        case .failure(let error):
            loop.metrics.handshakeFailures.wrappingAdd(1, ordering: .relaxed)
            Self.logger.warning("bad HTTP request from \(peer): \(error.reason) (\(error.status.code))")
            respond(.text(error.status, error.reason + "\n"), keepAlive: false, headOnly: false)
            return nil
        case .request(let request, let consumed):
            httpParser!.reset()
            handleRequest(request)
            return state == .httpRequest || state == .open ? consumed : nil
        }
    }

    private func handleRequest(_ request: HTTPRequest) {
        let route = router?(request) ?? .response(.text(.notFound, "not found\n"))
        switch route {
        case .response(let response):
            respond(response, keepAlive: request.keepAlive, headOnly: request.method == "HEAD")
        case .webSocket(let owner):
            switch WebSocketHandshake.serverResponse(to: request, policy: configuration.handshakePolicy) {
            case .reject(let response):
                loop.metrics.handshakeFailures.wrappingAdd(1, ordering: .relaxed)
                Self.logger.warning("refused WebSocket upgrade from \(peer): \(response.status.code) \(String(decoding: response.body, as: UTF8.self).prefix(120))")
                respond(response, keepAlive: false, headOnly: false)
            case .accept(let response, let subprotocol):
                self.request = request
                self.subprotocol = subprotocol
                self.delegate = owner
                httpParser = nil
                router = nil
                writeRaw(response.serialized(keepAlive: true))
                becomeOpen()
            }
        }
    }

    private func respond(_ response: HTTPResponse, keepAlive: Bool, headOnly: Bool) {
        writeRaw(response.serialized(keepAlive: keepAlive, headOnly: headOnly))
        if keepAlive {
            deadline = loop.now + configuration.httpKeepAliveTimeout
        } else {
            httpParser = nil
            beginLingering()
        }
    }

    /// Queues bytes outside any frame (HTTP) and flushes them.
    func writeRaw(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { outbound.append($0) }
        flushOutbound()
        checkOutboundLimit()
    }

    func becomeOpen() {
        state = .open
        deadline = 0
        lastReceive = loop.now
        delegate?.webSocketDidOpen(self)
    }

    // MARK: Client side

    func finishConnect() {
        let error = Socket.pendingError(fd)
        guard error == 0 else {
            terminate(code: .abnormalClosure, reason: "connect failed: \(SystemError("connect", errno: error))")
            return
        }
        Socket.setNoDelay(fd)
        state = .clientHandshake
        responseParser = HTTPResponseParser(limits: configuration.httpLimits)
        updateInterest()
        let request = clientRequestBytes
        clientRequestBytes = []
        writeRaw(request)
    }

    private func parseResponse(_ bytes: UnsafeRawBufferPointer) -> Int? {
        switch responseParser!.feed(bytes) {
        case .needMore:
            return nil
        case .failure(let error):
            terminate(code: .abnormalClosure, reason: "bad handshake response: \(error.reason)")
            return nil
        case .response(let head, let consumed):
            responseParser = nil
            if let problem = WebSocketHandshake.validateServerResponse(head, key: clientKey, offeredSubprotocols: offeredSubprotocols) {
                terminate(code: .abnormalClosure, reason: "handshake refused: \(problem)")
                return nil
            }
            subprotocol = head.headers["Sec-WebSocket-Protocol"]
            becomeOpen()
            return state == .open ? consumed : nil
        }
    }
}
