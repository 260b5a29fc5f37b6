import Platform
import Simulation
import Wire

/// `bots --spectators N`: a crowd of `SpectatorClient`s on one event loop, joining at a ramp,
/// each now and then following a random player of the room or moving a free camera to a
/// random point, every view rebuilt and every hash checked. Owned by its loop thread.
public final class SpectatorCrowd {
    public struct Plan: Sendable {
        public var host: String
        public var port: Int
        /// The room to watch (nil: the server's first room).
        public var room: Int?
        public var count: Int
        /// Spectators joining per second.
        public var ramp: Double
        public var transports = TransportMix.allWebSocket
        /// Seconds between a spectator's changes of what it looks at (each spectator draws its
        /// own in this range).
        public var changeEvery: ClosedRange<Double> = 3 ... 8
        /// Fraction 0…1 of changes that move the free camera (the rest follow a player).
        public var cameraShare = 0.3
        public var seed: UInt64 = 1

        public init(host: String, port: Int, room: Int?, count: Int, ramp: Double) {
            self.host = host; self.port = port; self.room = room; self.count = count; self.ramp = ramp
        }
    }

    public let loop: EventLoop
    public let plan: Plan
    public private(set) var clients: [SpectatorClient] = []
    private var random: SeededRandom
    private var nextChange: [UInt64] = []
    private var timer: RepeatingTimer?
    private var startedAt: UInt64 = 0
    /// Spectators whose connection could not even be started.
    private var connectFailures = 0

    public init(loop: EventLoop, plan: Plan) {
        self.loop = loop
        self.plan = plan
        random = SeededRandom(seed: plan.seed)
    }

    /// Starts the ramp and the changes (call on the loop thread).
    public func start() {
        startedAt = loop.now
        timer = loop.scheduleRepeating(period: 50_000_000) { [weak self] _, _ in self?.step() }
    }

    /// Closes every spectator (call on the loop thread).
    public func stop() {
        timer?.cancel()
        timer = nil
        for client in clients { client.close() }
    }

    private func step() {
        let now = loop.now
        let due = min(plan.count, Int((Double(now - startedAt) / 1e9 * plan.ramp).rounded(.up)))
        while clients.count < due {
            let index = clients.count
            let client = SpectatorClient(room: plan.room)
            let transport = plan.transports.transport(of: index)
            do {
                try client.connect(loop: loop, host: plan.host, port: plan.port, transport: transport)
            } catch {
                connectFailures += 1
            }
            clients.append(client)
            nextChange.append(now + delay())
        }
        for index in clients.indices where nextChange[index] <= now {
            nextChange[index] = now + delay()
            change(clients[index])
        }
    }

    private func delay() -> UInt64 {
        UInt64(Double.random(in: plan.changeEvery, using: &random) * 1e9)
    }

    private func change(_ client: SpectatorClient) {
        guard client.state == .watching, let game = client.welcome?.game else { return }
        if Double.random(in: 0 ..< 1, using: &random) < plan.cameraShare || client.players.isEmpty {
            client.camera(x: Int32.random(in: game.worldMinX ... game.worldMaxX, using: &random),
                          y: Int32.random(in: game.worldMinY ... game.worldMaxY, using: &random))
        } else {
            client.follow(client.players.randomElement(using: &random)!)
        }
    }

    /// The crowd's figures now (call on the loop thread).
    public func summary() -> SpectatorSummary {
        var summary = SpectatorSummary()
        summary.attempted = clients.count
        summary.failed = connectFailures
        for client in clients {
            if client.welcomes > 0 { summary.connected += 1 }
            switch client.state {
            case .watching: summary.watching += 1
            case .closed(let code, _): summary.closeCodes[String(code), default: 0] += 1
            case .connecting: break
            }
            summary.snapshots += client.snapshotsReceived
            summary.bytes += client.bytesReceived
            summary.welcomes += client.welcomes
            summary.hashesChecked += client.hashesChecked
            summary.hashMismatches += client.hashMismatches
            summary.errors += client.errors.count
            summary.secondsWatched += client.secondsWatched(now: loop.now)
            if summary.firstErrors.count < 3, let first = client.errors.first { summary.firstErrors.append(first) }
        }
        return summary
    }
}

/// What a spectator crowd saw, summed over its spectators (and over crowds: `add`).
public struct SpectatorSummary: Sendable, Codable, Equatable {
    public var attempted = 0
    public var failed = 0
    /// Spectators that got at least one welcome.
    public var connected = 0
    public var watching = 0
    /// Spectators' connections closed (by either side), by close code.
    public var closeCodes: [String: Int] = [:]
    public var welcomes = 0
    public var snapshots = 0
    public var bytes = 0
    public var hashesChecked = 0
    public var hashMismatches = 0
    public var errors = 0
    public var firstErrors: [String] = []
    /// Seconds watched, summed over spectators (first welcome to close or now).
    public var secondsWatched = 0.0

    public init() {}

    public mutating func add(_ other: SpectatorSummary) {
        attempted += other.attempted; failed += other.failed; connected += other.connected; watching += other.watching
        for (code, count) in other.closeCodes { closeCodes[code, default: 0] += count }
        welcomes += other.welcomes; snapshots += other.snapshots; bytes += other.bytes
        hashesChecked += other.hashesChecked; hashMismatches += other.hashMismatches; errors += other.errors
        secondsWatched += other.secondsWatched
        firstErrors = Array((firstErrors + other.firstErrors).prefix(3))
    }
}
