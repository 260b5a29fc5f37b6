/// Totals over the fleet at one moment. Connection counts and drops are about honest bots
/// only; the bots that misbehave on purpose are accounted for in `dishonest`.
public struct FleetSummary: Sendable, Codable {
    /// Honest bots started (churn replacements included).
    public var attempted = 0
    public var connected = 0
    public var playing = 0
    public var failed = 0
    /// Honest bots closed by the server (or the network) while we still wanted to play.
    public var dropped = 0
    public var dropCodes: [String: Int] = [:]
    /// Honest bots that left on purpose before the end (churn).
    public var left = 0
    public var rttMillis = SampleSet.Summary()
    public var jitterMillis = SampleSet.Summary()
    public var inputAckMillis = SampleSet.Summary()
    /// With link stalls: input→ack p50 of inputs sent 0–100 ms, 100–200 ms, … after a stall
    /// ended (-1: none measured), the bound (RTT p50 + 3 ticks), and from how long after a
    /// stall every later p50 is within it (nil: never).
    public var inputAckAfterStallP50Millis: [Double]?
    public var stallRecoveryBoundMillis: Double?
    public var stallRecoveryMillis: Double?
    public var snapshots = 0
    public var bytesDown = 0
    public var bytesUp = 0
    public var hashesChecked = 0
    /// Honest bots' own shots and the hits they saw them make (`ShotTracker`).
    public var shots = 0
    public var hits = 0
    public var hashMismatches = 0
    /// "bot name @ tick" of the first mismatches seen (at most 20).
    public var mismatchAt: [String] = []
    public var clientErrors = 0
    public var firstErrors: [String] = []
    /// One entry per misbehaving role that ran, by role name.
    public var dishonest: [String: DishonestOutcome] = [:]
    public init() {}

    /// How the server answered the bots of one misbehaving role.
    public struct DishonestOutcome: Sendable, Codable, Equatable {
        public var bots = 0
        public var expectedCode: UInt16 = 0
        /// Bots closed by the server with the expected code.
        public var closedAsExpected = 0
        /// Close code (and reason) → bots, for every bot of the role that was closed.
        public var closeCodes: [String: Int] = [:]
        /// Bots of the role still open at the end (the server never reacted).
        public var stillOpen = 0
        public init() {}
    }

    /// Adds another fleet's counts (latency summaries are left alone: merge the fleets'
    /// histograms and summarize those).
    public mutating func add(_ other: FleetSummary) {
        attempted += other.attempted; connected += other.connected; playing += other.playing
        failed += other.failed; dropped += other.dropped; left += other.left
        dropCodes.merge(other.dropCodes, uniquingKeysWith: +)
        snapshots += other.snapshots; bytesDown += other.bytesDown; bytesUp += other.bytesUp
        hashesChecked += other.hashesChecked; hashMismatches += other.hashMismatches
        shots += other.shots; hits += other.hits
        mismatchAt.append(contentsOf: other.mismatchAt.prefix(max(0, 20 - mismatchAt.count)))
        clientErrors += other.clientErrors
        firstErrors.append(contentsOf: other.firstErrors.prefix(max(0, 10 - firstErrors.count)))
        for (role, outcome) in other.dishonest {
            var mine = dishonest[role] ?? DishonestOutcome()
            mine.bots += outcome.bots
            mine.expectedCode = outcome.expectedCode
            mine.closedAsExpected += outcome.closedAsExpected
            mine.closeCodes.merge(outcome.closeCodes, uniquingKeysWith: +)
            mine.stillOpen += outcome.stillOpen
            dishonest[role] = mine
        }
    }

    /// Hits per shot in percent, nil before any shot.
    public var hitRatePercent: Double? { shots > 0 ? 100 * Double(hits) / Double(shots) : nil }

    /// Honest bots plus dishonest ones: every bot the fleet started.
    public var allBots: Int { attempted + dishonest.values.reduce(0) { $0 + $1.bots } }
}
