import Logging
import Platform
import WebSocket

/// Engine.IO protocol 4 at one path (`/engine.io/`): the sessions by id, the checks every
/// request meets first (Origin, the query, the method, the session), and the sweep that sends
/// pings and ends the sessions whose client went quiet. What a session carries is the game's
/// business: the router's `open` gives each new session its `MessageHandler`, the same one a
/// WebSocket would get. Loop thread only.
public final class EngineIOServer {
    public struct Configuration: Sendable {
        public var limits = EngineIOPollingSession.Limits()
        /// Sessions at once; a handshake beyond is answered 503.
        public var maxSessions = 10_000
        /// Whether the open packet offers the upgrade to WebSocket.
        public var offersUpgrade = true
        /// The Origin rule of the WebSocket upgrades, applied to every request here too.
        public var origins = OriginPolicy.sameOrigin

        public init() {}
    }

    /// A probe that has not sent its upgrade packet by then is closed (the client stays on polling).
    static let upgradeTimeout: UInt64 = 10_000_000_000
    /// How often pings and time-outs are checked.
    static let sweepPeriod: UInt64 = 250_000_000
    static let logger = Logger(label: "engine.io")

    public unowned let loop: EventLoop
    public let configuration: Configuration
    /// The per-address limits the WebSocket upgrades meet (the listening server's limiter, so
    /// both transports count together): every polling handshake takes a token of its client's
    /// handshake rate, and behind a trusted proxy, whose connections are not counted per
    /// client, each session counts as one connection of its client. A direct client's sessions
    /// are already bounded by its TCP connections, counted at accept. nil: no per-address limit.
    public var addressLimiter: AddressLimiter?
    private var sessions: [String: EngineIOSocket] = [:]
    private var sweep: RepeatingTimer?
    private var random = SystemRandomNumberGenerator()

    public init(loop: EventLoop, configuration: Configuration = .init()) {
        self.loop = loop
        self.configuration = configuration
    }

    deinit { sweep?.cancel() }

    public var sessionCount: Int { sessions.count }

    /// The session with this id (tests, metrics).
    public func session(_ sid: String) -> EngineIOSocket? { sessions[sid] }

    /// The answer to one request at the Engine.IO path. `open` is asked once per handshake for
    /// the new session's handler, or for the response that refuses it (a bad join token).
    public func route(_ request: HTTPRequest, open: (HTTPRequest) -> Result<any MessageHandler, Refusal>) -> HTTPRoute {
        guard configuration.origins.allows(request) else {
            let origin = request.headers.values(for: "Origin").joined(separator: ", ")
            Self.logger.warning("refused Engine.IO request from \(request.clientDescription): origin \(origin.prefix(200)) is not allowed")
            return .response(.text(.forbidden, "origin not allowed: \(origin.prefix(200))\n"))
        }
        let query: EngineIOQuery
        switch EngineIOQuery.parse(request.query) {
        case .success(let parsed): query = parsed
        case .failure(let error): return refuse(request, error)
        }
        let isUpgrade = WebSocketHandshake.isUpgradeRequest(request)
        guard let sid = query.sid else {
            guard request.method == "GET" else { return refuse(request, .badHandshakeMethod) }
            guard query.transport == .polling || isUpgrade else {
                return refuse(request, .badRequest("transport=websocket needs a WebSocket upgrade request"))
            }
            return handshake(request, transport: query.transport, open: open)
        }
        guard let socket = sessions[sid] else { return refuse(request, .unknownSession) }
        if query.transport == .websocket {
            guard isUpgrade, configuration.offersUpgrade, case .polling = socket.carrier else {
                return refuse(request, .badRequest("no upgrade for this session now"))
            }
            return .webSocket(EngineIOUpgrade(socket: socket, direct: false))
        }
        if case .webSocket = socket.carrier {
            return refuse(request, .badRequest("the session was upgraded to websocket"))
        }
        switch request.method {
        case "GET": return socket.poll()
        case "POST": return socket.post(request)
        default: return refuse(request, .badRequest("\(request.method.prefix(16)) is not GET or POST"))
        }
    }

