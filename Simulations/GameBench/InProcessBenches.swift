import Foundation
import Arena
import Simulation
import Wire

/// The per-tick snapshot work alone, in process: 2,000 entities in a 10,000² world, 200
/// players each seeing about 100 of them, everything moving every tick. (Formerly an opt-in
/// test, SNAPSHOT_BENCH=1; figures belong here, the behaviour is tested in SimulationTests.)
enum SnapshotEncodingBench {
    struct Figures {
        var microsPerTick: Double
        var bytesPerSnapshot: Int
    }

    static let players = 200, entities = 2_000

    /// A small game of one kind: position, angle, health and flags.
    static let descriptor = GameDescriptor(
        name: "bench", version: 1,
        kinds: [FieldTable(kind: 0, name: "player", fields: [
            FieldSpec("x", QuantizedRange(min: 0, max: 10_000, step: 1)),
            FieldSpec("y", QuantizedRange(min: 0, max: 10_000, step: 1)),
            FieldSpec("angle", QuantizedRange(min: 0, max: 255, step: 1)),
            FieldSpec("health", QuantizedRange(min: 0, max: 100, step: 1)),
            FieldSpec("flags", QuantizedRange(min: 0, max: 3, step: 1)),
        ])],
        inputs: InputTable([]),
        worldMinX: 0, worldMinY: 0, worldMaxX: 10_000, worldMaxY: 10_000, viewRadius: 1_100)

    static func run(ticks: Int) -> Figures {
        var random = SeededRandom(seed: 2_000)
        var store = EntityStore()
        for _ in 0 ..< entities {
            store.spawn(kind: 0, fields: [random.int(in: 0 ... 10_000), random.int(in: 0 ... 10_000), 0, 100, 0])
        }
        var encoder = SnapshotEncoder()
        var views = [ViewState](repeating: ViewState(), count: players)
        var writer = BitWriter(capacity: 4_096)
        var bytes = 0
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        for tick in 1 ... ticks + 1 {
            for slot in 0 ..< store.count {
                store[slot, 0] = min(10_000, max(0, store[slot, 0] + random.int(in: -5 ... 5)))
                store[slot, 1] = min(10_000, max(0, store[slot, 1] + random.int(in: -5 ... 5)))
            }
            let start = clock.now
            encoder.beginTick(entities: store, descriptor: descriptor, tick: UInt32(tick))
            for index in views.indices {
                writer.reset()
                encoder.encode(for: &views[index], center: (store.x(at: index), store.y(at: index)),
                               lastInputSequence: UInt32(tick), includeHash: tick % 30 == 0, into: &writer)
                if tick > 1 { bytes += writer.byteCount }
            }
            // The first tick sends full snapshots: not the steady state being measured.
            if tick > 1 { elapsed += clock.now - start }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Figures(microsPerTick: seconds * 1e6 / Double(ticks), bytesPerSnapshot: bytes / (ticks * players))
    }
}

/// The Arena's rules alone (inputs generated and applied, then the step; no snapshots),
/// in process, after a warm-up that lets projectiles reach their steady count. (Formerly an
/// opt-in test, ARENA_BENCH=1.)
enum ArenaRulesBench {
    struct Figures {
        var microsPerTick: Double
        var drones: Int
        var entities: Int
    }

    static func run(players: Int, warmup: Int, ticks: Int) -> Figures {
        var workload = ArenaWorkload(players: players, seed: 1)
        workload.step(count: warmup)
        let clock = ContinuousClock()
        let elapsed = clock.measure { workload.step(count: ticks) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Figures(microsPerTick: seconds * 1e6 / Double(ticks), drones: Int(workload.arena.settings.drones),
                       entities: workload.arena.entities.count)
    }
}
