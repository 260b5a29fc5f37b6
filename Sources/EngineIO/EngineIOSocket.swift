import Logging
import Platform
import WebSocket

/// One Engine.IO session as the game sees it: a `MessageConnection` like a WebSocket, so a
/// player or a replay viewer on long-polling is the same handler as on `/play`. Underneath,
/// the packets ride on HTTP requests (a held GET carries them to the client, POSTs bring the
/// client's) until an upgrade moves them onto a WebSocket. The rules of polling live in
/// `EngineIOPollingSession`; this carries them out with parked responders and sockets.
/// Loop thread only.
public final class EngineIOSocket: MessageConnection {
    /// What carries the packets now.
    enum Carrier {
        case polling
        /// A WebSocket is probing; polling still carries the game until the client's upgrade packet.
        case upgrading(WebSocketConnection)
        case webSocket(WebSocketConnection)
    }

    public unowned let loop: EventLoop
    public let sid: String
    public let peer: String
    public let clientDescription: String
    let handler: any MessageHandler
    var session: EngineIOPollingSession
    var carrier = Carrier.polling
    private weak var server: EngineIOServer?
    /// The client address this session is counted under in the server's `AddressLimiter`
    /// (behind a proxy), released when it is forgotten.
    var countedAddress: IPAddress?
    private var parked: HTTPResponder?
    private var answerScheduled = false
    public private(set) var isEnded = false
    /// The close code and reason the handler hears: ours when we closed, else the client's.
    private var closing: (code: UInt16, reason: String)?

    init(server: EngineIOServer, sid: String, client: HTTPClient?, handshake: EngineIOHandshake, handler: any MessageHandler) {
        self.server = server
        self.loop = server.loop
        self.sid = sid
        self.peer = client.map { "\($0.address)" } ?? "?"
        self.clientDescription = client?.description ?? "?"
        self.handler = handler
        session = EngineIOPollingSession(handshake: handshake, limits: server.configuration.limits, now: server.loop.now)
    }

    public var isOpen: Bool { !isEnded && session.state == .open }

    public var queuedByteCount: Int {
        if case .webSocket(let socket) = carrier { return socket.queuedByteCount }
        return session.queuedBytes
    }

    /// The transport's name for logs and the HUD: `polling` or `websocket`.
    public var transportName: String {
        if case .webSocket = carrier { return "websocket" }
        return "polling"
    }

    @discardableResult
    public func send(binary payload: UnsafeRawBufferPointer) -> Bool {
        guard isOpen else { return false }
        if case .webSocket(let socket) = carrier { return socket.send(binary: payload) }
        if session.queuedBytes + EngineIOPollingSession.size(ofBinary: payload.count) > session.limits.maxQueuedBytes,
           handler.connectionOutboundLimitExceeded(self) == .disconnect {
            end(code: 1008, reason: "send queue limit exceeded: the client stopped polling")
            return false
        }
        guard session.send(.binary(Array(payload))) else {
            if case .closed(let reason) = session.state { end(code: 1008, reason: reason) }
            return false
        }
        scheduleAnswer()
        return true
    }

    /// The game's close: its code and reason go to the client as a text message
    /// `{"close":CODE,"reason":"…"}` before the close packet, since Engine.IO's close has none.
    public func closeConnection(code: UInt16, reason: String) {
        guard isOpen else { return }
        closing = (code, reason)
        let message = EngineIOPacket.text("{\"close\":\(code),\"reason\":\(JSONString.quoted(reason))}")
        if case .webSocket(let socket) = carrier {
            sendFrame(message, on: socket)
            sendFrame(.close, on: socket)
            socket.close(code: WebSocketCloseCode(rawValue: code), reason: reason)
            return
        }
        session.finish(reason, with: [message], now: loop.now)
        if case .upgrading(let probe) = carrier {
            carrier = .polling
            probe.close(code: .goingAway, reason: "session closing")
        }
        scheduleAnswer()
    }

    // MARK: Polling requests

