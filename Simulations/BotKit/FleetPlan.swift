/// What a fleet is asked to do.
public struct FleetPlan: Sendable {
    public var host: String
    public var port: Int
    public var path: String
    public var players: Int
    /// Joins per second.
    public var ramp: Double
    public var behaviors: BehaviorMix
    /// What bots with the `autopilot` behaviour play with; nil: they wander.
    public var autopilot: (any BotAutopilot)?
    public var seed: UInt64
    /// Fraction of the bots (0...1) that stop reading their socket `slowReaderAfter` seconds
    /// after their welcome, for `slowReaderPause` seconds, then read again to learn how the
    /// server closed them. They go on sending inputs and pings (a silent one would be closed
    /// by the server's idle time-out instead).
    public var slowReaderFraction = 0.0
    public var slowReaderAfter = 5.0
    public var slowReaderPause = 30.0
    /// Fraction of the bots (0...1) that break the protocol (`Misbehavior`, in turn),
    /// `badActorAfter` seconds after their welcome (at once for `noHello`).
    public var badActorFraction = 0.0
    public var badActorAfter = 2.0
    /// Churn: each honest bot leaves after a random lifetime in this range (seconds) and a
    /// fresh bot joins in its place. nil: every bot plays to the end.
    public var lifetime: ClosedRange<Double>?
    /// A soak's steady mix: each slow reader or bad actor the server has closed is replaced by
    /// a fresh bot of the same role, so misbehaviour goes on for the whole run instead of
    /// once at the start. False: each misbehaves once.
    public var replacesMisbehaving = false
    /// The number of this fleet's first bot (names `botN`, per-bot seeds) when several fleets,
    /// one per loop thread, make up one run.
    public var firstIndex = 0
    /// Extra handshake headers for the bot of a given name (its `Authorization: Bearer` join
    /// token when the server requires one); nil: none.
    public var handshakeHeaders: (@Sendable (String) -> [(name: String, value: String)])?
    /// Which bots play over WebSocket and which over Engine.IO long-polling: the bots of each
    /// role (honest, slow reader, each misbehaviour) split in this ratio, in join order.
    public var transports = TransportMix.allWebSocket
    /// The simulated networks the bots play through (`SimulatedLink`), by class.
    public var links = LinkMix.direct

    public init(host: String = "127.0.0.1", port: Int, path: String = "/play", players: Int, ramp: Double = 50,
                behaviors: BehaviorMix = BehaviorMix([(.wander, 1)]), seed: UInt64 = 1) {
        self.host = host; self.port = port; self.path = path; self.players = players
        self.ramp = ramp; self.behaviors = behaviors; self.seed = seed
    }

    /// The role of initial bot `index`: slow readers and bad actors spread evenly through the
    /// join order (bot i takes a role when the running count of that role steps up at i).
    public func role(of index: Int) -> BotRole {
        func steps(_ fraction: Double, _ offset: Double) -> Bool {
            guard fraction > 0 else { return false }
            return Int((Double(index + 1) * fraction + offset).rounded(.down)) > Int((Double(index) * fraction + offset).rounded(.down))
        }
        if steps(slowReaderFraction, 0.5) { return .slowReader }
        if steps(badActorFraction, 0.25) {
            let ordinal = Int((Double(index) * badActorFraction + 0.25).rounded(.down))
            return .badActor(Misbehavior.allCases[ordinal % Misbehavior.allCases.count])
        }
        return .honest
    }
}
