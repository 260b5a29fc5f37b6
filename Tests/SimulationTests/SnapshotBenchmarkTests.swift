import Foundation
import Testing
import Wire
@testable import Simulation

/// A rough timing of the per-tick snapshot work, off by default (set `SNAPSHOT_BENCH=1`;
/// build with `-c release` for meaningful figures): 2 000 entities in a 10 000² world,
/// 200 players each seeing about 100 of them, everything moving every tick.
@Suite struct SnapshotBenchmarkTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SNAPSHOT_BENCH"] == "1"))
    func encodeTwoHundredPlayers() {
        var random = SeededRandom(seed: 2_000)
        var store = EntityStore()
        for _ in 0 ..< 2_000 {
            store.spawn(kind: 0, fields: [random.int(in: 0 ... 10_000), random.int(in: 0 ... 10_000), 0, 100, 0])
        }
        var descriptor = TestGame.descriptor
        descriptor.viewRadius = 1_100
        var encoder = SnapshotEncoder()
        var views = [ViewState](repeating: ViewState(), count: 200)
        var writer = BitWriter(capacity: 4_096)
        var bytes = 0
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        let ticks = 120
        for tick in 1 ... ticks {
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
            if tick > 1 { elapsed += clock.now - start }
        }
        let perTick = elapsed / (ticks - 1)
        print("snapshot bench: \(perTick) per tick for 200 players / 2000 entities; \(bytes / ((ticks - 1) * 200)) bytes per snapshot")
    }
}
