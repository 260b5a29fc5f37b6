import Logging
import Platform

/// One TCP connection of a loop, server or client side, from the HTTP request (or the client's
/// handshake) through the WebSocket session to the closing handshake. Owned by its loop: every
/// method must be called on the loop thread (use `loop.execute` from elsewhere).
public final class WebSocketConnection: EventLoopHandler, LoopTrackedConnection {
    public enum Role: Sendable { case server, client }

    enum State: Equatable {
        /// Server: reading an HTTP request (static file, route, or upgrade).
        case httpRequest
        /// Client: non-blocking connect in progress.
        case connecting
        /// Client: request sent, reading the server's response head.
        case clientHandshake
        case open
        /// We sent a close frame and wait for the peer's.
        case closing
        /// Nothing more will be sent: flush what is queued, then half-close and wait for EOF.
        case lingering
        case closed
    }

    static let logger = Logger(label: "ws.connection")

    public let id: UInt64
    public let role: Role
    /// "ip:port" of the peer, for logs.
    public let peer: String
    /// The peer's address and port (server side; zero on a client connection).
    public internal(set) var peerAddress = IPAddress(high: 0, low: 0)
    public internal(set) var peerPort: UInt16 = 0
    /// Who this is for logs: the client behind a trusted proxy (`1.2.3.4 (via 127.0.0.1:5678)`)
    /// once its request is read, else the peer.
    public var clientDescription: String { request?.client?.description ?? peer }
    /// Server side: the per-address counts this connection is held in, and the address it is
    /// counted under (the peer at accept, or the client named by a proxy at the upgrade).
    var addressLimiter: AddressLimiter?
    var countedAddress: IPAddress?
    public unowned let loop: EventLoop
    /// Usually one object per connection (a route returns a fresh one for each upgrade), so
    /// the delegate holds that connection's state and its callbacks need no lookup.
    public var delegate: (any WebSocketDelegate)?
    /// Server side: the request that was upgraded (path, query, headers). Client side: nil.
    public internal(set) var request: HTTPRequest?
    /// The subprotocol agreed in the handshake, if any.
    public internal(set) var subprotocol: String?

    let fd: Int32
    var token: UInt64 = 0
    public var loopIndex = -1
    var state: State
    var interest: SelectorInterest = .read
    let configuration: WebSocketConfiguration
    var decoder: WebSocketDecoder
    var outbound = OutboundBuffer()
    var httpParser: HTTPRequestParser?
    var responseParser: HTTPResponseParser?
    var router: ((HTTPRequest) -> HTTPRoute)?
    /// Where a request's body goes once read (`HTTPRoute.readBody`).
    var bodyRoute: ((HTTPRequest) -> HTTPRoute)?
    /// A request answered later (`HTTPRoute.later`), and how to answer it.
    struct Parked {
        let responder: HTTPResponder
        let keepAlive: Bool
        let headOnly: Bool
    }
    var parked: Parked?
    var parkToken: UInt64 = 0
    /// Bytes read behind a parked request, fed on once it is answered.
    var parkedInput: [UInt8] = []
    var clientKey = ""
    var clientRequestBytes: [UInt8] = []
    var offeredSubprotocols: [String] = []
    var closeAfterResponse = false
    /// Server side: bytes of a request arrived since the last complete one (or since accept).
    /// A connection that ends while this is false never started a request: an idle
    /// preconnection or keep-alive, which is not logged as a problem (`countIdleEnd`).
    var requestStarted = false
    /// Reading is paused while the outbound queue is above `readPauseBytes`.
    var readPaused = false
    /// Reading stopped by the owner (`isReadingSuspended`), independent of `readPaused`.
    var readSuspended = false
    /// Time of the deadline for the current state (handshake, close, linger), 0 = none.
    var deadline: UInt64 = 0
    var lastReceive: UInt64
    /// When the server last pinged (`pingInterval`).
    var lastPing: UInt64 = 0
    var lastSendProgress: UInt64
    /// The closing handshake's decisions: when our close frame goes out, which code ends it.
    var closing = WebSocketClosingState()
    var terminationScheduled = false

