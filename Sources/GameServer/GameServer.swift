import EngineIO
import Logging
import Synchronization
import WebSocket
import Platform
import Simulation
import Recording

/// The whole server for one game: an I/O loop (HTTP, WebSocket, sessions) and a game thread
/// per room. `run` blocks the calling thread in the I/O loop; `shutdown` may be called from
/// any thread and ends it cleanly (players get 1001).
public final class GameServer<G: Game>: @unchecked Sendable {
    // Sendable: after init, the loop-owned parts (server, lobby, service) are touched only on
    // the loop thread, through `loop.execute`.

    static var logger: Logger { Logger(label: "game.server") }

    public let configuration: GameServerConfiguration
    public let loop: EventLoop
    public let metrics: ServerMetrics
    private let server: WebSocketServer
    /// /metrics and /healthz on their own address (`--metrics-host/--metrics-port`).
    private let metricsServer: WebSocketServer?
    private let lobby: Lobby<G>
    private let service: GameService<G>
    private let theater: ReplayTheater<G>
    /// The spectator thread (`/spectate`).
    let stand: SpectatorStand<G>
    /// Disk reads for HTTP (static files, the recordings listing), off the I/O thread.
    private let disk = BlockingWorker(name: "disk")
    private let stopping = Atomic<Bool>(false)
    /// Set by `shutdown` before it hands over to the loop, read there.
    private var beforeStopping: ((@escaping () -> Void) -> Void)?
    /// Puts every room's recording on disk; nil when not recording.
    let recordingWriter: RecordingWriter?
    /// The long-polling sessions (nil with `--no-polling`); loop thread only.
    let engineIO: EngineIOServer?

    public init(configuration: GameServerConfiguration) throws {
        if let problem = configuration.problem() { throw GameServerConfigurationError(problem) }
        self.configuration = configuration
        loop = try EventLoop()
        metrics = ServerMetrics(transport: loop.metrics)
        if configuration.recording {
            let writer = RecordingWriter(options: .init(directory: configuration.recordDirectory, maxBytes: configuration.recordMaxBytes))
            writer.start()
            recordingWriter = writer
        } else {
            recordingWriter = nil
        }
        lobby = Lobby<G>(configuration: configuration, metrics: metrics, loop: loop, recordingWriter: recordingWriter)
        service = GameService<G>(lobby: lobby, metrics: metrics, configuration: configuration)
        let theater = ReplayTheater<G>(configuration: configuration.replay, hashInterval: configuration.hashInterval, loop: loop)
        self.theater = theater
        metrics.registry.gauge("game_replay_viewers", help: "Replays being watched (each re-simulates its own copy of a match).") {
            Double(theater.viewerCount.load(ordering: .relaxed))
        }
        let registry = metrics.registry
        let stand = SpectatorStand<G>(
            configuration: configuration.spectators, tickRate: configuration.tickRate, hashInterval: configuration.hashInterval, loop: loop,
            metrics: .init(
                bytes: registry.counter("game_spectator_bytes_total", help: "Bytes handed to spectators' sockets (messages, before framing)."),
                snapshots: registry.counter("game_spectator_snapshots_total", help: "Snapshots handed to spectators' sockets."),
                encodes: registry.counter("game_spectator_encodes_total", help: "Spectator snapshots encoded (once per group of spectators looking at the same thing)."),
                slowKicks: registry.counter("game_spectator_kicks_total", help: "Spectators dropped by the server, by reason.", labels: [("reason", "too_slow")])))
        self.stand = stand
        registry.gauge("game_spectators", help: "Live spectators watching rooms (not players: no seat, no inputs).") {
            Double(stand.spectatorCount.load(ordering: .relaxed))
        }
        let spectators = SpectatorService<G>(stand: stand, maxMessagesPerSecond: configuration.spectators.maxMessagesPerSecond,
                                             kicksMalformed: metrics.kicksMalformed) { [lobby] in lobby.spectatorRoom($0) }
        let replays = ReplayService<G>(theater: theater, recordDirectory: configuration.recordDirectory)
        var routes = Routes(staticFiles: configuration.webRoot.map { StaticFiles(root: $0) }, disk: disk, metrics: metrics,
                            recordDirectory: configuration.recordDirectory,
                            play: { [service, unowned loop] in service.connection(now: loop.now, identity: $0) }, replay: { [replays] in replays.connection(query: $0) })
        if configuration.spectators.maxSpectators > 0 {
            routes.spectate = { [spectators, unowned loop] in spectators.connection(query: $0, now: loop.now) }
        }
        routes.admission = JoinAdmission(verifier: configuration.joinTokens)
        routes.tokenRefusals = metrics.tokenRefusals
        routes.servesMetrics = configuration.metricsListener == nil
        routes.servesReplays = configuration.servesReplays
        routes.refusesWebSocket = configuration.refusesWebSocket
        let game = G.descriptor
        routes.gameJSON = "{\"id\":\(JSONString.quoted(game.name.lowercased())),\"name\":\(JSONString.quoted(game.name)),\"version\":\(game.version)}"
        if var polling = configuration.engineIO {
            polling.origins = configuration.transport.handshakePolicy.origins
            // One message limit whatever carries the message.
            polling.limits.maxMessageBytes = configuration.transport.maxMessageSize
            let engineIO = EngineIOServer(loop: loop, configuration: polling)
            routes.engineIO = engineIO
            self.engineIO = engineIO
        } else {
            engineIO = nil
        }
        server = try WebSocketServer(loop: loop, host: configuration.host, port: configuration.port,
                                     configuration: configuration.transport) { [routes] in routes.route($0) }
        engineIO?.addressLimiter = server.addressLimiter
        if let listener = configuration.metricsListener {
            metricsServer = try WebSocketServer(loop: loop, host: listener.host, port: listener.port, configuration: configuration.transport) {
                [metrics] in Routes.metricsRoute($0, metrics: metrics)
            }
            try metricsServer?.start()
        } else {
            metricsServer = nil
        }
        try server.start()
    }

