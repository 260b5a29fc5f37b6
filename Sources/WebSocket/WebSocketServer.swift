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

    /// Binds `host:port` (port 0 = any free port). Call `start()` on the loop thread, or before
    /// the loop runs, to begin accepting. `router` runs on the loop thread for every request.
    public init(loop: EventLoop, host: String = "127.0.0.1", port: Int, configuration: WebSocketConfiguration = .init(),
                router: @escaping (HTTPRequest) -> HTTPRoute) throws(SystemError) {
        self.loop = loop
        self.configuration = configuration
        self.router = router
        self.host = host
        listenFD = try Socket.listen(host: host, port: port)
        self.port = Socket.localPort(listenFD)
    }

    public func start() throws(SystemError) {
        guard !listening else { return }
        token = try loop.register(self, fd: listenFD, interest: .read)
        listening = true
    }

    /// Stops accepting and closes the listening socket. Open connections are left to the caller
    /// (see `closeAll`).
    public func stopListening() {
        guard listening else { return }
        listening = false
        loop.deregister(fd: listenFD, token: token)
        Socket.close(listenFD)
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
            let accepted: (fd: Int32, peer: String)?
            do {
                accepted = try Socket.accept(listenFD)
            } catch {
                if error.errno == EMFILE || error.errno == ENFILE {
                    pauseAccepting(because: error)
                } else if error.errno != ECONNABORTED {
                    Self.logger.error("accept: \(error)")
                }
                return
            }
            guard let (fd, peer) = accepted else { return }
            if configuration.maxConnections > 0 && loop.connectionCount >= configuration.maxConnections {
                Self.logger.warning("refusing \(peer): \(loop.connectionCount) connections is the limit")
                Socket.close(fd)
                continue
            }
            Socket.setNoDelay(fd)
            if let bytes = configuration.serverSendBufferBytes { Socket.setSendBuffer(fd, bytes: bytes) }
            let connection = WebSocketConnection(
                loop: loop, fd: fd, role: .server, peer: peer, configuration: configuration, id: nextConnectionID)
            nextConnectionID &+= 1
            connection.router = router
            do {
                connection.token = try loop.register(connection, fd: fd, interest: .read)
            } catch {
                Self.logger.error("registering \(peer): \(error)")
                Socket.close(fd)
                continue
            }
            loop.track(connection)
        }
    }

    /// Out of descriptors: a level-triggered listener would wake the loop forever, so stop
    /// listening for a moment and let connections close.
    private func pauseAccepting(because error: SystemError) {
        guard !acceptPaused, listening else { return }
        acceptPaused = true
        Self.logger.error("accept paused for 100 ms: \(error)")
        loop.changeInterest(fd: listenFD, token: token, interest: [])
        loop.schedule(at: loop.now + 100_000_000) { [weak self] in
            guard let self, self.listening else { return }
            self.acceptPaused = false
            self.loop.changeInterest(fd: self.listenFD, token: self.token, interest: .read)
        }
    }
}
