import Platform
import WebSocket

/// An Engine.IO protocol 4 client on HTTP long-polling, as a `MessageConnection`: what the
/// bots use to put part of a fleet where a browser behind a WebSocket-breaking proxy would
/// be, through the same `MessageHandler` a WebSocket player uses. It stays on polling (it
/// never upgrades): that is the case a load test needs to measure.
///
/// One keep-alive connection holds the long-poll GET, another carries POSTs, one request at
/// a time each, as a browser does. Messages sent while a POST is in flight go out together
/// in the next one. The server's pings are answered at once; a long-poll not answered within
/// `pingInterval + pingTimeout` means the server is gone (1006). The server's game close
/// arrives as the text message `{"close":CODE,"reason":…}` before the close packet, and the
/// handler hears that code, as it would on a WebSocket. Loop thread only.
public final class EngineIOClient: MessageConnection, HTTPClientConnectionDelegate {
    public enum State: Equatable, Sendable { case handshaking, open, closing, closed }

    public unowned let loop: EventLoop
    public let peer: String
    public private(set) var state = State.handshaking
    /// The server's open packet, once received.
    public private(set) var handshake: EngineIOHandshake?
    /// Bytes `send` may have queued beyond what is in flight before the handler is asked.
    public var outboundLimit = 1 << 20
    /// Long-polls stop while true, as a client that stops reading would (the server then
    /// holds one flush, stall-kicks and times the session out). Clearing it polls again.
    public var isReadingSuspended = false {
        didSet { if !isReadingSuspended { poll() } }
    }
    /// Requests answered (GETs and POSTs), for a report's figures.
    public private(set) var pollsAnswered = 0
    public private(set) var postsAnswered = 0

    private let handler: any MessageHandler
    private let path: String
    private let extraQuery: String
    private let poller: HTTPClientConnection
    private let poster: HTTPClientConnection
    private var outbox = EngineIOClientOutbox()
    private var postBody: [UInt8] = []
    private var inFlightPostBytes = 0
    /// The long-poll's body, copied once so packets can be sliced from it.
    private var received: [UInt8] = []
    private var binary: [UInt8] = []
    /// Set by the server's close message, then reported when the close packet arrives.
    private var serverClose: (code: UInt16, reason: String)?
    /// What the handler hears when a client-side close completes.
    private var ownClose: (code: UInt16, reason: String)?

    /// Starts the handshake (call on the loop thread). `query` is added to every request
    /// (`endpoint=play`, `token=…`); `headers` go with every request (`Authorization`, `Origin`).
    public init(loop: EventLoop, host: String, port: Int, path: String = "/engine.io/", query: String = "",
                headers: [(name: String, value: String)] = [], handler: any MessageHandler) {
        self.loop = loop
        self.peer = Socket.authority(host: host, port: port)
        self.handler = handler
        self.path = path
        self.extraQuery = query.isEmpty ? "" : "&" + query
        poller = HTTPClientConnection(loop: loop, host: host, port: port, headers: headers)
        poster = HTTPClientConnection(loop: loop, host: host, port: port, headers: headers)
        poller.delegate = self
        poster.delegate = self
        poller.send(method: "GET", target: "\(path)?EIO=4&transport=polling\(extraQuery)", timeout: 10_000_000_000)
    }

    // MARK: MessageConnection

    public var isOpen: Bool { state == .open }

    public var queuedByteCount: Int { outbox.count + inFlightPostBytes }

    @discardableResult
    public func send(binary payload: UnsafeRawBufferPointer) -> Bool {
        guard state == .open else { return false }
        outbox.appendBinary(payload)
        if outbox.count > outboundLimit, handler.connectionOutboundLimitExceeded(self) == .disconnect {
            finish(code: 1008, reason: "send queue limit exceeded")
            return false
        }
        post()
        return true
    }

    /// Engine.IO's close carries no code: the server hears a close packet, and the handler
    /// hears `code` once the server took it (or the POST failed).
    public func closeConnection(code: UInt16, reason: String) {
        guard state == .open || state == .handshaking else { return }
        guard state == .open else {
            finish(code: code, reason: reason)
            return
        }
        state = .closing
        ownClose = (code, reason)
        outbox.append(.close)
        post()
    }

    // MARK: Requests

    private var sessionTarget: String {
        "\(path)?EIO=4&transport=polling&sid=\(handshake?.sid ?? "")\(extraQuery)"
    }

    private func poll() {
        guard state == .open, !isReadingSuspended, !poller.isBusy, let handshake else { return }
        // The server answers a held poll by the next ping at the latest.
        let wait = UInt64(handshake.pingInterval + handshake.pingTimeout) * 1_000_000
        poller.send(method: "GET", target: sessionTarget, timeout: wait)
    }

