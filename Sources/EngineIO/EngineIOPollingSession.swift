/// One Engine.IO session on the polling transport, as rules without sockets (the way
/// `PlaySession` is /play's): what a GET is answered with and when, what a POST's packets
/// mean, when the server pings and when the client has missed its pong, and how much may wait
/// for a client that stops polling. The I/O side (routes, parked responders) carries out what
/// it returns; tests drive it on a manual clock. Times are nanoseconds of one monotonic clock.
public struct EngineIOPollingSession {
    public struct Limits: Equatable, Sendable {
        /// Between the server's pings; also the longest a GET is held (it is answered with the
        /// ping at the latest), below the 60 s of a proxy's default idle time-out.
        public var pingInterval: UInt64 = 25_000_000_000
        /// How long after a ping its pong may come.
        public var pingTimeout: UInt64 = 20_000_000_000
        /// Packet bytes that may wait for a client that does not poll; beyond, it is dropped as
        /// too slow, like a socket whose buffer stays full.
        public var maxQueuedBytes = 1 << 20
        /// The largest POST body, and the most one GET answer carries (the rest waits).
        public var maxPayload = 1_000_000
        /// The largest message a client may send (decoded), as on a WebSocket: above it the
        /// session is closed with 1009. The game server sets its WebSocket limit here.
        public var maxMessageBytes = 64 * 1024

        public init() {}
    }

    /// What to do with a GET.
    public enum Poll: Equatable {
        /// Answer now with this payload.
        case answer([UInt8])
        /// Hold it until `takeAnswer` has something (or the ping goes out).
        case park
        /// A second GET while one is held: 400, and the session is closed.
        case refuse(EngineIOError)
    }

    public enum State: Equatable {
        case open
        /// The server is ending it: what is queued (the close packet last) still goes to the
        /// next GET; nothing new is accepted.
        case finishing(String)
        /// Ended, with the reason (for the log and the game's close).
        case closed(String)
    }

    public let limits: Limits
    public private(set) var state = State.open
    private var queue: [EngineIOPacket] = []
    public private(set) var queuedBytes = 0
    /// A GET is held.
    public private(set) var isPollParked = false
    private var postInFlight = false
    private var nextPing: UInt64
    /// Set while a ping waits for its pong.
    public private(set) var pongDeadline: UInt64?

    /// A new session: its first GET receives the open packet.
    public init(handshake: EngineIOHandshake, limits: Limits, now: UInt64) {
        self.limits = limits
        nextPing = now + limits.pingInterval
        enqueue(.open(handshake.json))
    }

    /// Queues a packet for the client (a game message is `.binary`). False when the session
    /// is closed, or has just been closed because the client stopped polling.
    @discardableResult
    public mutating func send(_ packet: EngineIOPacket) -> Bool {
        guard state == .open else { return false }
        enqueue(packet)
        if queuedBytes > limits.maxQueuedBytes {
            close("too slow: \(queuedBytes) bytes waiting for a poll")
            return false
        }
        return true
    }

    /// Ends the session the polite way: `packets` (the game's close message) and the close
    /// packet are queued for the next GET, after what already waits; the session is closed
    /// once a GET has taken them, or after `pingTimeout` if none comes.
    public mutating func finish(_ reason: String, with packets: [EngineIOPacket] = [], now: UInt64) {
        guard state == .open else { return }
        pongDeadline = now + limits.pingTimeout
        for packet in packets { enqueue(packet) }
        enqueue(.close)
        state = .finishing(reason)
    }

    /// The socket took over (the upgrade completed): everything queued, for it to send.
    public mutating func takeQueued() -> [EngineIOPacket] {
        defer {
            queue.removeAll()
            queuedBytes = 0
        }
        return queue
    }

    /// A pong arrived on the upgraded socket.
    public mutating func receivedPong() {
        pongDeadline = nil
    }

    /// A GET arrived.
    public mutating func poll() -> Poll {
        if case .finishing = state {
            guard !isPollParked else { return .refuse(.badRequest("a second concurrent GET")) }
            return drain().map(Poll.answer) ?? .refuse(.unknownSession)
        }
        guard state == .open else { return .refuse(.unknownSession) }
        guard !isPollParked else {
            close("a second concurrent GET")
            return .refuse(.badRequest("a second concurrent GET"))
        }
        if let payload = drain() { return .answer(payload) }
        isPollParked = true
        return .park
    }

    /// The held GET ended without an answer (its connection went away).
    public mutating func pollCancelled() {
        isPollParked = false
    }