    /// Why `open` refused a session: the HTTP answer, as a WebSocket upgrade would get it.
    public struct Refusal: Error {
        public var response: HTTPResponse
        public init(_ response: HTTPResponse) { self.response = response }
    }

    /// Ends every session (the server shuts down) with the game's close code and reason.
    public func closeAll(code: UInt16, reason: String) {
        for socket in sessions.values { socket.closeConnection(code: code, reason: reason) }
    }

    private func handshake(_ request: HTTPRequest, transport: EngineIOQuery.Transport,
                           open: (HTTPRequest) -> Result<any MessageHandler, Refusal>) -> HTTPRoute {
        guard sessions.count < configuration.maxSessions else {
            Self.logger.warning("refused Engine.IO handshake from \(request.clientDescription): \(sessions.count) sessions is the limit")
            return .response(.text(.serviceUnavailable, "too many sessions, try again later\n"))
        }
        // A direct WebSocket handshake met the same limits as an upgrade, before this route.
        var counted: IPAddress?
        if transport == .polling, let limiter = addressLimiter, let client = request.client {
            if let refusal = limiter.startHandshake(client.address, now: loop.now) {
                return limited(request, refusal)
            }
            if client.isForwarded {
                if let refusal = limiter.openConnection(client.address, now: loop.now) {
                    return limited(request, refusal)
                }
                counted = client.address
            }
        }
        let handler: any MessageHandler
        switch open(request) {
        case .success(let made): handler = made
        case .failure(let refusal):
            if let counted { addressLimiter?.closeConnection(counted, now: loop.now) }
            return .response(refusal.response)
        }
        var sid = EngineIOSessionID.make(using: &random)
        while sessions[sid] != nil { sid = EngineIOSessionID.make(using: &random) }
        let limits = configuration.limits
        let handshake = EngineIOHandshake(sid: sid, upgrades: configuration.offersUpgrade && transport == .polling ? ["websocket"] : [],
                                          pingInterval: Int(limits.pingInterval / 1_000_000),
                                          pingTimeout: Int(limits.pingTimeout / 1_000_000), maxPayload: limits.maxPayload)
        let socket = EngineIOSocket(server: self, sid: sid, client: request.client, handshake: handshake, handler: handler)
        socket.countedAddress = counted
        sessions[sid] = socket
        startSweep()
        if transport == .websocket {
            return .webSocket(EngineIOUpgrade(socket: socket, direct: true))
        }
        handler.connectionDidOpen(socket)
        return socket.poll()
    }

    func forget(_ socket: EngineIOSocket) {
        guard sessions[socket.sid] === socket else { return }
        sessions[socket.sid] = nil
        if let counted = socket.countedAddress {
            socket.countedAddress = nil
            addressLimiter?.closeConnection(counted, now: loop.now)
        }
    }

    /// 429 with `Retry-After`, counted and logged as the WebSocket upgrades' refusals are.
    private func limited(_ request: HTTPRequest, _ refusal: AddressLimiter.Refusal) -> HTTPRoute {
        Self.logger.warning("refused Engine.IO handshake from \(request.clientDescription): \(refusal)")
        var response = refusal.response(counting: loop.metrics)
        response.headers.add(name: "Cache-Control", value: "no-store")
        return .response(response)
    }

    private func startSweep() {
        guard sweep == nil else { return }
        sweep = loop.scheduleRepeating(period: Self.sweepPeriod) { [weak self] _, _ in
            guard let self else { return }
            let now = loop.now
            for socket in sessions.values { socket.tick(now: now) }
        }
    }

    private func refuse(_ request: HTTPRequest, _ error: EngineIOError) -> HTTPRoute {
        Self.logger.warning("refused Engine.IO request from \(request.clientDescription): \(error)")
        return .response(Self.refusal(error))
    }

    /// The protocol's error answers: 400 with `{"code":N,"message":"…"}`, or 413.
    static func refusal(_ error: EngineIOError) -> HTTPResponse {
        if case .payloadTooLarge = error { return .text(.payloadTooLarge, error.description + "\n") }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Cache-Control", value: "no-store")
        let body = "{\"code\":\(error.code ?? 3),\"message\":\(JSONString.quoted(error.description))}"
        return HTTPResponse(status: .badRequest, headers: headers, body: Array(body.utf8))
    }
}
