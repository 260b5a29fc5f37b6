import Testing
@testable import Wire

/// The snapshot field codings that live in Wire (`SnapshotHeader.swift`): exact bit costs,
/// round trips over their whole range, and rejections.
@Suite struct SnapshotLayoutTests {
    @Test func headerRoundTripsAcrossTheTickWrap() throws {
        var random = SeededRandom(seed: 11)
        for _ in 0 ..< 2_000 {
            let tick = UInt32(truncatingIfNeeded: random.bits(32))
            let age = UInt32(truncatingIfNeeded: random.next() % 3 == 0 ? 0 : random.bits(32) | 1)
            let baselineInput = UInt32(truncatingIfNeeded: random.bits(32))
            let header = SnapshotHeader(tick: tick, baselineTick: age == 0 ? nil : tick &- age,
                                        lastInputSequence: UInt32(truncatingIfNeeded: random.bits(32)))
            var writer = BitWriter()
            var copy = header
            copy.serialize(&writer, baselineInputSequence: baselineInput)
            let decoded = try BitReader.read(writer.finish()) { r throws(WireError) in
                var value = SnapshotHeader(tick: 0, baselineTick: nil, lastInputSequence: 0)
                // The receiver holds the baseline (its last applied tick).
                try value.serialize(&r, baselineInputSequence: baselineInput, receiverTick: header.baselineTick)
                try r.finish()
                return value
            }
            #expect(decoded == header)
        }
    }

    @Test func aDeltaHeaderWithNothingNewCosts18Bits() {
        var header = SnapshotHeader(tick: 1_000, baselineTick: 999, lastInputSequence: 50)
        var counter = BitCounter()
        header.serialize(&counter, baselineInputSequence: 49)
        // baselineAge 1 (5) · baselineCheck (8) · lastInputSequence +1 (5); no 32-bit tick.
        #expect(counter.bitCount == 5 + SnapshotHeader.baselineCheckBits + 5)
        var full = SnapshotHeader(tick: 1_000, baselineTick: nil, lastInputSequence: 50)
        var fullCounter = BitCounter()
        full.serialize(&fullCounter, baselineInputSequence: 49)
        #expect(fullCounter.bitCount == 5 + 32 + 10)
    }

    @Test func theBaselineIsTheNearestTickWithTheCheckBits() throws {
        var random = SeededRandom(seed: 13)
        let half = Int64(1) << Int64(SnapshotHeader.baselineCheckBits - 1)
        for _ in 0 ..< 2_000 {
            let receiver = UInt32(truncatingIfNeeded: random.bits(32))
            let distance = Int64(random.next() % UInt64(2 * half)) - half  // −2ᵏ⁻¹ … 2ᵏ⁻¹ − 1
            let baseline = UInt32(truncatingIfNeeded: Int64(receiver) + distance)
            let tick = baseline &+ 1 &+ UInt32(truncatingIfNeeded: random.bits(8))
            let header = SnapshotHeader(tick: tick, baselineTick: baseline, lastInputSequence: 3)
            var writer = BitWriter()
            var copy = header
            copy.serialize(&writer, baselineInputSequence: 1)
            let decoded = try BitReader.read(writer.finish()) { r throws(WireError) in
                var value = SnapshotHeader(tick: 0, baselineTick: nil, lastInputSequence: 0)
                try value.serialize(&r, baselineInputSequence: 1, receiverTick: receiver)
                try r.finish()
                return value
            }
            // Within reach the receiver learns the true baseline (and so can reject it).
            #expect(decoded == header)
        }
        #expect(SnapshotHeader.baselineTick(check: 11, reference: 0) == 11)
        #expect(SnapshotHeader.baselineTick(check: 0xFF, reference: 0) == UInt32.max)
        #expect(SnapshotHeader.baselineTick(check: 0x05, reference: 0x1FE) == 0x205)
    }

    @Test func entityIDsAreGaps() throws {
        let ids: [UInt32] = [0, 1, 2, 17, 18, 300, 70_000, UInt32.max - 1, UInt32.max]
        var writer = BitWriter()
        var previous: UInt32? = nil
        for id in ids {
            var id = id
            writer.serializeEntityID(&id, after: previous)
            previous = id
        }
        // 0,1,2: gaps 0,0,0 (5 bits each); 17: gap 14 (5); 18: gap 0 (5); 300: gap 281 (19);
        // 70 000: gap 69 699 (36); max − 1: gap 4 294 897 293 (36); max: gap 0 (5).
        #expect(writer.bitCount == 5 * 6 + 19 + 36 + 36)
        let decoded = try BitReader.read(writer.finish()) { r throws(WireError) in
            var out: [UInt32] = []
            var previous: UInt32? = nil
            for _ in ids {
                var id: UInt32 = 0
                try r.serializeEntityID(&id, after: previous)
                out.append(id)
                previous = id
            }
            return out
        }
        #expect(decoded == ids)
    }

    @Test func nothingFollowsTheLargestID() {
        var writer = BitWriter()
        writer.writeVarUInt(0)
        let error = wireError(reading: writer.finish()) { r throws(WireError) in
            var id: UInt32 = 0
            try r.serializeEntityID(&id, after: UInt32.max)
        }
        #expect(error == .valueOutOfRange(bitOffset: 0, value: 0, limit: 0))
        writer.reset()
        writer.writeVarUInt(11)
        let past = wireError(reading: writer.finish()) { r throws(WireError) in
            var id: UInt32 = 0
            try r.serializeEntityID(&id, after: UInt32.max - 10)
        }
        #expect(past == .valueOutOfRange(bitOffset: 0, value: 11, limit: 9))
    }

