import Testing
@testable import Simulation

/// The bounded history lag compensation reads: exact positions within the cap, nothing past it,
/// nothing across a respawn, nothing allocated per tick.
@Suite struct PositionHistoryTests {
    @Test func keepsExactlyTheLastTicksAndForgetsOlderOnes() {
        var history = PositionHistory(ticks: 8, entriesPerTick: 4)
        #expect(history.position(of: 1, at: 0, life: 0) == nil)
        for tick in UInt32(100)..<120 {
            history.begin(tick: tick)
            history.add(1, x: Int32(tick), y: -Int32(tick), life: 0)
            history.add(5, x: Int32(tick) * 2, y: 7, life: 3)
            history.end()
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

    @Test func aFrameFullerThanEverGrowsTheStorageAndKeepsEveryFrame() {
        var history = PositionHistory(ticks: 3, entriesPerTick: 2)
        history.begin(tick: 1)
        history.add(1, x: 1, y: 1, life: 0)
        history.end()
        history.begin(tick: 2)
        // Out of order, and more than fits: `end` sorts, `add` grows.
        for id in [EntityID(9), 3, 7, 1, 5] { history.add(id, x: Int32(id) * 10, y: -Int32(id), life: 1) }
        history.end()
        #expect(history.entriesPerTick >= 5)
        #expect(history.position(of: 1, at: 1, life: 0)! == (1, 1), "the older frame survived the growth")
        for id in [EntityID(9), 3, 7, 1, 5] { #expect(history.position(of: id, at: 2, life: 1)! == (Int32(id) * 10, -Int32(id))) }
        #expect(history.position(of: 4, at: 2, life: 1) == nil)
    }

    @Test func aKeyframeRoundTripAnswersEveryLookUpAlike() throws {
        var random = SeededRandom(seed: 5)
        var history = PositionHistory(ticks: 12, entriesPerTick: 4)
        var writer = ByteWriter()
        history.save(into: &writer)
        var emptyReader = ByteReader(writer.bytes)
        #expect(try PositionHistory.load(from: &emptyReader, capacity: 12) == history)
        for tick in UInt32(50)..<80 {
            history.begin(tick: tick)
            for id in 0..<EntityID(random.below(40)) where random.below(4) != 0 {
                history.add(id * 3, x: random.int(in: -70_000...70_000), y: random.int(in: 0...65_535), life: random.below(4))
            }
            history.end()
        }
        writer.reset()
        history.save(into: &writer)
        var reader = ByteReader(writer.bytes)
        let loaded = try PositionHistory.load(from: &reader, capacity: 12)
        try reader.expectEnd("history")
        #expect(loaded == history)
        #expect(loaded.oldestTick == 68 && loaded.newestTick == 79)
        // A frame count past the capacity and ids that do not ascend are refused.
        var tooMany = ByteReader(writer.bytes)
        #expect(throws: ByteReadError.self) { try PositionHistory.load(from: &tooMany, capacity: 11) }
        var bad = ByteWriter()
        bad.varint(1); bad.u32(7); bad.varint(2)
        bad.varint(4); bad.varint(0); bad.varint(0); bad.varint(0)
        bad.varint(0); bad.varint(0); bad.varint(0); bad.varint(0)
        var badReader = ByteReader(bad.bytes)
        #expect(throws: ByteReadError.self) { try PositionHistory.load(from: &badReader, capacity: 4) }
        for cut in 0..<writer.bytes.count {
            var truncated = ByteReader(Array(writer.bytes[0..<cut]))
            #expect(throws: ByteReadError.self) { try PositionHistory.load(from: &truncated, capacity: 12) }
        }
    }

    @Test func agreesWithAPlainDictionaryOverRandomWorlds() {
        var random = SeededRandom(seed: 17)
        var history = PositionHistory(ticks: 30, entriesPerTick: 8)
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
            history.end()
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