    init(loop: EventLoop, fd: Int32, role: Role, peer: String, configuration: WebSocketConfiguration, id: UInt64) {
        self.loop = loop
        self.fd = fd
        self.role = role
        self.peer = peer
        self.configuration = configuration
        self.id = id
        self.state = role == .server ? .httpRequest : .connecting
        self.decoder = WebSocketDecoder(configuration: .init(
            maxMessageSize: configuration.maxMessageSize, expectsMaskedFrames: role == .server))
        self.lastReceive = loop.now
        self.lastSendProgress = loop.now
        self.deadline = loop.now + configuration.handshakeTimeout
    }

    /// True from the end of the handshake until a close frame is sent or received.
    public var isOpen: Bool { state == .open }

    /// Bytes accepted by `send` that the kernel has not taken yet: a peer that reads too slowly
    /// shows here first. A game server skips or supersedes snapshots while this is non-zero.
    public var queuedByteCount: Int { outbound.count }

    /// While true the connection does not read its socket at all: the peer's bytes pile up in
    /// the kernel and TCP flow control pushes back. Load tests use it to play a slow reader.
    public var isReadingSuspended: Bool {
        get { readSuspended }
        set {
            readSuspended = newValue
            updateInterest()
        }
    }

    /// Bytes held by the decoder across reads (partial frames, fragmented messages).
    public var bufferedInboundByteCount: Int { decoder.bufferedByteCount }

    // MARK: Sending

    /// Sends one binary message. Returns false if the connection is no longer open.
    @discardableResult @inline(__always)
    public func send(binary payload: UnsafeRawBufferPointer) -> Bool {
        sendFrame(.binary, payload)
    }

    @discardableResult
    public func send(binary payload: [UInt8]) -> Bool {
        payload.withUnsafeBytes { sendFrame(.binary, $0) }
    }

    @discardableResult
    public func send(text: String) -> Bool {
        var text = text
        return text.withUTF8 { sendFrame(.text, UnsafeRawBufferPointer($0)) }
    }

    /// Sends a text message whose bytes the caller guarantees are UTF-8 (an echo of a validated one).
    @discardableResult
    public func send(textBytes payload: UnsafeRawBufferPointer) -> Bool {
        sendFrame(.text, payload)
    }

    /// Sends a ping; at most 125 bytes of payload.
    @discardableResult
    public func ping(_ payload: [UInt8] = []) -> Bool {
        precondition(payload.count <= 125, "a ping payload is at most 125 bytes")
        return payload.withUnsafeBytes { sendFrame(.ping, $0) }
    }

    @inline(__always)
    func sendFrame(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer) -> Bool {
        // A close frame only when the closing handshake decides to send one (once).
        guard state == .open || (opcode == .close && state != .closed) else { return false }
        let masked = role == .client
        let header = FrameHeader(
            fin: true, rsv: 0, opcode: opcode,
            maskKey: masked ? UInt32(truncatingIfNeeded: loop.random.next()) : nil,
            payloadLength: payload.count)
        loop.metrics.sentMessage()
        if !outbound.isEmpty {
            outbound.appendFrame(header, payload: payload)
            checkOutboundLimit()
            return true
        }
        let headerSize = FrameHeader.encodedSize(payloadLength: payload.count, masked: masked)
        let total = headerSize + payload.count
        if total <= EventLoop.writeScratchSize {
            // The common case, every snapshot and input: header and payload in one buffer, one send.
            let scratch = loop.writeScratch.baseAddress!
            _ = header.encode(into: scratch)
            if payload.count > 0 {
                if let key = header.maskKey {
                    Masking.copy(payload, to: scratch + headerSize, maskingWith: key)
                } else {
                    (scratch + headerSize).copyMemory(from: payload.baseAddress!, byteCount: payload.count)
                }
            }
            let bytes = UnsafeRawBufferPointer(start: scratch, count: total)
            let sent = writeDirect(bytes)
            if sent < total { queueRemainder(UnsafeRawBufferPointer(rebasing: bytes[sent...])) }
        } else if masked {
            outbound.appendFrame(header, payload: payload)
            flushOutbound()
        } else {
            // Large server frame: gather header and payload in one sendmsg, copying nothing.
            let scratch = loop.writeScratch.baseAddress!
            _ = header.encode(into: scratch)
            let headerBytes = UnsafeRawBufferPointer(start: scratch, count: headerSize)
            var sent = 0
            do {
                if case .processed(let count) = try Socket.send(fd, headerBytes, payload) { sent = count }
            } catch {
                scheduleTermination(code: .abnormalClosure, reason: "send failed: \(error)")
                return true
            }
            recordSent(sent)
            if sent < headerSize {
                queueRemainder(UnsafeRawBufferPointer(rebasing: headerBytes[sent...]))
                queueRemainder(payload)
            } else if sent < total {
                queueRemainder(UnsafeRawBufferPointer(rebasing: payload[(sent - headerSize)...]))
            }
        }
        return true
    }

