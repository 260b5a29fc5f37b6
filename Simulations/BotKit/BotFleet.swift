import WebSocket
import Platform
import Wire
import Simulation

/// N GameClients on one event loop: joins at `ramp` per second, inputs at the welcome's tick
/// rate spread over the tick (a quarter of the bots each quarter tick), a ping per bot per
/// second, roles and churn checked four times a second. Latencies go into fleet-wide
/// histograms (constant memory per fleet, nothing per sample per bot). Owned by its loop
/// thread: call everything on it (submitAndWait from outside).
public final class BotFleet {
    public let loop: EventLoop
    public let plan: FleetPlan
    public private(set) var bots: [Bot] = []
    /// Honest bots' latencies, one set per transport (`ClientTransport.rawValue`).
    public private(set) var latencies = [FleetLatencies](repeating: FleetLatencies(), count: ClientTransport.allCases.count)
    /// The same by class of the plan's `LinkMix`.
    public private(set) var linkLatencies: [FleetLatencies]
    /// RTTs since the last `takeSecond()`.
    private var recentRTT = LatencyHistogram()
    private var random: SeededRandom
    private var lifetimeRandom: SeededRandom
    private var rampTimer: RepeatingTimer?
    private var inputTimer: RepeatingTimer?
    private var pingTimer: RepeatingTimer?
    private var phase = 0
    /// Bots started so far, by role name.
    private var botsByRole: [String: Int] = [:]
    private var initialBotsStarted = 0
    private let epoch = Monotonic.now()
    private var expectedSnapshotNanos: UInt64 = 16_666_667
    /// The oversized bad actor's message: one more byte than the server accepts.
    private lazy var oversizedMessage = [UInt8](repeating: MessageType.input.rawValue, count: 64 * 1024 + 1)

    public init(loop: EventLoop, plan: FleetPlan) {
        self.loop = loop
        self.plan = plan
        linkLatencies = [FleetLatencies](repeating: FleetLatencies(), count: plan.links.classes.count)
        random = SeededRandom(seed: plan.seed)
        lifetimeRandom = SeededRandom(seed: plan.seed ^ 0x5eed_11fe)
    }

    /// Starts the ramp, the pings and the role/churn checks (call on the loop thread).
    public func start() {
        let period = UInt64(1e9 / max(plan.ramp, 0.001))
        addInitialBot()
        if initialBotsStarted < plan.players {
            rampTimer = loop.scheduleRepeating(period: period) { [unowned self] _, missed in
                for _ in 0...Int(missed) where initialBotsStarted < plan.players { addInitialBot() }
                if initialBotsStarted >= plan.players { rampTimer?.cancel() }
            }
        }
        pingTimer = loop.scheduleRepeating(period: 1_000_000_000 / 4) { [unowned self] tick, _ in
            // A quarter of the bots per quarter second: each bot pings once a second.
            let group = Int(tick % 4)
            let now = UInt32(truncatingIfNeeded: (Monotonic.now() &- epoch) / 1000)  // µs since start
            var index = group
            while index < bots.count {
                let bot = bots[index]
                bot.client.sendPing(clientTime: now)
                index += 4
            }
            housekeeping(now: Monotonic.now())
        }
    }

    private func addInitialBot() {
        addBot(role: plan.role(of: plan.firstIndex + initialBotsStarted))
        initialBotsStarted += 1
    }

    private func addBot(role: BotRole) {
        let index = bots.count
        var configuration = WebSocketConfiguration()
        configuration.maxMessageSize = 1 << 20
        // A slow reader's small window fills in seconds, so the server notices it quickly.
        if role == .slowReader {
            configuration.clientReceiveBufferBytes = 4096
            configuration.clientMaximumSegmentSize = 88  // the smallest Linux allows
        }
        let client = GameClient(name: "bot\(plan.firstIndex + index)")
        client.maxKeptEvents = 8  // the fleet does not read events: keep memory per bot small
        let linkClass = plan.links.linkClass(of: plan.firstIndex + index)
        client.link = plan.links.classes[linkClass].link
        client.linkSeed = plan.seed &* 7_919 &+ UInt64(plan.firstIndex + index)
        let behavior = plan.behaviors.pick(&random)
        // Each role splits over the transports in the plan's ratio on its own, so neither
        // transport gets all the misbehaving bots of a role by a coincidence of spacing.
        let ordinal = botsByRole[role.name, default: 0]
        botsByRole[role.name] = ordinal + 1
        let transport = plan.transports.transport(of: ordinal)
        let bot = Bot(client: client, role: role, transport: transport, brain: BotBrain(behavior: behavior, seed: plan.seed &* 1_000_003 &+ UInt64(plan.firstIndex + index)))
        bot.linkClass = linkClass
        bots.append(bot)
        if case .badActor(.noHello) = role {
            client.sendsHelloOnOpen = false
            client.onOpen = { client in client.sendInput() }
        }
        client.onSnapshot = { [unowned self, unowned bot] client, result in
            let now = Monotonic.now()
            if !bot.wasWelcomed, let welcome = client.welcome {
                bot.wasWelcomed = true
                welcomed(bot, welcome: welcome, now: now)
            }
            if let value = bot.stats.snapshotArrived(at: now, expectedIntervalNanos: expectedSnapshotNanos), bot.role.isHonest {
                latencies[bot.transport.rawValue].jitter.add(value)
                linkLatencies[bot.linkClass].jitter.add(value)
            }
            if let value = bot.stats.acknowledged(upTo: result.header.lastInputSequence, at: now), bot.role.isHonest {
                latencies[bot.transport.rawValue].inputAck.add(value)
                linkLatencies[bot.linkClass].inputAck.add(value)
                if let link = client.connection as? SimulatedLink, let since = link.timeSinceStallEnded(at: bot.stats.lastMeasuredSentAt) {
                    latencies[bot.transport.rawValue].addAfterStall(value, since: since)
                    linkLatencies[bot.linkClass].addAfterStall(value, since: since)
                }
            }
            if result.hashMatched == false, bot.mismatchTicks.count < 20 {
                bot.mismatchTicks.append(result.header.tick)
            }
        }
        client.onPong = { [unowned self, unowned bot] _, pong in
            guard bot.role.isHonest else { return }
            let now = UInt32(truncatingIfNeeded: (Monotonic.now() &- epoch) / 1000)
            let value = Double(now &- pong.clientTime) / 1000
            latencies[bot.transport.rawValue].rtt.add(value)
            linkLatencies[bot.linkClass].rtt.add(value)
            recentRTT.add(value)
        }
        do {
            try client.connect(loop: loop, host: plan.host, port: plan.port, path: plan.path, transport: transport,
                               headers: plan.handshakeHeaders?(client.name) ?? [], configuration: configuration)
        } catch {
            bot.connectFailed = true  // counted as failed
        }
    }