    /// The port actually bound (useful with port 0).
    public var port: Int { server.port }
    /// The separate /metrics listener's port, when there is one.
    public var metricsPort: Int? { metricsServer?.port }

    /// How full the server is, who is in it, and whether its rooms' game threads still wake.
    /// Loop thread only (an orchestrator's timer on `loop`).
    public func status() -> ServerStatus {
        let now = Monotonic.now()
        var gap: UInt64 = 0
        for room in lobby.rooms {
            let last = room.lastWakeAt.load(ordering: .relaxed)
            if now > last { gap = max(gap, now - last) }
        }
        return ServerStatus(rooms: lobby.rooms.count, players: metrics.players.current,
                            capacity: configuration.roomCapacity * configuration.maxRooms,
                            playerIDs: metrics.seated.current, longestWakeGapSeconds: Double(gap) / 1e9)
    }

    /// Refuses new players (4004 with `reason`) until called with nil, e.g. until an
    /// orchestrator allocates this server to a match. Players already seated play on. Loop
    /// thread only.
    public func refuseNewPlayers(_ reason: String?) {
        lobby.refusal = reason
    }

    /// Runs the I/O loop on the calling thread until `shutdown` completes.
    public func run() {
        loop.run()
    }

    /// Runs the I/O loop on its own thread (tests, benchmarks).
    public func start() -> PThread {
        loop.startThread(name: "io-loop")
    }

    /// Stops accepting, ends every room (players get close code 1001), and stops the loop
    /// once the connections are gone or after `timeout` seconds. Any thread.
    public func shutdown(timeout: Double = 2) {
        shutdown(timeout: timeout, beforeStopping: nil)
    }

    /// `shutdown`, with `beforeStopping` called on the loop once the players are gone and the
    /// recordings are on disk, the loop still running: it calls its argument when it is done
    /// (an orchestrator's last call, answered or timed out), and the loop stops then.
    public func shutdown(timeout: Double, beforeStopping: ((@escaping () -> Void) -> Void)?) {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        self.beforeStopping = beforeStopping  // read on the loop, after the execute below
        let bound = LoopBound(self, loop: loop)
        loop.execute {
            let server = bound.value
            server.server.stopListening()
            server.metricsServer?.stopListening()
            server.lobby.shutdown()
            server.theater.stop()
            server.stand.stop()
            server.server.closeAll(code: .goingAway, reason: "server shutting down")
            server.engineIO?.closeAll(code: WebSocketCloseCode.goingAway.rawValue, reason: "server shutting down")
            server.waitForQuiet(until: server.loop.now + UInt64(timeout * 1e9))
        }
    }

    private func waitForQuiet(until deadline: UInt64) {
        // Polled, never joined while waiting: the loop keeps serving the last closes meanwhile.
        let quiet = loop.connectionCount == 0 && lobby.isEmpty && theater.isFinished && stand.isFinished
        if quiet || loop.now >= deadline {
            theater.join()
            stand.join()
            // The rooms have written their end records; the writer puts them on disk.
            recordingWriter?.requestStop()
            waitForRecordings()
        } else {
            loop.schedule(at: loop.now + 10_000_000) { [self] in waitForQuiet(until: deadline) }
        }
    }

    private func waitForRecordings() {
        if let recordingWriter, !recordingWriter.isFinished {
            loop.schedule(at: loop.now + 5_000_000) { [self] in waitForRecordings() }
            return
        }
        recordingWriter?.stop()  // the thread is past its last write: this join is immediate
        disk.stop()
        if let beforeStopping {
            self.beforeStopping = nil
            beforeStopping { [loop] in loop.stop() }
        } else {
            loop.stop()
        }
    }
}