    /// One `send`; returns the bytes the kernel took (a failure schedules the connection's end).
    @inline(__always)
    private func writeDirect(_ bytes: UnsafeRawBufferPointer) -> Int {
        do {
            switch try Socket.send(fd, bytes) {
            case .processed(let count):
                recordSent(count)
                return count
            case .wouldBlock:
                return 0
            }
        } catch {
            scheduleTermination(code: .abnormalClosure, reason: "send failed: \(error)")
            return bytes.count
        }
    }

    @inline(__always)
    private func recordSent(_ count: Int) {
        if count > 0 {
            loop.metrics.sent(bytes: count)
            lastSendProgress = loop.now
        }
    }

    private func queueRemainder(_ bytes: UnsafeRawBufferPointer) {
        if outbound.isEmpty { lastSendProgress = loop.now }
        outbound.append(bytes)
        updateInterest()
        checkOutboundLimit()
    }

    func checkOutboundLimit() {
        if !readPaused && outbound.count > configuration.readPauseBytes {
            readPaused = true
            updateInterest()
        }
        guard outbound.count > configuration.maxOutboundBytes, !terminationScheduled else { return }
        let action = delegate?.webSocketOutboundLimitExceeded(self) ?? .disconnect
        if action == .disconnect {
            loop.metrics.outboundLimitCloses.wrappingAdd(1, ordering: .relaxed)
            Self.logger.warning("dropping \(peer): \(outbound.count) bytes queued, peer is not reading")
            scheduleTermination(code: .policyViolation, reason: "send queue limit exceeded")
        }
    }

    /// Writes queued bytes until the kernel pushes back; called on EPOLLOUT and after queueing.
    func flushOutbound() {
        var failure: SystemError?
        outbound.drain { bytes in
            var offset = 0
            while offset < bytes.count {
                do throws(SystemError) {
                    guard case .processed(let count) = try Socket.send(fd, UnsafeRawBufferPointer(rebasing: bytes[offset...])) else { break }
                    offset += count
                } catch {
                    failure = error
                    return bytes.count
                }
            }
            recordSent(offset)
            return offset
        }
        if let failure {
            outbound.removeAll()
            scheduleTermination(code: .abnormalClosure, reason: "send failed: \(failure)")
            return
        }
        if readPaused && outbound.count <= configuration.readPauseBytes / 2 { readPaused = false }
        updateInterest()
        if outbound.isEmpty { outboundDrained() }
    }

    /// Registers for what the connection needs now: reading unless paused, writing while
    /// bytes are queued (or while a client connect is in progress).
    func updateInterest() {
        var desired: SelectorInterest = readPaused || readSuspended ? [] : .read
        if !outbound.isEmpty || state == .connecting { desired.insert(.write) }
        guard desired != interest, state != .closed else { return }
        interest = desired
        loop.changeInterest(fd: fd, token: token, interest: interest)
    }
}
