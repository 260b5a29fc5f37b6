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
                if state == .httpRequest && !requestStarted && parked == nil { countIdleEnd("reset by the peer") }
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
                requestStarted = true
                guard let consumed = parseRequest(UnsafeRawBufferPointer(remaining)) else { return }
                remaining = UnsafeMutableRawBufferPointer(rebasing: remaining[consumed...])
                if parked != nil {
                    // A pipelined request behind a parked one waits for its answer (at most
                    // one read's worth: reading is suspended meanwhile).
                    parkedInput.append(contentsOf: remaining)
                    return
                }
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

    /// Returns the bytes used, or nil when more are needed, the request is parked, or the
    /// connection was answered and is ending.
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
        case .head(var request, let consumed):
            // A body follows: only a route that asks for it gets it read.
            let route = route(&request)
            if case .readBody(let maxBytes, let then) = route {
                guard request.contentLength <= maxBytes else {
                    Self.logger.warning("refused HTTP body from \(peer): \(request.contentLength) bytes for \(request.path) (limit \(maxBytes))")
                    respond(.text(.payloadTooLarge, "request body larger than \(maxBytes) bytes\n"), keepAlive: false, headOnly: false)
                    return nil
                }
                bodyRoute = then
                httpParser!.readBody()
                return consumed
            }
            dispatch(route, for: request, bodyUnread: true)
            return nil
        case .request(var request, let consumed):
            httpParser!.reset()
            requestStarted = false
            let route: HTTPRoute
            if let then = bodyRoute {
                bodyRoute = nil
                request.client = client(of: request)
                route = then(request)
            } else {
                route = self.route(&request)
            }
            dispatch(route, for: request, bodyUnread: false)
            return state == .httpRequest || state == .open ? consumed : nil
        }
    }

    /// Names the request's client, applies the upgrade checks, then asks the router.
    private func route(_ request: inout HTTPRequest) -> HTTPRoute {
        request.client = client(of: request)
        if WebSocketHandshake.isUpgradeRequest(request), let refusal = admitUpgrade(request) {
            return .response(refusal)
        }
        return router?(request) ?? .response(.text(.notFound, "not found\n"))
    }

    private func client(of request: HTTPRequest) -> HTTPClient {
        configuration.trustedProxies.client(peer: peerAddress, port: peerPort, headers: request.headers)
    }

    /// What an upgrade must pass before any route sees it: its client's handshake rate and
    /// connection count (a proxy's connection is counted under the client it carries from
    /// here on), then the Origin rule. Refusals are counted and logged (rate-limited).
    private func admitUpgrade(_ request: HTTPRequest) -> HTTPResponse? {
        guard let client = request.client else { return nil }
        if let limiter = addressLimiter {
            if let refusal = limiter.startHandshake(client.address, now: loop.now) {
                return refuse(client, refusal)
            }
            if countedAddress == nil {
                if let refusal = limiter.openConnection(client.address, now: loop.now) {
                    return refuse(client, refusal)
                }
                countedAddress = client.address
            }
        }
        guard configuration.handshakePolicy.origins.allows(request) else {
            loop.metrics.originRefusals.wrappingAdd(1, ordering: .relaxed)
            let origin = request.headers.values(for: "Origin").joined(separator: ", ")
            Self.logger.warning("refused WebSocket upgrade from \(client): origin \(origin.prefix(200)) is not allowed")
            return .text(.forbidden, "origin not allowed: \(origin.prefix(200))\n")
        }
        return nil
    }

    private func refuse(_ client: HTTPClient, _ refusal: AddressLimiter.Refusal) -> HTTPResponse {
        Self.logger.warning("refused WebSocket upgrade from \(client): \(refusal)")
        return refusal.response(counting: loop.metrics)
    }

    /// Carries out a route's answer. With `bodyUnread` the connection cannot find the next
    /// request in the stream, so it closes after answering.
    private func dispatch(_ route: HTTPRoute, for request: HTTPRequest, bodyUnread: Bool) {
        // An upgrade that is refused ends the connection: behind a proxy it was counted under
        // its client, and a client told no has nothing more to ask on it.
        let keepAlive = request.keepAlive && !bodyUnread && !WebSocketHandshake.isUpgradeRequest(request)
        switch route {
        case .response(let response):
            respond(response, keepAlive: keepAlive, headOnly: request.method == "HEAD")
        case .readBody(let maxBytes, _):
            // Asked again after the body was read: a route bug, not the client's.
            Self.logger.error("route for \(request.path) asked for a body twice (limit \(maxBytes))")
            respond(.text(.internalServerError, "internal error\n"), keepAlive: false, headOnly: false)
        case .later(let start):
            park(request, keepAlive: keepAlive, start: start)
        case .webSocket(let owner):
            guard !bodyUnread else {
                respond(.text(.badRequest, "an upgrade request carries no body\n"), keepAlive: false, headOnly: false)
                return
            }
            upgrade(request, owner: owner)
        }
    }

    private func upgrade(_ request: HTTPRequest, owner: any WebSocketDelegate) {
        switch WebSocketHandshake.serverResponse(to: request, policy: configuration.handshakePolicy) {
        case .reject(let response):
            loop.metrics.handshakeFailures.wrappingAdd(1, ordering: .relaxed)
            Self.logger.warning("refused WebSocket upgrade from \(request.client.map(String.init(describing:)) ?? peer): \(response.status.code) \(String(decoding: response.body, as: UTF8.self).prefix(120))")
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

    /// Parks the request: no reading (a pipelined request waits) and no request deadline
    /// until the responder answers; `parkTimeout` bounds a route that never does.
    private func park(_ request: HTTPRequest, keepAlive: Bool, start: (HTTPResponder) -> Void) {
        parkToken &+= 1
        let responder = HTTPResponder(connection: self, token: parkToken)
        parked = Parked(responder: responder, keepAlive: keepAlive, headOnly: request.method == "HEAD")
        deadline = loop.now + configuration.parkTimeout
        isReadingSuspended = true
        start(responder)
    }

    /// The parked request's answer (from its responder, on the loop thread).
    func answerParked(_ response: HTTPResponse, token: UInt64) {
        guard let parked, token == parkToken, state == .httpRequest else { return }
        self.parked = nil
        respond(response, keepAlive: parked.keepAlive, headOnly: parked.headOnly)
        guard state == .httpRequest else { return }
        isReadingSuspended = false
        // What arrived behind the parked request first, then the socket (level-triggered
        // epoll reports unread bytes again now that reading is back on).
        if !parkedInput.isEmpty {
            var input: [UInt8] = []
            swap(&input, &parkedInput)
            input.withUnsafeMutableBytes { process($0) }
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
