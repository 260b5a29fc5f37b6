import Testing
@testable import Simulation

/// The bounded history lag compensation reads: exact positions within the cap, nothing past it,
/// nothing across a respawn, nothing allocated per tick.
@Suite struct PositionHistoryTests {
    @Test func keepsExactlyTheLastTicksAndForgetsOlderOnes() {
        var history = PositionHistory(ticks: 8, maxEntries: 4)
        #expect(history.position(of: 1, at: 0, life: 0) == nil)
        for tick in UInt32(100)..<120 {
            history.begin(tick: tick)
            history.add(1, x: Int32(tick), y: -Int32(tick), life: 0)
            history.add(5, x: Int32(tick) * 2, y: 7, life: 3)
        }
        #expect(history.newestTick == 119 && history.oldestTick == 112)
        for tick in UInt32(112)...119 {
            #expect(history.position(of: 1, at: tick, life: 0)! == (Int32(tick), -Int32(tick)))
            #expect(history.position(of: 5, at: tick, life: 3)! == (Int32(tick) * 2, 7))
        }
        #expect(history.position(of: 1, at: 111, life: 0) == nil, "older than the cap")
        #expect(history.position(of: 1, at: 120, life: 0) == nil, "not yet recorded")
        #expect(history.position(of: 2, at: 115, life: 0) == nil, "not in the frame")
        #expect(history.position(of: 5, at: 115, life: 2) == nil, "another life: history breaks at a respawn")
    }

    @Test func aFullFrameKeepsWhatFitsAndFindsNothingBeyond() {
        var history = PositionHistory(ticks: 2, maxEntries: 2)
        history.begin(tick: 1)
        history.add(1, x: 1, y: 1, life: 0)
        history.add(2, x: 2, y: 2, life: 0)
        history.add(3, x: 3, y: 3, life: 0)
        #expect(history.position(of: 2, at: 1, life: 0)! == (2, 2))
        #expect(history.position(of: 3, at: 1, life: 0) == nil)
    }

    @Test func agreesWithAPlainDictionaryOverRandomWorlds() {
        var random = SeededRandom(seed: 17)
        var history = PositionHistory(ticks: 30, maxEntries: 64)
        var truth: [UInt32: [EntityID: (Int32, Int32, UInt32)]] = [:]
        for tick in UInt32(0)..<200 {
            history.begin(tick: tick)
            var frame: [EntityID: (Int32, Int32, UInt32)] = [:]
            var id: EntityID = 0
            for _ in 0..<Int(random.below(64)) {
                id += EntityID(random.below(5) + 1)
                let entry = (random.int(in: -1000...1000), random.int(in: -1000...1000), random.below(3))
                frame[id] = entry
                history.add(id, x: entry.0, y: entry.1, life: entry.2)
            }
            truth[tick] = frame
            truth[tick &- 30] = nil
            for _ in 0..<20 {
                let asked = tick &- UInt32(random.below(40))
                let probe = EntityID(random.below(200))
                let life = random.below(3)
                let expected = truth[asked]?[probe].flatMap { $0.2 == life ? ($0.0, $0.1) : nil }
                let got = history.position(of: probe, at: asked, life: life)
                #expect(got?.x == expected?.0 && got?.y == expected?.1, "tick \(tick) asked \(asked) id \(probe)")
            }
        }
    }
}
