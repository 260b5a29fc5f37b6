/// The whole run, as printed, written to `--json` and drawn in `--html`.
public struct BotReport: Sendable, Codable {
    public struct Server: Sendable, Codable {
        public var port: Int
        public var cpuMicrosPerPlayerTick: Double?
        public var cpuCores: Double?
        /// Resident memory at the end, and the largest seen in the once-a-second samples.
        public var residentMegabytes: Double?
        public var peakResidentMegabytes: Double?
        public var ticks: Double?
        public var skippedTicks: Double?
        /// Bytes on the wire (every connection, HTTP and framing included) per seated player
        /// per second, out of and into the server (`game_bytes_out_total`, `game_bytes_in_total`).
        public var wireBytesOutPerPlayerSecond: Double?
        public var wireBytesInPerPlayerSecond: Double?
        /// Players the server disconnected during the run, by reason (`game_kicks_total`).
        public var kicks: [String: Double]?
        /// Inputs the server applied, merged to drain a backlog, and dropped by reason
        /// (`game_inputs_applied_total`, `game_inputs_merged_total`, `game_inputs_dropped_total`).
        public var inputsApplied: Double?
        public var inputsMerged: Double?
        public var inputsDropped: [String: Double]?
        /// Whether the spawned server was still running when the run ended (false: it crashed
        /// or exited during the run), and its exit status if it did not.
        public var ranToTheEnd: Bool?
        public var exitStatus: Int32?
        /// Open descriptors at the end.
        public var descriptors: Int?
        public init(port: Int) { self.port = port }
    }

    /// This bots process: how much memory the fleet costs.
    public struct BotsProcess: Sendable, Codable {
        public var residentMegabytesBefore: Double
        public var peakResidentMegabytes: Double
        /// (peak − before) / bots started, in kilobytes.
        public var kilobytesPerBot: Double
        /// Event-loop threads driving the bots.
        public var loopThreads: Int
        public init(residentMegabytesBefore: Double, peakResidentMegabytes: Double, kilobytesPerBot: Double, loopThreads: Int) {
            self.residentMegabytesBefore = residentMegabytesBefore; self.peakResidentMegabytes = peakResidentMegabytes
            self.kilobytesPerBot = kilobytesPerBot; self.loopThreads = loopThreads
        }
    }

    /// One pass criterion of a scenario, checked.
    public struct Check: Sendable, Codable, Equatable {
        public var criterion: String
        public var passed: Bool
        public init(criterion: String, passed: Bool) { self.criterion = criterion; self.passed = passed }
    }

    /// One transport's share of the fleet, when both carried bots.
    public struct TransportPart: Sendable, Codable {
        public var transport: String
        public var fleet: FleetSummary
        public var downBytesPerSecondPerBot: Double
        public var upBytesPerSecondPerBot: Double
        public init(transport: String, fleet: FleetSummary, downBytesPerSecondPerBot: Double, upBytesPerSecondPerBot: Double) {
            self.transport = transport; self.fleet = fleet
            self.downBytesPerSecondPerBot = downBytesPerSecondPerBot; self.upBytesPerSecondPerBot = upBytesPerSecondPerBot
        }
    }

    /// `--spectators N`: live spectators of a room beside the players.
    public struct Spectators: Sendable, Codable {
        public var requested: Int
        public var crowd: SpectatorSummary
        /// Bytes received per spectator per second (every message: snapshots, welcomes, events, statuses).
        public var bytesPerSecondPerSpectator: Double
        public init(requested: Int, crowd: SpectatorSummary, bytesPerSecondPerSpectator: Double) {
            self.requested = requested; self.crowd = crowd; self.bytesPerSecondPerSpectator = bytesPerSecondPerSpectator
        }
    }

    public var spectators: Spectators?
    public var url: String
    /// `websocket`, `polling` or `mix:W,P`.
    public var transport = "websocket"
    /// The simulated network the bots played through (`LinkSpec`), when there was one.
    public var link: String?
    /// Each transport's figures apart (mixed fleets only).
    public var transports: [TransportPart]?
    /// Each link class's figures apart (`--link` with several classes), named by their link.
    public var links: [TransportPart]?
    public var players: Int
    public var behavior: String
    public var seed: UInt64
    public var seconds: Double
    public var fleet: FleetSummary
    public var downBytesPerSecondPerBot: Double
    public var upBytesPerSecondPerBot: Double
    public var server: Server?
    public var botsProcess: BotsProcess?
    public var scenario: String?
    public var checks: [Check]?
    /// One sample per second of the run.
    public var series: [RunSample]

    public init(url: String, players: Int, behavior: String, seed: UInt64, seconds: Double, fleet: FleetSummary,
                downBytesPerSecondPerBot: Double, upBytesPerSecondPerBot: Double, series: [RunSample] = []) {
        self.url = url; self.players = players; self.behavior = behavior; self.seed = seed; self.seconds = seconds
        self.fleet = fleet; self.downBytesPerSecondPerBot = downBytesPerSecondPerBot
        self.upBytesPerSecondPerBot = upBytesPerSecondPerBot; self.series = series
    }

    /// The scenario criteria that failed (empty when none ran or all passed).
    public var failedCriteria: [String] { (checks ?? []).filter { !$0.passed }.map(\.criterion) }
}
