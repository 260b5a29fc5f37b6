import WebSocket
import Wire
import Simulation

/// What a fleet is asked to do.
public struct FleetPlan: Sendable {
    public var host: String
    public var port: Int
    public var path: String
    public var players: Int
    /// Joins per second.
    public var ramp: Double
    public var behaviors: BehaviorMix
    public var seed: UInt64

    public init(host: String = "127.0.0.1", port: Int, path: String = "/play", players: Int, ramp: Double = 50,
                behaviors: BehaviorMix = BehaviorMix([(.wander, 1)]), seed: UInt64 = 1) {
        self.host = host; self.port = port; self.path = path; self.players = players
        self.ramp = ramp; self.behaviors = behaviors; self.seed = seed
    }
}

/// One headless player with its brain and measurements.
public final class Bot {
    public let client: GameClient
    public var brain: BotBrain
    public var stats = BotStats()
    public var wasWelcomed = false
    public var closedByUs = false
    /// The connection could not even be started (socket or connect error).
    public var connectFailed = false
    public var mismatchTicks: [UInt32] = []

    init(client: GameClient, brain: BotBrain) {
        self.client = client
        self.brain = brain
    }
}

/// Totals over the fleet at one moment.
public struct FleetSummary: Sendable, Codable {
    public var attempted = 0
    public var connected = 0
    public var playing = 0
    public var failed = 0
    public var dropped = 0
    public var dropCodes: [String: Int] = [:]
    public var rttMillis = SampleSet.Summary()
    public var jitterMillis = SampleSet.Summary()
    public var inputAckMillis = SampleSet.Summary()
    public var snapshots = 0
    public var bytesDown = 0
    public var bytesUp = 0
    public var hashesChecked = 0
    public var hashMismatches = 0
    /// "bot name @ tick" of the first mismatches seen (at most 20).
    public var mismatchAt: [String] = []
    public var clientErrors = 0
    public var firstErrors: [String] = []
    public init() {}
}

/// N GameClients on one event loop: joins at `ramp` per second, inputs at the welcome's tick
/// rate spread over the tick (a quarter of the bots each quarter tick), a ping per bot per
/// second. Owned by its loop thread: call everything on it (submitAndWait from outside).
public final class BotFleet {
    public let loop: EventLoop
    public let plan: FleetPlan
    public private(set) var bots: [Bot] = []
    private var random: SeededRandom
    private var rampTimer: RepeatingTimer?
    private var inputTimer: RepeatingTimer?
    private var pingTimer: RepeatingTimer?
    private var phase = 0
    private let epoch = Monotonic.now()
    private var expectedSnapshotNanos: UInt64 = 16_666_667

    public init(loop: EventLoop, plan: FleetPlan) {
        self.loop = loop
        self.plan = plan
        random = SeededRandom(seed: plan.seed)
    }

    /// Starts the ramp and the ping series (call on the loop thread).
    public func start() {
        let period = UInt64(1e9 / max(plan.ramp, 0.001))
        addBot()
        if bots.count < plan.players {
            rampTimer = loop.scheduleRepeating(period: period) { [unowned self] _, missed in
                for _ in 0...Int(missed) where bots.count < plan.players { addBot() }
                if bots.count >= plan.players { rampTimer?.cancel() }
            }
        }
        pingTimer = loop.scheduleRepeating(period: 1_000_000_000 / 4) { [unowned self] tick, _ in
            // A quarter of the bots per quarter second: each bot pings once a second.
            let group = Int(tick % 4)
            let now = UInt32(truncatingIfNeeded: (Monotonic.now() &- epoch) / 1000)  // µs since start
            var index = group
            while index < bots.count {
                bots[index].client.sendPing(clientTime: now)
                index += 4
            }
        }
    }