    /// A GET on polling: answered now, or held until there is something to say.
    func poll() -> HTTPRoute {
        switch session.poll() {
        case .answer(let body):
            let route = HTTPRoute.response(Self.payloadResponse(body))
            afterDrain()
            return route
        case .park:
            return .later { [self] responder in
                parked = responder
                responder.onCancel = { [weak self] in
                    guard let self else { return }
                    parked = nil
                    session.pollCancelled()
                    // The held GET's connection ended before its answer: the client is gone
                    // (a closed tab, a lost network), as Engine.IO's own server concludes.
                    // Ending now spares the room a ghost player until the ping times out.
                    guard case .polling = carrier, !isEnded else { return }
                    loop.schedule(at: loop.now) { [weak self] in
                        self?.end(code: 1006, reason: "the long-poll's connection closed before its answer")
                    }
                }
            }
        case .refuse(let error):
            if case .closed(let reason) = session.state { loop.schedule(at: loop.now) { [weak self] in self?.end(code: 1002, reason: reason) } }
            return .response(EngineIOServer.refusal(error))
        }
    }

    /// A POST on polling: its body is read, its packets delivered, `ok` answered.
    func post(_ request: HTTPRequest) -> HTTPRoute {
        let limit = session.limits.maxPayload
        if let length = request.headers["Content-Length"].flatMap({ Int($0) }), length > limit {
            end(code: 1009, reason: "payload larger than \(limit) bytes")
            return .response(EngineIOServer.refusal(.payloadTooLarge(limit: limit)))
        }
        if let refusal = session.beginPost() {
            end(code: 1002, reason: refusal.description)
            return .response(EngineIOServer.refusal(refusal))
        }
        return .readBody(maxBytes: limit) { [self] request in
            switch session.receivePost(request.body) {
            case .success(let messages):
                deliver(messages)
                if case .closed(let reason) = session.state { end(code: 1000, reason: reason) }
                var response = HTTPResponse.text(.ok, "ok")
                response.headers.add(name: "Cache-Control", value: "no-store")
                return .response(response)
            case .failure(let error):
                end(code: 1002, reason: error.description)
                return .response(EngineIOServer.refusal(error))
            }
        }
    }

    /// The client's messages from a POST, to the handler, until it closes us.
    private func deliver(_ messages: [EngineIOPacket]) {
        let limit = session.limits.maxMessageBytes
        for message in messages {
            guard isOpen else { return }
            if Self.size(of: message) > limit {
                // As a WebSocket refuses it (1009), and told to the client in the same words.
                let why = "message exceeds \(limit) bytes"
                EngineIOServer.logger.warning("\(clientDescription) session \(sid): \(why) (close 1009)")
                closeConnection(code: 1009, reason: why)
                return
            }
            switch message {
            case .binary(let bytes):
                bytes.withUnsafeBytes { handler.connection(self, didReceiveBinary: $0) }
            case .text(var text):
                text.withUTF8 { handler.connection(self, didReceiveText: UnsafeRawBufferPointer($0)) }
            default:
                break
            }
        }
    }

    private static func size(of message: EngineIOPacket) -> Int {
        switch message {
        case .binary(let bytes): bytes.count
        case .text(let text): text.utf8.count
        default: 0
        }
    }

    /// The clock moved (the server's sweep): pings and their time-out, the finishing deadline.
    func tick(now: UInt64) {
        guard !isEnded else { return }
        session.tick(now: now)
        if case .webSocket(let socket) = carrier {
            for packet in session.takeQueued() { sendFrame(packet, on: socket) }
        } else {
            answerParked()
        }
        endIfClosed(code: 1006)
    }

    // MARK: The WebSocket (`EngineIOUpgrade` calls these)

    /// A `transport=websocket` handshake without polling first: the open packet as a text frame.
    func openDirect(on socket: WebSocketConnection) {
        carrier = .webSocket(socket)
        for packet in session.takeQueued() { sendFrame(packet, on: socket) }
    }

    /// The probe's `2probe` arrived: answer it and release a held GET, so the client can
    /// pause polling and send the upgrade packet.
    func probed(on socket: WebSocketConnection) {
        sendFrame(.pong("probe"), on: socket)
        guard session.send(.noop) else { return }
        scheduleAnswer()
    }

