import Glibc
import Logging
import Platform

/// A listening socket on a loop: accepts connections, parses their requests and either answers
/// them (static files, routes) or upgrades them to WebSocket sessions. Owned by the loop thread
/// once `start` was called.
public final class WebSocketServer: EventLoopHandler {
    static let logger = Logger(label: "ws.server")

    public unowned let loop: EventLoop
    public let configuration: WebSocketConfiguration
    /// The port actually bound (useful with port 0).
    public let port: Int
    public let host: String
    private let listenFD: Int32
    private var token: UInt64 = 0
    private var router: (HTTPRequest) -> HTTPRoute
    private var nextConnectionID: UInt64 = 1
    private var acceptPaused = false
    private var listening = false
    /// A descriptor held in reserve (on /dev/null) for refusing connections when the process
    /// is out of descriptors: closed, so that one accept can take the pending connection and
    /// close it at once, then reopened. Without it the listener stays readable and the
    /// connections wait in the backlog with no answer; -1 while it could not be reopened.
    private var spareFD: Int32 = -1
    /// Connections refused for want of descriptors since accepting last worked (for the log).
    private var refusedOutOfDescriptors = 0
    /// Per-client-address counts (`configuration.addressLimits`), shared by this server's
    /// connections and by any other transport served on them (Engine.IO's sessions).
    public let addressLimiter: AddressLimiter
    private var limiterSweep: RepeatingTimer?

    /// Binds `host:port` (port 0 = any free port). Call `start()` on the loop thread, or before
    /// the loop runs, to begin accepting. `router` runs on the loop thread for every request.
    public init(loop: EventLoop, host: String = "127.0.0.1", port: Int, configuration: WebSocketConfiguration = .init(),
                router: @escaping (HTTPRequest) -> HTTPRoute) throws(SystemError) {
        self.loop = loop
        self.configuration = configuration
        self.router = router
        self.host = host
        addressLimiter = AddressLimiter(limits: configuration.addressLimits)
        listenFD = try Socket.listen(host: host, port: port)
        self.port = Socket.localPort(listenFD)
    }

    public func start() throws(SystemError) {
        guard !listening else { return }
        token = try loop.register(self, fd: listenFD, interest: .read)
        listening = true
        spareFD = Self.openSpare()
        limiterSweep = loop.scheduleRepeating(period: 1_000_000_000) { [addressLimiter, unowned loop] _, _ in
            addressLimiter.sweep(now: loop.now)
        }
    }

    /// Stops accepting and closes the listening socket. Open connections are left to the caller
    /// (see `closeAll`).
    public func stopListening() {
        guard listening else { return }
        listening = false
        limiterSweep?.cancel()
        limiterSweep = nil
        loop.deregister(fd: listenFD, token: token)
        Socket.close(listenFD)
        if spareFD >= 0 { Socket.close(spareFD) }
        spareFD = -1
    }

    /// Sends every open connection of the loop a close frame (e.g. 1001 on shutdown).
    public func closeAll(code: WebSocketCloseCode = .goingAway, reason: String = "server shutting down") {
        loop.forEachConnection { tracked in
            if let connection = tracked as? WebSocketConnection, connection.role == .server {
                connection.close(code: code, reason: reason)
            }
        }
    }

    public func handle(_ event: SelectorEvent) { acceptConnections() }