    private func addBot() {
        let index = bots.count
        var configuration = WebSocketConfiguration()
        configuration.maxMessageSize = 1 << 20
        let client = GameClient(name: "bot\(index)")
        let behavior = plan.behaviors.pick(&random)
        let bot = Bot(client: client, brain: BotBrain(behavior: behavior, seed: plan.seed &* 1_000_003 &+ UInt64(index)))
        bots.append(bot)
        client.onSnapshot = { [unowned self, unowned bot] client, result in
            let now = Monotonic.now()
            if !bot.wasWelcomed, let welcome = client.welcome {
                bot.wasWelcomed = true
                startInputs(welcome: welcome)
            }
            bot.stats.snapshotArrived(at: now, expectedIntervalNanos: expectedSnapshotNanos)
            bot.stats.acknowledged(upTo: result.header.lastInputSequence, at: now)
            if result.hashMatched == false, bot.mismatchTicks.count < 20 {
                bot.mismatchTicks.append(result.header.tick)
            }
        }
        client.onPong = { [unowned self, unowned bot] _, pong in
            let now = UInt32(truncatingIfNeeded: (Monotonic.now() &- epoch) / 1000)
            bot.stats.rttMillis.add(Double(now &- pong.clientTime) / 1000)
        }
        do {
            try client.connect(loop: loop, host: plan.host, port: plan.port, path: plan.path, configuration: configuration)
        } catch {
            bot.connectFailed = true  // counted as failed
        }
    }

    private func startInputs(welcome: WelcomeMessage) {
        guard inputTimer == nil else { return }
        let rate = max(Int(welcome.tickRate), 1)
        expectedSnapshotNanos = UInt64(1e9 / Double(rate)) * UInt64(max(welcome.snapshotInterval, 1))
        inputTimer = loop.scheduleRepeating(period: UInt64(1e9 / Double(rate * 4))) { [unowned self] _, _ in
            sendQuarter()
        }
    }

    private func sendQuarter() {
        let group = phase
        phase = (phase + 1) % 4
        let now = Monotonic.now()
        var index = group
        while index < bots.count {
            let bot = bots[index]
            index += 4
            guard bot.wasWelcomed, bot.client.state == .playing else { continue }
            let d = bot.brain.decide(client: bot.client)
            if let input = bot.client.sendInput(moveX: d.moveX, moveY: d.moveY, buttons: d.buttons, aim: d.aim) {
                bot.stats.inputSent(sequence: input.sequence, at: now)
            }
        }
    }

    /// Stops sending and closes every bot normally.
    public func stop() {
        rampTimer?.cancel()
        inputTimer?.cancel()
        pingTimer?.cancel()
        for bot in bots where bot.client.state != .connecting || bot.client.connection != nil {
            if case .closed = bot.client.state { continue }
            bot.closedByUs = true
            bot.client.close()
        }
    }

    public func summary(withSamples: Bool = true) -> FleetSummary {
        var s = FleetSummary()
        var rtt = SampleSet(), jitter = SampleSet(), ack = SampleSet()
        s.attempted = bots.count
        for bot in bots {
            let client = bot.client
            if bot.wasWelcomed { s.connected += 1 }
            if bot.connectFailed { s.failed += 1 }
            switch client.state {
            case .playing: if bot.wasWelcomed { s.playing += 1 }
            case .closed(let code, let reason):
                if !bot.wasWelcomed { s.failed += 1 }
                if bot.wasWelcomed && !bot.closedByUs {
                    s.dropped += 1
                    s.dropCodes["\(code)\(reason.isEmpty ? "" : " \(reason)")", default: 0] += 1
                }
            case .connecting: break
            }
            s.snapshots += client.snapshotsReceived
            s.bytesDown += client.snapshotBytesReceived
            s.bytesUp += client.bytesSent
            s.hashesChecked += client.world.hashesChecked
            s.hashMismatches += client.hashMismatches
            for tick in bot.mismatchTicks where s.mismatchAt.count < 20 { s.mismatchAt.append("\(client.name)@\(tick)") }
            s.clientErrors += client.errors.count
            for error in client.errors where s.firstErrors.count < 10 { s.firstErrors.append("\(client.name): \(error)") }
            if withSamples {
                rtt.merge(bot.stats.rttMillis)
                jitter.merge(bot.stats.jitterMillis)
                ack.merge(bot.stats.inputAckMillis)
            }
        }
        if withSamples {
            s.rttMillis = rtt.summary()
            s.jitterMillis = jitter.summary()
            s.inputAckMillis = ack.summary()
        }
        return s
    }
}