    private func post() {
        guard state == .open || state == .closing, !poster.isBusy, !outbox.isEmpty, let handshake else { return }
        outbox.takeBatch(into: &postBody, limit: handshake.maxPayload)
        inFlightPostBytes = postBody.count
        postBody.withUnsafeBytes {
            poster.send(method: "POST", target: sessionTarget, body: $0, contentType: "text/plain;charset=UTF-8", timeout: 10_000_000_000)
        }
    }

    // MARK: HTTPClientConnectionDelegate

    public func httpClient(_ connection: HTTPClientConnection, didReceive head: HTTPResponseHead, body: UnsafeRawBufferPointer) {
        guard state != .closed else { return }
        guard head.status == 200 else {
            let text = String(decoding: body.prefix(200), as: UTF8.self)
            let what = state == .handshaking ? "handshake refused" : "request refused"
            finish(code: 1006, reason: "\(what): HTTP \(head.status) \(text)")
            return
        }
        if connection === poster {
            postsAnswered += 1
            inFlightPostBytes = 0
            if state == .closing, outbox.isEmpty {
                let close = ownClose ?? (1000, "")
                finish(code: close.code, reason: close.reason)
                return
            }
            if outbox.isEmpty {
                handler.connectionOutboundDidDrain(self)
            } else {
                post()
            }
            return
        }
        pollsAnswered += 1
        received.removeAll(keepingCapacity: true)
        received.append(contentsOf: body)
        if let error = readPayload() {
            finish(code: 1002, reason: "bad payload from the server: \(error)")
            return
        }
        poll()
    }

    public func httpClient(_ connection: HTTPClientConnection, didFail error: HTTPClientError) {
        guard state != .closed else { return }
        if state == .closing, connection === poster {
            let close = ownClose ?? (1000, "")
            finish(code: close.code, reason: close.reason)
            return
        }
        let reason = error == .timedOut && connection === poller && state == .open
            ? "no answer from the server within pingInterval + pingTimeout" : "\(error)"
        finish(code: 1006, reason: reason)
    }

    // MARK: Packets

    /// Hands every packet of the long-poll's payload on; the error's text, if one is not
    /// Engine.IO.
    private func readPayload() -> String? {
        var error: String?
        EngineIOPayload.forEachPacket(in: received) { range in
            error = readPacket(range)
            return error == nil && state != .closed
        }
        return error
    }

    private func readPacket(_ range: Range<Int>) -> String? {
        guard let first = range.isEmpty ? nil : received[range.lowerBound] else { return "an empty packet" }
        if first == EngineIOPacket.binaryMark {
            guard state == .open else { return nil }
            let ok = received.withUnsafeBytes { bytes in
                Base64.decode(UnsafeRawBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<range.upperBound]), into: &binary)
            }
            guard ok else { return "a binary packet that is not base64" }
            binary.withUnsafeBytes { handler.connection(self, didReceiveBinary: $0) }
            return nil
        }
        switch EngineIOPacket.decodeText(received[range], allowsBase64Binary: true) {
        case .failure(let error):
            return error.description
        case .success(.open(let json)) where state == .handshaking:
            switch EngineIOHandshake.parse(json) {
            case .failure(let error): return error.description
            case .success(let parsed):
                handshake = parsed
                state = .open
                handler.connectionDidOpen(self)
            }
        case .success(.ping(let data)):
            outbox.append(.pong(data))
            post()
        case .success(.text(let text)):
            if let close = Self.gameClose(text) {
                serverClose = close
            } else if state == .open {
                Array(text.utf8).withUnsafeBytes { handler.connection(self, didReceiveText: $0) }
            }
        case .success(.close):
            // The server answers our own close packet with one on the held poll.
            let close = state == .closing ? ownClose ?? (1000, "") : serverClose ?? (1005, "")
            finish(code: close.code, reason: close.reason)
        case .success(.noop):
            break
        case .success(let packet):
            return "unexpected packet \(packet) in state \(state)"
        }
        return nil
    }

    /// The server's `{"close":CODE,"reason":"…"}`, nil for any other text.
    static func gameClose(_ text: String) -> (code: UInt16, reason: String)? {
        guard text.hasPrefix("{\"close\":"), case .success(let members) = JSONObjectReader.parse(Array(text.utf8)),
              case .number(let number)? = members["close"], let code = number.floor, (1000...4999).contains(code) else { return nil }
        guard case .string(let reason)? = members["reason"] else { return (UInt16(code), "") }
        return (UInt16(code), reason)
    }

    private func finish(code: UInt16, reason: String) {
        guard state != .closed else { return }
        state = .closed
        poller.close()
        poster.close()
        handler.connectionDidClose(self, code: code, reason: reason)
    }
}