    /// The upgrade packet: from now on the WebSocket carries everything; a still-held GET is
    /// answered with a noop.
    func upgraded(to socket: WebSocketConnection) {
        carrier = .webSocket(socket)
        for packet in session.takeQueued() { sendFrame(packet, on: socket) }
        if let responder = parked {
            parked = nil
            session.pollCancelled()
            responder.respond(Self.payloadResponse([EngineIOPacket.Kind.noop.rawValue]))
        }
        EngineIOServer.logger.debug("\(clientDescription) session \(sid) upgraded to websocket")
        if socket.queuedByteCount == 0 { handler.connectionOutboundDidDrain(self) }
    }

    /// One text frame on the upgraded socket.
    func receivedText(_ payload: UnsafeRawBufferPointer, on socket: WebSocketConnection) {
        switch EngineIOPacket.decodeText(ArraySlice(payload), allowsBase64Binary: false) {
        case .success(.pong):
            session.receivedPong()
        case .success(.text(let text)):
            var text = text
            text.withUTF8 { handler.connection(self, didReceiveText: UnsafeRawBufferPointer($0)) }
        case .success(.close):
            closing = closing ?? (1000, "the client closed")
            socket.close()
        case .success(let packet):
            fail(socket, "a client may not send \(packet) here")
        case .failure(let error):
            fail(socket, error.description)
        }
    }

    func receivedBinary(_ payload: UnsafeRawBufferPointer) {
        guard isOpen else { return }
        handler.connection(self, didReceiveBinary: payload)
    }

    /// The WebSocket ended. A failed probe leaves the session on polling; the carrier's end
    /// ends the session.
    func webSocketClosed(_ socket: WebSocketConnection, code: UInt16, reason: String) {
        switch carrier {
        case .upgrading(let probe) where probe === socket:
            carrier = .polling
        case .webSocket(let current) where current === socket:
            session.close(reason)
            end(code: code, reason: reason)
        default:
            break
        }
    }

    func webSocketDrained() {
        handler.connectionOutboundDidDrain(self)
    }

    // MARK: Ending

    /// The session's rules closed it (a time-out, a finished close): end it, with `code`
    /// unless the game closed it first.
    private func endIfClosed(code: UInt16) {
        if case .closed(let reason) = session.state { end(code: code, reason: reason) }
    }

    /// The session is over: the handler hears it once, the table forgets it. The code and
    /// reason are the game's when it closed first (`closeConnection`), else the given ones.
    func end(code: UInt16, reason: String) {
        guard !isEnded else { return }
        let (code, reason) = closing ?? (code, reason)
        isEnded = true
        session.close(reason)
        answerParked()
        switch carrier {
        case .upgrading(let socket), .webSocket(let socket):
            socket.close(code: WebSocketCloseCode(rawValue: code), reason: reason)
        case .polling:
            break
        }
        server?.forget(self)
        handler.connectionDidClose(self, code: code, reason: reason)
    }

    private func fail(_ socket: WebSocketConnection, _ why: String) {
        EngineIOServer.logger.warning("\(clientDescription) session \(sid): \(why)")
        closing = closing ?? (1002, why)
        socket.close(code: .protocolError, reason: why)
    }

    // MARK: Answering the held GET

    /// Answers a held GET once the current work is done, so the messages of one flush
    /// (events and a snapshot) travel in one payload.
    private func scheduleAnswer() {
        guard parked != nil, !answerScheduled else { return }
        answerScheduled = true
        loop.schedule(at: loop.now) { [weak self] in
            guard let self else { return }
            answerScheduled = false
            answerParked()
            endIfClosed(code: 1000)
        }
    }

    private func answerParked() {
        guard let responder = parked, let body = session.takeAnswer() else { return }
        parked = nil
        responder.respond(Self.payloadResponse(body))
        afterDrain()
    }

    private func afterDrain() {
        if session.queuedBytes == 0 && isOpen { handler.connectionOutboundDidDrain(self) }
    }

    private func sendFrame(_ packet: EngineIOPacket, on socket: WebSocketConnection) {
        if case .binary(let bytes) = packet {
            socket.send(binary: bytes)
            return
        }
        var out: [UInt8] = []
        packet.encodeText(into: &out)
        out.withUnsafeBytes { _ = socket.send(textBytes: $0) }
    }

    static func payloadResponse(_ body: [UInt8]) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; charset=UTF-8")
        headers.add(name: "Cache-Control", value: "no-store")
        return HTTPResponse(status: .ok, headers: headers, body: body)
    }
}