    @Test func sectionCountsHaveAnEmptyFlag() throws {
        // 0 costs the flag alone; 1…16 cost the flag and a 5-bit varuint of count − 1.
        for (count, bits) in [(UInt32(0), 1), (1, 6), (16, 6), (17, 11), (UInt32.max, 1 + 36)] {
            var writer = BitWriter()
            var value = count
            writer.serializeSectionCount(&value)
            #expect(writer.bitCount == bits, "count \(count)")
            let decoded = try BitReader.read(writer.finish()) { r throws(WireError) in
                var value: UInt32 = 7
                try r.serializeSectionCount(&value)
                try r.finish()
                return value
            }
            #expect(decoded == count)
        }
        // count − 1 = 2³² − 1 would be a count past UInt32.max.
        var writer = BitWriter()
        writer.writeBool(true)
        writer.writeVarUInt(UInt64(UInt32.max))
        let error = wireError(reading: writer.finish()) { r throws(WireError) in
            var count: UInt32 = 0
            try r.serializeSectionCount(&count)
        }
        #expect(error == .valueOutOfRange(bitOffset: 1, value: UInt64(UInt32.max), limit: UInt64(UInt32.max) - 1))
    }

    @Test func theChangedSectionPicksTheShorterCoding() {
        #expect(SnapshotHeader.ChangedCoding.cheaper(survivors: 0, listBits: 5) == .bitmap)
        #expect(SnapshotHeader.ChangedCoding.cheaper(survivors: 8, listBits: 45) == .bitmap)
        #expect(SnapshotHeader.ChangedCoding.cheaper(survivors: 15, listBits: 15) == .bitmap)  // a tie
        #expect(SnapshotHeader.ChangedCoding.cheaper(survivors: 16, listBits: 15) == .list)
        #expect(SnapshotHeader.ChangedCoding.bitmap.flag && !SnapshotHeader.ChangedCoding.list.flag)
    }

    static func changedCodeBits(new: UInt32, old: UInt32, range: QuantizedRange) -> Int {
        var counter = BitCounter()
        var code = new
        counter.serializeChangedCode(&code, old: old, range: range)
        return counter.bitCount
    }

    @Test func changedCodesPickTheShorterCoding() {
        let wide = QuantizedRange(min: 0, max: 65_535, step: 1)  // 16 bits
        #expect(Self.changedCodeBits(new: 1_003, old: 1_000, range: wide) == 1 + 5)  // delta +3
        #expect(Self.changedCodeBits(new: 1_100, old: 1_000, range: wide) == 1 + 10)  // delta +100
        #expect(Self.changedCodeBits(new: 40_000, old: 1_000, range: wide) == 1 + 16)  // raw
        let six = QuantizedRange(min: 0, max: 63, step: 1)
        #expect(Self.changedCodeBits(new: 2, old: 1, range: six) == 1 + 5)
        #expect(Self.changedCodeBits(new: 40, old: 1, range: six) == 1 + 6)
        let narrow = QuantizedRange(min: 0, max: 31, step: 1)  // 5 bits: never a flag
        #expect(Self.changedCodeBits(new: 2, old: 1, range: narrow) == 5)
    }

    @Test func changedCodesRoundTrip() throws {
        var random = SeededRandom(seed: 12)
        for bits in [1, 3, 5, 6, 7, 9, 14, 16, 20, 32] {
            let range = QuantizedRange(min: 0, max: Int32(truncatingIfNeeded: min((Int64(1) << Int64(bits)) - 1, Int64(Int32.max))), step: 1)
            for _ in 0 ..< 300 {
                let old = UInt32(truncatingIfNeeded: random.bits(bits)) % (range.maxCode + 1)
                var new = random.next() % 2 == 0 ? UInt32(truncatingIfNeeded: random.bits(bits)) % (range.maxCode + 1)
                                                 : UInt32(clamping: Int64(old) + Int64(random.next() % 9) - 4)
                new = min(new, range.maxCode)
                var writer = BitWriter()
                var code = new
                writer.serializeChangedCode(&code, old: old, range: range)
                let decoded = try BitReader.read(writer.finish()) { r throws(WireError) in
                    var value: UInt32 = 0
                    try r.serializeChangedCode(&value, old: old, range: range)
                    try r.finish()
                    return value
                }
                #expect(decoded == new)
            }
        }
    }

    @Test func aDeltaOutsideTheRangeIsRejected() {
        let range = QuantizedRange(min: 0, max: 1_000, step: 1)
        var writer = BitWriter()
        writer.writeBool(true)
        writer.writeVarInt(-6)
        let below = wireError(reading: writer.finish()) { r throws(WireError) in
            var code: UInt32 = 0
            try r.serializeChangedCode(&code, old: 5, range: range)
        }
        #expect(below?.kind == "valueOutOfRange" && below?.bitOffset == 0)
        writer.reset()
        writer.writeBool(true)
        writer.writeVarInt(2)
        let above = wireError(reading: writer.finish()) { r throws(WireError) in
            var code: UInt32 = 0
            try r.serializeChangedCode(&code, old: 999, range: range)
        }
        #expect(above == .valueOutOfRange(bitOffset: 0, value: 1_001, limit: 1_000))
    }
}
