/// One headless player with its brain, role and measurements. Owned by its fleet's loop thread.
public final class Bot {
    public let client: GameClient
    public let role: BotRole
    public let transport: ClientTransport
    public var brain: BotBrain
    public var stats = BotStats()
    /// Its own shots and the hits they made, as it saw them.
    public var shots = ShotTracker()
    public var wasWelcomed = false
    public var closedByUs = false
    /// The connection could not even be started (socket or connect error).
    public var connectFailed = false
    public var mismatchTicks: [UInt32] = []
    /// When the role's act starts (slow reader stops reading, bad actor misbehaves), if pending.
    var actAt: UInt64?
    /// Slow readers: when they read again.
    var resumeAt: UInt64?
    /// Churn: when this bot leaves.
    var leaveAt: UInt64?
    /// Flooders once flooding: what `sendQuarter` must know.
    var flooding = false
    /// A misbehaving bot already replaced (`FleetPlan.replacesMisbehaving`).
    var replaced = false
    /// Its class in the plan's `LinkMix`.
    public internal(set) var linkClass = 0
    /// Churn: this bot left on purpose before the end.
    public internal(set) var leftEarly = false

    init(client: GameClient, role: BotRole, transport: ClientTransport, brain: BotBrain) {
        self.client = client
        self.role = role
        self.transport = transport
        self.brain = brain
    }
}