    private func welcomed(_ bot: Bot, welcome: WelcomeMessage, now: UInt64) {
        if inputTimer == nil { startInputs(welcome: welcome) }
        switch bot.role {
        case .honest:
            if let lifetime = plan.lifetime {
                let span = lifetime.upperBound - lifetime.lowerBound
                let seconds = lifetime.lowerBound + span * Double(lifetimeRandom.below(1_000_001)) / 1_000_000
                bot.leaveAt = now + UInt64(seconds * 1e9)
            }
        case .slowReader:
            bot.actAt = now + UInt64(plan.slowReaderAfter * 1e9)
        case .badActor:
            bot.actAt = now + UInt64(plan.badActorAfter * 1e9)
        }
    }

    /// Roles' acts and churn, four times a second.
    private func housekeeping(now: UInt64) {
        var index = 0
        while index < bots.count {
            let bot = bots[index]
            index += 1
            if plan.replacesMisbehaving, !bot.role.isHonest, !bot.replaced, bot.connectFailed || bot.client.state.isClosed {
                bot.replaced = true
                addBot(role: bot.role)
                continue
            }
            guard bot.client.state == .playing else { continue }
            if let at = bot.actAt, now >= at {
                bot.actAt = nil
                act(bot, now: now)
            }
            if let at = bot.resumeAt, now >= at {
                bot.resumeAt = nil
                bot.client.isReadingSuspended = false
            }
            if let at = bot.leaveAt, now >= at {
                bot.leaveAt = nil
                bot.leftEarly = true
                bot.closedByUs = true
                bot.client.close()
                addBot(role: .honest)
            }
        }
    }

    private func act(_ bot: Bot, now: UInt64) {
        switch bot.role {
        case .honest: break
        case .slowReader:
            bot.client.isReadingSuspended = true
            bot.resumeAt = now + UInt64(plan.slowReaderPause * 1e9)
        case .badActor(let misbehavior):
            switch misbehavior {
            case .garbage: bot.client.sendRaw([0xEE, 0x01, 0x02, 0x03])
            case .truncated: bot.client.sendRaw([MessageType.input.rawValue])
            case .noHello: break  // already done on open
            case .flood: bot.flooding = true
            case .oversized: bot.client.sendRaw(oversizedMessage)
            }
        }
    }

    private func startInputs(welcome: WelcomeMessage) {
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
            if bot.brain.behavior == .autopilot, let autopilot = plan.autopilot, !bot.flooding {
                if let values = autopilot.decide(client: bot.client, seed: bot.brain.seed),
                   let input = bot.client.sendInput(values: values) {
                    bot.stats.inputSent(sequence: input.sequence, at: now)
                }
                continue
            }
            bot.shots.observe(bot.client)
            let d = bot.brain.decide(client: bot.client)
            if let input = bot.client.sendInput(moveX: d.moveX, moveY: d.moveY, buttons: d.buttons, aim: d.aim) {
                bot.stats.inputSent(sequence: input.sequence, at: now)
            }
            if bot.flooding {
                for _ in 0..<10 { bot.client.sendInput(moveX: d.moveX, moveY: d.moveY, buttons: d.buttons, aim: d.aim) }
            }
        }
    }

    /// The RTTs since the last call (a copy); then forgets them.
    func takeRecentRTT() -> LatencyHistogram {
        defer { recentRTT.reset() }
        return recentRTT
    }

    /// Stops sending and closes every bot normally. The clients' callbacks are detached: a
    /// client can outlive the fleet (a simulated link's delivery or the closing handshake still
    /// holds it on the loop), and its callbacks hold the fleet and the bot unowned.
    public func stop() {
        rampTimer?.cancel()
        inputTimer?.cancel()
        pingTimer?.cancel()
        for bot in bots {
            let client = bot.client
            client.onSnapshot = nil
            client.onPong = nil
            client.onOpen = nil
            guard client.state != .connecting || client.connection != nil else { continue }
            if case .closed = client.state { continue }
            bot.closedByUs = true
            client.close()
        }
    }
}
