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
    public var webRoot = "web"
    public var recordDirectory = "recordings"
    /// The replay endpoint's limits and pacing.
    public var replay = ReplayConfiguration()
    /// Whether rooms record their matches into `recordDirectory`. Off by default in code (tests,
    /// benchmarks); the game-server command turns it on unless told `--no-record`.
    public var recording = false
    /// Recordings may use this many bytes of the directory in all; the oldest are deleted first.
    public var recordMaxBytes: Int64 = 1 << 30
    /// Seconds between keyframes in a recording: the longest a replay seek simulates.
    public var keyframeSeconds = 5.0
    /// Seed of the first room; room n uses seed + n. nil = random.
    public var seed: UInt64?
    public var settings = GameSettings()
    public var transport = WebSocketConfiguration()

    public init() {
        transport.maxMessageSize = 64 * 1024
        transport.idleTimeout = 30_000_000_000
        // Snapshots are a few kB/s per player: 32 KiB of kernel buffer (64 KiB as the kernel
        // counts it) is seconds of them, so a player that stops reading is noticed by the
        // stall rule (4003) in seconds; the kernel's own sizing grows to megabytes on loopback.
        transport.serverSendBufferBytes = 32 * 1024
    }

    var tickPeriod: UInt64 { UInt64((1e9 / Double(tickRate)).rounded()) }
    var resumeGraceTicks: UInt32 { UInt32(max(0, resumeGraceSeconds * Double(tickRate)).rounded()) }
    var keyframeInterval: UInt32 { UInt32(max(1, (keyframeSeconds * Double(tickRate)).rounded())) }
    var stallSnapshots: Int { max(1, Int(stallSeconds * Double(tickRate) / Double(snapshotInterval))) }
}
