import Platform
import Simulation
import WebSocket
import Wire
import BotKit

/// The bots of the fleet on one event loop, as BotFleet runs its own: each a `GameClient`
/// with a wandering `BotBrain`, inputs at the welcome's tick rate spread over the tick (a
/// quarter of the bots each quarter tick), every view hash checked. Unlike BotFleet's bots
/// these do not all join one server: the run tells each where to go (`connect`), when to leave
/// (`leave`), and learns what happened from `takeEvents`. Owned by its loop thread: call
/// everything on it (submitAndWait from the run's thread).
final class FleetPlayers {
    enum Event {
        case welcomed(player: Int, server: Int, atNanos: UInt64)
        /// Closed before any welcome (a refusal, 4004 before the allocation reached the game),
        /// or after it (by us on purpose, or by the server).
        case closed(player: Int, server: Int, code: UInt16, reason: String, welcomed: Bool, byUs: Bool)
    }

    /// One connection attempt of a player to one server.
    private final class Seat {
        let player: Int
        let server: Int
        let client: GameClient
        var brain: BotBrain
        var welcomed = false
        var closedByUs = false
        init(player: Int, server: Int, client: GameClient, brain: BotBrain) {
            self.player = player; self.server = server; self.client = client; self.brain = brain
        }
    }

    let loop: EventLoop
    private let seed: UInt64
    private var seats: [Int: Seat] = [:]
    /// Iteration order for the input quarters (rebuilt when seats change).
    private var order: [Seat] = []
    private var orderStale = false
    private var events: [Event] = []
    private var inputTimer: RepeatingTimer?
    private var phase = 0
    private(set) var hashesChecked = 0
    private(set) var hashMismatches = 0
    /// "botN@tick on server S" of the first mismatches (at most 20).
    private(set) var mismatchAt: [String] = []
    private(set) var clientErrors = 0

    init(loop: EventLoop, seed: UInt64) {
        self.loop = loop
        self.seed = seed
    }

    /// Sends player `player` to the game-server on `port` (an attempt; a refusal comes back as
    /// a `closed` event without a welcome).
    func connect(player: Int, server: Int, port: Int) {
        var configuration = WebSocketConfiguration()
        configuration.maxMessageSize = 1 << 20
        let client = GameClient(name: "bot\(player)")
        client.maxKeptEvents = 8
        let seat = Seat(player: player, server: server, client: client,
                        brain: BotBrain(behavior: .wander, seed: seed &* 1_000_003 &+ UInt64(player)))
        client.onWelcome = { [unowned self, unowned seat] client in
            seat.welcomed = true
            events.append(.welcomed(player: seat.player, server: seat.server, atNanos: Monotonic.now()))
            if inputTimer == nil, let welcome = client.welcome { startInputs(welcome: welcome) }
        }
        client.onSnapshot = { [unowned self, unowned seat] client, result in
            guard let matched = result.hashMatched else { return }
            hashesChecked += 1
            if !matched {
                hashMismatches += 1
                if mismatchAt.count < 20 { mismatchAt.append("\(client.name)@\(result.header.tick) on server \(seat.server)") }
            }
        }
        client.onClose = { [unowned self, unowned seat] client in
            guard case .closed(let code, let reason) = client.state else { return }
            clientErrors += client.errors.count
            events.append(.closed(player: seat.player, server: seat.server, code: code, reason: reason,
                                  welcomed: seat.welcomed, byUs: seat.closedByUs))
            seats[seat.player] = nil
            orderStale = true
        }
        seats[player] = seat
        orderStale = true
        do {
            try client.connect(loop: loop, host: "127.0.0.1", port: port, path: "/play", configuration: configuration)
        } catch {
            events.append(.closed(player: player, server: server, code: 0, reason: "connect: \(error)", welcomed: false, byUs: false))
            seats[player] = nil
        }
    }

    /// Closes player `player`'s connection normally (its lifetime ended, or the run did).
    func leave(player: Int) {
        guard let seat = seats[player] else { return }
        seat.closedByUs = true
        seat.client.close()
    }

    /// Events since the last call, in order.
    func takeEvents() -> [Event] {
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    var openConnections: Int { seats.count }

    /// Stops the inputs and closes every open connection normally.
    func stop() {
        inputTimer?.cancel()
        for seat in seats.values { leave(player: seat.player) }
    }

    private func startInputs(welcome: WelcomeMessage) {
        let rate = max(Int(welcome.tickRate), 1)
        inputTimer = loop.scheduleRepeating(period: UInt64(1e9 / Double(rate * 4))) { [unowned self] _, _ in
            sendQuarter()
        }
    }

    private func sendQuarter() {
        if orderStale {
            order = seats.values.sorted { $0.player < $1.player }
            orderStale = false
        }
        let group = phase
        phase = (phase + 1) % 4
        var index = group
        while index < order.count {
            let seat = order[index]
            index += 4
            guard seat.welcomed, seat.client.state == .playing else { continue }
            let d = seat.brain.decide(client: seat.client)
            seat.client.sendInput(moveX: d.moveX, moveY: d.moveY, buttons: d.buttons, aim: d.aim)
        }
    }
}
