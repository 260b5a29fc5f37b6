/// The closing handshake of an open WebSocket (RFC 6455 §5.5.1, §7) as a value: events in,
/// one `Action` out. It decides when a close frame is sent (at most once), which code and
/// reason the connection ends with, and when the connection stops sending and waits for the
/// TCP close; `WebSocketConnection` carries the actions out on its socket. Tested without
/// sockets in `WebSocketClosingStateTests`.
///
/// Phases: `open` → (we close) `closeSent` → (the peer's close, or a failure) `lingering` →
/// (the stream ends, or time runs out) `closed`. A peer's close while `open` is echoed and goes
/// straight to `lingering`; a failure while `open` sends its close and lingers at once.
public struct WebSocketClosingState: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        case open
        /// Our close frame is out; we wait for the peer's.
        case closeSent
        /// Nothing more will be sent: flush, then wait for the peer to close the stream.
        case lingering
        case closed
    }

    public enum Action: Sendable, Equatable {
        case none
        /// Send a close frame (`code` nil: an empty one), then linger if `thenLinger`.
        case sendClose(code: WebSocketCloseCode?, reason: String, thenLinger: Bool)
        /// Stop sending: flush what is queued and wait for the stream to end.
        case linger
        /// Close the socket now and report `code` and `reason`.
        case terminate(code: WebSocketCloseCode, reason: String)
    }

    public private(set) var phase = Phase.open
    /// The code and reason the connection ends with, once decided.
    public private(set) var code = WebSocketCloseCode.abnormalClosure
    public private(set) var reason = ""

    public init() {}

    /// Whether our close frame was sent: no frame may follow it.
    public var closeSent: Bool { phase != .open }

    /// We start the closing handshake.
    public mutating func close(code: WebSocketCloseCode, reason: String) -> Action {
        guard phase == .open else { return .none }
        self.code = code
        self.reason = reason
        phase = .closeSent
        return .sendClose(code: code, reason: reason, thenLinger: false)
    }

    /// A protocol error (RFC 6455 §7.1.7): its code wins; a close frame is sent if none was.
    public mutating func fail(code: WebSocketCloseCode, reason: String) -> Action {
        switch phase {
        case .open:
            self.code = code
            self.reason = reason
            phase = .lingering
            return .sendClose(code: code, reason: reason, thenLinger: true)
        case .closeSent:
            self.code = code
            self.reason = reason
            phase = .lingering
            return .linger
        case .lingering, .closed:
            return .none
        }
    }

    /// The peer's close frame. While open it is echoed with its code (an empty close with an
    /// empty one) and ends the connection with the peer's code, or 1005 if it had none.
    public mutating func receivedClose(code: WebSocketCloseCode?, reason: String) -> Action {
        switch phase {
        case .open:
            self.code = code ?? .noStatusReceived
            self.reason = reason
            phase = .lingering
            return .sendClose(code: code, reason: "", thenLinger: true)
        case .closeSent:
            phase = .lingering
            return .linger
        case .lingering, .closed:
            return .none
        }
    }

    /// The peer closed its side of the stream (EOF).
    public mutating func streamEnded() -> Action {
        switch phase {
        case .open:
            return terminate(.abnormalClosure, "connection closed without a close frame")
        case .closeSent, .lingering:
            return terminate(code, reason)
        case .closed:
            return .none
        }
    }

    /// The close time-out passed while waiting for the peer.
    public mutating func timedOut() -> Action {
        switch phase {
        case .closeSent, .lingering:
            return terminate(code, reason.isEmpty ? "close timed out" : reason)
        case .open, .closed:
            return .none
        }
    }

    /// The socket is gone for any other reason (a send failed, a stall, shutdown).
    public mutating func terminated() {
        phase = .closed
    }

    private mutating func terminate(_ code: WebSocketCloseCode, _ reason: String) -> Action {
        phase = .closed
        return .terminate(code: code, reason: reason)
    }
}