    func acceptConnections() {
        // Bounded per wake-up so a connect storm cannot starve the sockets already open.
        for _ in 0..<256 {
            let accepted: (fd: Int32, address: IPAddress, port: UInt16)?
            do {
                accepted = try Socket.accept(listenFD)
            } catch {
                if error.errno == EMFILE || error.errno == ENFILE {
                    refuseOutOfDescriptors(because: error)
                } else if error.errno != ECONNABORTED {
                    Self.logger.error("accept: \(error)")
                }
                return
            }
            guard let (fd, address, port) = accepted else { return }
            let peer = address.withPort(port)
            if refusedOutOfDescriptors > 0 {
                Self.logger.notice("accepting again: \(refusedOutOfDescriptors) connections were refused for want of descriptors")
                refusedOutOfDescriptors = 0
            }
            if configuration.maxConnections > 0 && loop.connectionCount >= configuration.maxConnections {
                loop.metrics.capacityRefusals.wrappingAdd(1, ordering: .relaxed)
                Self.logger.warning("refusing \(peer): \(loop.connectionCount) connections is the limit")
                Self.refuse(fd, status: .serviceUnavailable, "server full, try again later\n")
                continue
            }
            // A proxy's connections carry many clients: they are counted per client once a
            // request names one (see `WebSocketConnection.admitUpgrade`).
            var counted: IPAddress?
            if !configuration.trustedProxies.trusts(address) {
                if let refusal = addressLimiter.openConnection(address, now: loop.now) {
                    loop.metrics.addressConnectionRefusals.wrappingAdd(1, ordering: .relaxed)
                    Self.logger.warning("refusing \(peer): \(refusal.description)")
                    Self.refuse(fd, status: .tooManyRequests, refusal.description + "\n")
                    continue
                }
                counted = address
            }
            Socket.setNoDelay(fd)
            if let bytes = configuration.serverSendBufferBytes { Socket.setSendBuffer(fd, bytes: bytes) }
            let connection = WebSocketConnection(
                loop: loop, fd: fd, role: .server, peer: peer, configuration: configuration, id: nextConnectionID)
            nextConnectionID &+= 1
            connection.router = router
            connection.peerAddress = address
            connection.peerPort = port
            connection.addressLimiter = addressLimiter
            connection.countedAddress = counted
            do {
                connection.token = try loop.register(connection, fd: fd, interest: .read)
            } catch {
                Self.logger.error("registering \(peer): \(error)")
                if let counted { addressLimiter.closeConnection(counted, now: loop.now) }
                Socket.close(fd)
                continue
            }
            loop.track(connection)
        }
    }

    /// Answers a connection refused at accept with one small response (best effort: a
    /// fresh socket's send buffer is empty) and closes it, so a client learns why.
    static func refuse(_ fd: Int32, status: HTTPStatus, _ text: String) {
        let bytes = HTTPResponse.text(status, text).serialized(keepAlive: false)
        _ = bytes.withUnsafeBytes { try? Socket.send(fd, $0) }
        Socket.close(fd)
    }

    private static func openSpare() -> Int32 { Glibc.open("/dev/null", O_RDONLY | O_CLOEXEC) }

    /// Out of descriptors (EMFILE, ENFILE): the pending connections are refused with 503 and
    /// closed through the spare descriptor, counted in `descriptorRefusals`, so clients learn
    /// at once and the level-triggered listener stops being readable instead of waking the
    /// loop forever. Logged once per episode; the next connection accepted logs the count.
    private func refuseOutOfDescriptors(because error: SystemError) {
        guard spareFD >= 0 else {
            pauseAccepting(because: error)
            return
        }
        if refusedOutOfDescriptors == 0 {
            Self.logger.warning("out of descriptors (\(error)): refusing new connections until some close")
        }
        Socket.close(spareFD)
        spareFD = -1
        var refused = 0
        // Bounded like `acceptConnections`; a fuller backlog wakes the loop again.
        while refused < 256, let (fd, _, _) = try? Socket.accept(listenFD) {
            Self.refuse(fd, status: .serviceUnavailable, "server out of descriptors, try again later\n")
            refused += 1
        }
        refusedOutOfDescriptors += refused
        loop.metrics.descriptorRefusals.wrappingAdd(refused, ordering: .relaxed)
        spareFD = Self.openSpare()
        // Another thread took the freed descriptor: fall back to pausing until one is free.
        if spareFD < 0 { pauseAccepting(because: error) }
    }

    /// Out of descriptors with no spare to refuse with: a level-triggered listener would wake
    /// the loop forever, so stop listening for a moment and let connections close.
    private func pauseAccepting(because error: SystemError) {
        guard !acceptPaused, listening else { return }
        acceptPaused = true
        Self.logger.warning("accept paused for 100 ms: \(error)")
        loop.changeInterest(fd: listenFD, token: token, interest: [])
        loop.schedule(at: loop.now + 100_000_000) { [weak self] in
            guard let self, self.listening else { return }
            self.acceptPaused = false
            if self.spareFD < 0 { self.spareFD = Self.openSpare() }
            self.loop.changeInterest(fd: self.listenFD, token: self.token, interest: .read)
        }
    }
}
