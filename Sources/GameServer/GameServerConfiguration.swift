import EngineIO
import Auth
import WebSocket
import Platform
import Simulation

/// Everything the game server can be told, with the defaults of the command-line contract.
public struct GameServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Simulation ticks per second, 1...240.
    public var tickRate = 60
    /// A snapshot every this many ticks (1 = every tick, 2 = 30 Hz at a 60 Hz tick...).
    public var snapshotInterval = 1
    /// Every this many ticks a snapshot carries the hash of the player's whole view.
    public var hashInterval = 30
    /// Players per room; a room opens when every running room is full.
    public var roomCapacity = 64
    public var maxRooms = 64
    /// Consecutive snapshot ticks a player's socket may stay busy before the player is dropped (4003).
    public var stallSeconds = 3.0
    /// How long a disconnected player keeps its seat and entity, so a reconnect presenting its
    /// resume token continues the same player (0 = leave at once).
    public var resumeGraceSeconds = 10.0
    /// Input (and ping/chat) messages a player may send per second before they are dropped;
    /// sustained flooding disconnects (4002).
    public var maxMessagesPerSecond = 240
    /// A socket that upgrades on /play must send its hello within this time or be closed
    /// with 4007: an upgraded socket costs a descriptor and a buffer, and a ping every few
    /// seconds would otherwise keep a socket that never plays open forever.
    public var helloTimeoutSeconds = 5.0
    /// How often the server pings each player to measure its round trip (`RoundTripProbe`),
    /// and how long it waits for a first answer before giving a silent client no credit.
    public var roundTripProbeSeconds = 1.0
    public var roundTripGraceSeconds = 2.0
    /// The interpolation delay granted beyond the measured round trip when checking the view
    /// an input claims (`--view-allowance-ms`): a claim older than round trip + this is judged
    /// at that age. A client drawing others further back than this is compensated only this far.
    public var viewAllowanceSeconds = 0.15
    /// The directory the game page and its modules are served from; nil serves no page (every
    /// file path answers 404), for servers that only take players (load tests, a fleet).
    public var webRoot: String? = "web"
    public var recordDirectory = "recordings"
    /// The replay endpoint's limits and pacing.
    public var replay = ReplayConfiguration()
    /// Live spectators (`/spectate`): their cap, broadcast delay and pacing.
    public var spectators = SpectatorConfiguration()
    /// Whether rooms record their matches into `recordDirectory`. Off by default in code (tests,
    /// benchmarks); the game-server command turns it on unless told `--no-record`.
    public var recording = false
    /// Recordings may use this many bytes of the directory in all; the oldest are deleted first.
    public var recordMaxBytes: Int64 = 1 << 30
    /// Seconds between keyframes in a recording: the longest a replay seek simulates.
    public var keyframeSeconds = 5.0
    /// Seed of the first room; room n uses seed + n. nil = random.
    public var seed: UInt64?
    /// For tests of an orchestrator's health check only: every room's game thread wedges for
    /// good once it reaches this tick (`--test-stall-at-tick`); nil in real use.
    public var testStallAfterTicks: UInt32?
    /// For tests of an orchestrator's health check only: every wake of a room's game thread
    /// takes this many milliseconds more, so the room is busy (late, skipping ticks) but alive
    /// (`--test-slow-wake-ms`); nil in real use.
    public var testSlowWakeMillis: UInt32?
    public var settings = GameSettings()
    public var transport = WebSocketConfiguration()
    /// Where /metrics is served when not on the public listener (`--metrics-host/-port`).
    public struct Listener: Sendable, Equatable {
        public var host: String
        public var port: Int
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }
    /// nil: /metrics is served with everything else.
    public var metricsListener: Listener?
    /// With a verifier, /play requires a signed join token (`--auth-secret-file`) and takes
    /// the player's name from it.
    public var joinTokens: JoinTokenVerifier?
    /// Whether /replays, /replay and the replay page are served (`--no-replays` turns them off).
    public var servesReplays = true
    /// Engine.IO (long-polling, upgraded to WebSocket when it can) at /engine.io/ for players
    /// and replay viewers whose network breaks WebSocket; nil turns it off (`--no-polling`).
    /// Its Origin rule is the WebSocket upgrades' (`transport.handshakePolicy.origins`).
    public var engineIO: EngineIOServer.Configuration? = .init()
    /// For testing fallbacks: every WebSocket upgrade (/play, /replay, Engine.IO's) is answered
    /// 400, as on a network that breaks WebSocket (`--refuse-websocket`).
    public var refusesWebSocket = false

    public init() {
        transport.maxMessageSize = 64 * 1024
        transport.idleTimeout = 30_000_000_000
        // Snapshots are a few kB/s per player: 32 KiB of kernel buffer (64 KiB as the kernel
        // counts it) is seconds of them, so a player that stops reading is noticed by the
        // stall rule (4003) in seconds; the kernel's own sizing grows to megabytes on loopback.
        transport.serverSendBufferBytes = 32 * 1024
        // Connections beyond this are refused at accept: far more than one process serves at
        // 60 Hz (see README's benchmarks), far fewer than a descriptor limit raised to the hard
        // limit, so a connection storm cannot take the descriptors the recordings need.
        transport.maxConnections = 10_000
    }

    /// What is wrong with this configuration, in words a flag user can act on; nil if nothing.
    /// `GameServer.init` refuses an invalid configuration: a tick rate or snapshot interval of
    /// 0 would otherwise trap on a division deep inside a room thread.
    public func problem() -> String? {
        let positive = { (value: Double) -> Bool in value.isFinite && value > 0 }
        let checks: [(Bool, String)] = [
            ((1...240).contains(tickRate), "tick rate must be 1 to 240 Hz, got \(tickRate)"),
            ((1...60).contains(snapshotInterval), "snapshot interval must be 1 to 60 ticks, got \(snapshotInterval)"),
            ((1...3600).contains(hashInterval), "hash interval must be 1 to 3600 ticks, got \(hashInterval)"),
            ((1...4000).contains(roomCapacity), "room capacity must be 1 to 4000 players, got \(roomCapacity)"),
            (maxRooms >= 1, "max rooms must be at least 1, got \(maxRooms)"),
            ((0...65535).contains(port), "port must be 0 to 65535, got \(port)"),
            (positive(stallSeconds), "stall seconds must be positive, got \(stallSeconds)"),
            (resumeGraceSeconds.isFinite && (0...3600).contains(resumeGraceSeconds), "resume grace must be 0 to 3600 s, got \(resumeGraceSeconds)"),
            (positive(helloTimeoutSeconds) && helloTimeoutSeconds <= 3600, "hello time-out must be above 0 and at most 3600 s, got \(helloTimeoutSeconds)"),
            (positive(roundTripProbeSeconds) && roundTripProbeSeconds <= 60, "round-trip probe interval must be above 0 and at most 60 s, got \(roundTripProbeSeconds)"),
            (positive(roundTripGraceSeconds) && roundTripGraceSeconds <= 60, "round-trip grace must be above 0 and at most 60 s, got \(roundTripGraceSeconds)"),
            (viewAllowanceSeconds.isFinite && (0...2).contains(viewAllowanceSeconds), "view allowance must be 0 to 2000 ms, got \(viewAllowanceSeconds * 1000) ms"),
            (maxMessagesPerSecond >= 1, "max messages per second must be at least 1, got \(maxMessagesPerSecond)"),
            (positive(keyframeSeconds), "keyframe seconds must be positive, got \(keyframeSeconds)"),
            (recordMaxBytes > 0, "the recordings' disk budget must be positive, got \(recordMaxBytes) bytes"),
            (metricsListener.map { (0...65535).contains($0.port) } ?? true, "metrics port must be 0 to 65535"),
            (metricsListener.map { $0.port == 0 || $0.port != port || $0.host != host } ?? true,
             "the metrics listener must not be the game's own address \(host):\(port)"),
            (transport.maxConnections >= 0, "max connections must be 0 (no limit) or more, got \(transport.maxConnections)"),
        ]
        return checks.first { !$0.0 }?.1 ?? spectators.problem(tickRate: tickRate)
    }

    var tickPeriod: UInt64 { UInt64((1e9 / Double(tickRate)).rounded()) }
    var resumeGraceTicks: UInt32 { UInt32(max(0, resumeGraceSeconds * Double(tickRate)).rounded()) }
    var keyframeInterval: UInt32 { UInt32(max(1, (keyframeSeconds * Double(tickRate)).rounded())) }
    var helloTimeout: UInt64 { UInt64(helloTimeoutSeconds * 1e9) }
    var roundTripProbeInterval: UInt64 { UInt64(roundTripProbeSeconds * 1e9) }
    var roundTripGrace: UInt64 { UInt64(roundTripGraceSeconds * 1e9) }
    var viewAllowance: UInt64 { UInt64(viewAllowanceSeconds * 1e9) }
    var stallSnapshots: Int { max(1, Int(stallSeconds * Double(tickRate) / Double(snapshotInterval))) }
}
