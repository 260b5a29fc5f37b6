import WebSocket
import Platform
import Wire
import Simulation
import BotKit

/// N headless players on one loop, sending an input every tick like a browser would (spread
/// over the tick in four groups, not in one burst), wandering and shooting at random, and
/// measuring what they receive. Owned by its loop thread.
final class LoadDriver {
    let loop: EventLoop
    private(set) var clients: [GameClient] = []
    private var random = SeededRandom(seed: 7)
    private var moves: [(Int8, Int8, UInt16)] = []
    private var phase = 0
    private var timer: RepeatingTimer?
    /// Bytes a naive encoding (every visible entity's full state as 32-bit fields, plus id and
    /// kind, plus a 9-byte header) would have needed for the same snapshots.
    private(set) var naiveBytes = 0

    init(loop: EventLoop) {
        self.loop = loop
    }

    func connect(players: Int, port: Int) throws {
        var configuration = WebSocketConfiguration()
        configuration.maxMessageSize = 1 << 20
        for index in 0..<players {
            let client = GameClient(name: "bench\(index)")
            client.onSnapshot = { [unowned self] client, _ in
                naiveBytes += 9 + client.world.view.count * (4 + 1 + 4 * Self.fieldsPerEntity(client))
            }
            try client.connect(loop: loop, host: "127.0.0.1", port: port, configuration: configuration)
            clients.append(client)
            moves.append((0, 0, 0))
        }
    }

    private static func fieldsPerEntity(_ client: GameClient) -> Int {
        guard let kinds = client.world.descriptor?.kinds, !kinds.isEmpty else { return 0 }
        return kinds.map(\.count).max() ?? 0
    }

    /// Starts sending inputs at `tickRate`, a quarter of the players every quarter tick.
    func startInputs(tickRate: Int) {
        let period = UInt64(1e9 / Double(tickRate * 4))
        timer = loop.scheduleRepeating(period: period) { [unowned self] _, _ in sendQuarter() }
    }

    private func sendQuarter() {
        let group = phase
        phase = (phase + 1) % 4
        var index = group
        while index < clients.count {
            if random.below(30) == 0 {
                moves[index] = (Int8(random.int(in: -1...1)), Int8(random.int(in: -1...1)), UInt16(truncatingIfNeeded: random.next()))
            }
            let (moveX, moveY, aim) = moves[index]
            clients[index].sendInput(moveX: moveX, moveY: moveY, buttons: random.below(20) == 0 ? 1 : 0, aim: aim)
            index += 4
        }
    }

    func stop() {
        timer?.cancel()
        for client in clients { client.close() }
    }

    struct Totals {
        var playing = 0
        var snapshots = 0
        var snapshotBytes = 0
        var bytesSent = 0
        var hashesChecked = 0
        var hashMismatches = 0
        var errors = 0
        var naiveBytes = 0
    }

    func totals() -> Totals {
        var totals = Totals()
        for client in clients {
            if client.state == .playing { totals.playing += 1 }
            totals.snapshots += client.snapshotsReceived
            totals.snapshotBytes += client.snapshotBytesReceived
            totals.bytesSent += client.bytesSent
            totals.hashesChecked += client.world.hashesChecked
            totals.hashMismatches += client.hashMismatches
            totals.errors += client.errors.count
        }
        totals.naiveBytes = naiveBytes
        return totals
    }
}
