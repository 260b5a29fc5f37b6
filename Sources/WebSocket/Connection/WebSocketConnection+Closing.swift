import Platform

/// Every way a connection ends: the closing handshake either side starts, failing on a protocol
/// error, time-outs, and the final teardown that tells the delegate exactly once.
extension WebSocketConnection: MessageConnection {
    /// `MessageConnection`'s close: the game's codes are WebSocket close codes already.
    public func closeConnection(code: UInt16, reason: String) {
        close(code: WebSocketCloseCode(rawValue: code), reason: reason)
    }

    /// Starts the closing handshake: sends a close frame and waits (up to `closeTimeout`) for the
    /// peer's. Does nothing if a close frame was already sent.
    public func close(code: WebSocketCloseCode = .normalClosure, reason: String = "") {
        switch state {
        case .open:
            perform(closing.close(code: code, reason: reason))
        case .httpRequest, .connecting, .clientHandshake:
            terminate(code: code, reason: reason)
        case .closing, .lingering, .closed:
            break
        }
    }

    /// Fails the connection (RFC 6455 §7.1.7): a close frame with `code`, then no more reading
    /// of frames; the socket ends after the frame is flushed and the peer closes or time runs out.
    func fail(code: WebSocketCloseCode, reason: String) {
        guard state == .open || state == .closing else { return }
        perform(closing.fail(code: code, reason: reason))
    }

    /// The peer's close frame arrived: answer it if we have not closed yet, and finish.
    func peerSentClose(code: WebSocketCloseCode?, reason: String) {
        perform(closing.receivedClose(code: code, reason: reason))
    }

    /// Carries out what the closing handshake decided.
    private func perform(_ action: WebSocketClosingState.Action) {
        switch action {
        case .none:
            break
        case .sendClose(let code, let reason, let thenLinger):
            let payload = FrameEncoder.closePayload(code: code, reason: reason)
            _ = payload.withUnsafeBytes { sendFrame(.close, $0) }
            if thenLinger {
                beginLingering()
            } else {
                state = .closing
                deadline = loop.now + configuration.closeTimeout
            }
        case .linger:
            beginLingering()
        case .terminate(let code, let reason):
            terminate(code: code, reason: reason)
        }
    }

    /// Nothing more will be sent. A server closes the TCP connection first (RFC 6455 §7.1.1):
    /// once the queue is flushed it half-closes and reads until EOF, so the peer sees our last
    /// bytes instead of a reset. A client waits for the server to close.
    func beginLingering() {
        guard state != .lingering && state != .closed else { return }
        state = .lingering
        deadline = loop.now + configuration.closeTimeout
        if outbound.isEmpty { outboundDrained() }
    }

    /// Called whenever the queue empties.
    func outboundDrained() {
        if state == .lingering && role == .server { Socket.shutdownWrite(fd) }
    }

    /// The peer closed its sending side.
    func peerClosedStream() {
        switch state {
        case .open, .closing, .lingering:
            perform(closing.streamEnded())
        default:
            if state == .httpRequest && !requestStarted && parked == nil { countIdleEnd("closed by the peer") }
            terminate(code: .abnormalClosure, reason: "connection closed during the handshake")
        }
    }

    /// Ends the connection from outside an event callback (a failed send can happen while the
    /// owner is iterating its connections, so the teardown and its callback wait for the loop).
    func scheduleTermination(code: WebSocketCloseCode, reason: String) {
        guard !terminationScheduled, state != .closed else { return }
        terminationScheduled = true
        loop.schedule(at: loop.now) { [self] in terminate(code: code, reason: reason) }
    }

    /// Closes the socket now and tells the delegate once.
    public func terminate(code: WebSocketCloseCode, reason: String) {
        guard state != .closed else { return }
        let wasOpen = state != .httpRequest && state != .connecting && state != .clientHandshake
        state = .closed
        closing.terminated()
        loop.deregister(fd: fd, token: token)
        Socket.close(fd)
        outbound.removeAll()
        loop.untrack(self)
        if let countedAddress {
            self.countedAddress = nil
            addressLimiter?.closeConnection(countedAddress, now: loop.now)
        }
        httpParser = nil
        responseParser = nil
        bodyRoute = nil
        if let parked {
            self.parked = nil
            parked.responder.cancel()
        }
        let delegate = self.delegate
        self.delegate = nil
        if wasOpen || role == .client {
            delegate?.webSocketDidClose(self, code: code, reason: reason)
        }
    }

    /// A server connection that ends before a byte of a request arrived on it: a browser's
    /// preconnection (opened in case the page needs it, closed or left to time out when it
    /// did not) or a keep-alive connection left idle after its last answer. Normal traffic,
    /// not an error: counted, and logged at debug only, so the default level stays quiet.
    func countIdleEnd(_ how: String) {
        loop.metrics.idleConnectionsClosed.wrappingAdd(1, ordering: .relaxed)
        Self.logger.debug("idle connection from \(peer) \(how) before any request")
    }

    /// Enforces the deadline of the current state; called by the loop's periodic sweep.
    public func checkDeadlines(now: UInt64) {
        switch state {
        case .httpRequest where parked != nil:
            if now >= deadline {
                loop.metrics.timeouts.wrappingAdd(1, ordering: .relaxed)
                Self.logger.warning("answering \(peer): a parked request got no answer in time")
                // The route hears first, so that whoever reads the 503 knows the route did.
                parked!.responder.cancel()
                answerParked(.text(.serviceUnavailable, "no answer in time\n"), token: parkToken)
            }
        case .httpRequest:
            if now >= deadline {
                loop.metrics.timeouts.wrappingAdd(1, ordering: .relaxed)
                if requestStarted {
                    Self.logger.info("closing \(peer): no complete HTTP request in time")
                } else {
                    countIdleEnd("timed out")
                }
                terminate(code: .abnormalClosure, reason: "request timed out")
            }
        case .connecting, .clientHandshake:
            if now >= deadline {
                loop.metrics.timeouts.wrappingAdd(1, ordering: .relaxed)
                terminate(code: .abnormalClosure, reason: "handshake timed out")
            }
        case .open:
            if configuration.idleTimeout > 0 && now - lastReceive >= configuration.idleTimeout {
                loop.metrics.timeouts.wrappingAdd(1, ordering: .relaxed)
                Self.logger.info("closing \(peer): idle for too long")
                close(code: .goingAway, reason: "idle timeout")
            } else if !outbound.isEmpty && now - lastSendProgress >= configuration.stallTimeout {
                loop.metrics.timeouts.wrappingAdd(1, ordering: .relaxed)
                Self.logger.warning("dropping \(peer): peer stopped reading")
                terminate(code: .policyViolation, reason: "peer stopped reading")
            } else if role == .server && configuration.pingInterval > 0
                        && now - max(min(lastReceive, lastSendProgress), lastPing) >= configuration.pingInterval {
                // Either direction quiet for the interval: proxies time out on either.
                lastPing = now
                _ = sendFrame(.ping, UnsafeRawBufferPointer(start: nil, count: 0))
            }
        case .closing, .lingering:
            guard now >= deadline else { break }
            let action = closing.timedOut()
            // An HTTP response lingers too, with no WebSocket handshake to time out.
            perform(action == .none ? .terminate(code: .abnormalClosure, reason: "linger timed out") : action)
        case .closed:
            break
        }
    }
}
