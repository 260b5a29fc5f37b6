import Simulation
import Testing
import Wire
@testable import Arena

/// Replays depend on this: the same seed, settings and input script give the same world,
/// bit for bit, at every tick; a different seed gives a different world.
@Suite struct ArenaDeterminismTests {
    /// A match of 40 workload players. Returns the fingerprint of every tick, the final
    /// state and every event.
    static func run(seed: UInt64, ticks: Int, settings: GameSettings = GameSettings()) -> (hashes: [UInt64], final: WorldState, events: [GameEvent]) {
        var workload = ArenaWorkload(players: 40, seed: seed, settings: settings)
        var hashes: [UInt64] = []
        var events: [GameEvent] = []
        for _ in 0..<ticks {
            workload.step()
            hashes.append(fingerprint(workload.arena.entities))
            events.append(contentsOf: workload.events)
        }
        return (hashes, WorldState(workload.arena.entities), events)
    }

    @Test func sameSeedSameWorldForTwoThousandTicks() {
        let first = Self.run(seed: 42, ticks: 2_000)
        let second = Self.run(seed: 42, ticks: 2_000)
        #expect(first.hashes == second.hashes)
        #expect(first.final == second.final)
        #expect(first.events == second.events)
        // The run was not trivially static: kills happened and entities came and went.
        #expect(first.events.contains { if case .killed = $0 { true } else { false } })
        #expect(Set(first.hashes).count > 1_900)
    }

    @Test func differentSeedsDiffer() {
        let a = Self.run(seed: 1, ticks: 50)
        let b = Self.run(seed: 2, ticks: 50)
        #expect(a.hashes[0] != b.hashes[0])
        #expect(a.final != b.final)
    }

    @Test func differentSettingsDiffer() {
        let a = Self.run(seed: 1, ticks: 100)
        let b = Self.run(seed: 1, ticks: 100, settings: GameSettings([("projectileSpeed", 200)]))
        #expect(a.final != b.final)
    }

    /// Joins, leaves (with id reuse) and input changes mid-match, driven by hand rather than
    /// by the workload, replayed twice from the same script.
    @Test func scriptedJoinsAndLeavesReplayExactly() {
        func play() -> [UInt64] {
            var arena = Arena(seed: 9, settings: GameSettings([("drones", 20)]))
            var script = SeededRandom(seed: 1234)
            var present: [PlayerID] = []
            var hashes: [UInt64] = []
            var events: [GameEvent] = []
            for tick in 0..<800 {
                if tick % 7 == 0 {
                    let player = PlayerID(script.below(24))
                    if let index = present.firstIndex(of: player) {
                        arena.removePlayer(player)
                        present.remove(at: index)
                    } else {
                        _ = arena.addPlayer(player, name: "p\(player)")
                        present.append(player)
                    }
                }
                for player in present {
                    arena.apply(input(moveX: Int8(script.int(in: -1...1)), moveY: Int8(script.int(in: -1...1)),
                                      angle: script.int(in: 0...1_023), fire: script.below(2) == 0), for: player)
                }
                arena.step(tick: UInt32(tick), events: &events)
                hashes.append(fingerprint(arena.entities))
            }
            return hashes
        }
        #expect(play() == play())
    }

    /// The tick number is not an input of the rules: a replay may number ticks differently.
    @Test func tickNumbersDoNotAffectTheRules() {
        var a = Arena(seed: 5, settings: GameSettings()), b = a
        _ = a.addPlayer(0, name: "a")
        _ = b.addPlayer(0, name: "a")
        var events: [GameEvent] = []
        for tick in 0..<300 {
            let command = input(moveX: 1, moveY: Int8(tick / 50 % 3) - 1, angle: Int32(tick * 5), fire: true)
            a.apply(command, for: 0)
            b.apply(command, for: 0)
            a.step(tick: UInt32(tick), events: &events)
            b.step(tick: UInt32(tick) &+ 1_000_000, events: &events)
        }
        #expect(WorldState(a.entities) == WorldState(b.entities))
    }
}