    /// The held GET's answer, if it has one now (after a `send` or a `tick`). Once closed, a
    /// held GET is answered with a close packet.
    public mutating func takeAnswer() -> [UInt8]? {
        guard isPollParked else { return nil }
        if case .finishing = state, let payload = drain() {
            isPollParked = false
            return payload
        }
        if case .closed = state {
            isPollParked = false
            var out: [UInt8] = []
            EngineIOPacket.close.encodeText(into: &out)
            return out
        }
        guard let payload = drain() else { return nil }
        isPollParked = false
        return payload
    }

    /// A POST's head arrived: nil to read its body, or why it is refused (answer 400). A
    /// second POST while one is being read also closes the session; a POST while the session
    /// is finishing is read and its messages dropped (the client has not seen the close yet).
    public mutating func beginPost() -> EngineIOError? {
        if case .closed = state { return .unknownSession }
        guard !postInFlight else {
            close("a second concurrent POST")
            return .badRequest("a second concurrent POST")
        }
        postInFlight = true
        return nil
    }

    /// A POST's body: the client's messages for the game, or why the session ends.
    public mutating func receivePost(_ body: [UInt8]) -> Result<[EngineIOPacket], EngineIOError> {
        postInFlight = false
        if case .finishing = state { return .success([]) }
        guard state == .open else { return .failure(.unknownSession) }
        guard body.count <= limits.maxPayload else {
            close("payload of \(body.count) bytes")
            return .failure(.payloadTooLarge(limit: limits.maxPayload))
        }
        let packets: [EngineIOPacket]
        switch EngineIOPayload.decode(body) {
        case .success(let decoded): packets = decoded
        case .failure(let error):
            close(error.description)
            return .failure(error)
        }
        var messages: [EngineIOPacket] = []
        for packet in packets {
            switch packet {
            case .pong:
                pongDeadline = nil
            case .text, .binary:
                messages.append(packet)
            case .close:
                close("the client closed")
                return .success(messages)
            case .open, .ping, .upgrade, .noop:
                let error = EngineIOError.malformed("a client may not send \(packet) on polling")
                close(error.description)
                return .failure(error)
            }
        }
        return .success(messages)
    }

    /// The clock moved: ping when due (answering a held GET with it), end the session when a
    /// pong is overdue.
    public mutating func tick(now: UInt64) {
        if case .finishing(let reason) = state, let deadline = pongDeadline, now >= deadline {
            close(reason)
            return
        }
        guard state == .open else { return }
        if let deadline = pongDeadline, now >= deadline {
            close("ping timeout: no pong within \(limits.pingTimeout / 1_000_000) ms")
            return
        }
        if pongDeadline == nil && now >= nextPing {
            enqueue(.ping(""))
            pongDeadline = now + limits.pingTimeout
            nextPing = now + limits.pingInterval
        }
    }

    /// Ends the session (the server shuts down, or the game closed the player).
    public mutating func close(_ reason: String) {
        if case .closed = state { return }
        state = .closed(reason)
        queue.removeAll()
        queuedBytes = 0
    }

    private mutating func enqueue(_ packet: EngineIOPacket) {
        queue.append(packet)
        queuedBytes += Self.size(of: packet)
    }

    /// Up to `maxPayload` bytes of the queue as one payload (at least one packet), or nil.
    private mutating func drain() -> [UInt8]? {
        guard !queue.isEmpty else { return nil }
        var taken = 0
        var bytes = 0
        while taken < queue.count {
            let size = Self.size(of: queue[taken]) + (taken > 0 ? 1 : 0)
            if taken > 0 && bytes + size > limits.maxPayload { break }
            bytes += size
            taken += 1
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes)
        EngineIOPayload.encode(queue[0..<taken], into: &out)
        for packet in queue[0..<taken] { queuedBytes -= Self.size(of: packet) }
        queue.removeFirst(taken)
        if queue.isEmpty, case .finishing(let reason) = state { state = .closed(reason) }
        return out
    }

    /// A binary packet's size in a payload: `b` and the base64 of `count` bytes.
    static func size(ofBinary count: Int) -> Int { 1 + (count + 2) / 3 * 4 }

    /// A packet's size in a payload (base64 for binary).
    static func size(of packet: EngineIOPacket) -> Int {
        switch packet {
        case .binary(let bytes): size(ofBinary: bytes.count)
        case .open(let text), .ping(let text), .pong(let text), .text(let text): 1 + text.utf8.count
        case .close, .upgrade, .noop: 1
        }
    }
}
