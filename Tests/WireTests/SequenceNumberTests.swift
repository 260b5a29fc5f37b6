import Testing
@testable import Wire

@Suite struct SequenceNumberTests {
    @Test func newerAcrossWraparound() {
        #expect(SequenceNumber.isNewer(1 as UInt16, than: 0))
        #expect(!SequenceNumber.isNewer(0 as UInt16, than: 1))
        #expect(SequenceNumber.isNewer(0 as UInt16, than: 65_535))
        #expect(SequenceNumber.isNewer(10 as UInt16, than: 65_530))
        #expect(!SequenceNumber.isNewer(65_530 as UInt16, than: 10))
        #expect(!SequenceNumber.isNewer(5 as UInt16, than: 5))
        #expect(SequenceNumber.isNewer(32_767 as UInt16, than: 0))
        // Exactly half-way is newer for neither side.
        #expect(!SequenceNumber.isNewer(32_768 as UInt16, than: 0))
        #expect(!SequenceNumber.isNewer(0 as UInt16, than: 32_768))
        #expect(SequenceNumber.isNewer(3 as UInt32, than: UInt32.max - 2))
        #expect(!SequenceNumber.isNewer(UInt32.max, than: 0))
    }

    @Test func isNewerIsAntisymmetricForRandomPairs() {
        var random = SeededRandom(seed: 5)
        for _ in 0..<10_000 {
            let a = UInt16(truncatingIfNeeded: random.next()), b = UInt16(truncatingIfNeeded: random.next())
            #expect(!(SequenceNumber.isNewer(a, than: b) && SequenceNumber.isNewer(b, than: a)))
            if a != b && a &- b != 32_768 {
                #expect(SequenceNumber.isNewer(a, than: b) != SequenceNumber.isNewer(b, than: a))
            }
            let d = SequenceNumber.distance(from: b, to: a)
            #expect(d >= -32_768 && d < 32_768)
            #expect(SequenceNumber.advance(b, by: d) == a)
            #expect((d > 0) == SequenceNumber.isNewer(a, than: b))
        }
    }

    @Test func distanceIsSignedAndShort() {
        #expect(SequenceNumber.distance(from: 65_530 as UInt16, to: 3) == 9)
        #expect(SequenceNumber.distance(from: 3 as UInt16, to: 65_530) == -9)
        #expect(SequenceNumber.distance(from: 0 as UInt16, to: 32_768) == -32_768)
        #expect(SequenceNumber.distance(from: UInt32.max, to: 0) == 1)
        #expect(SequenceNumber.distance(from: 0 as UInt64, to: UInt64.max) == -1)
    }

    @Test func relativeEncodingRoundTripsAndIsSmallNearby() throws {
        var random = SeededRandom(seed: 9)
        for _ in 0..<3_000 {
            let ref16 = UInt16(truncatingIfNeeded: random.next())
            let ref32 = UInt32(truncatingIfNeeded: random.next())
            let near = Int64(random.next() % 17) - 8
            let v16 = random.next() & 1 == 0 ? SequenceNumber.advance(ref16, by: near) : UInt16(truncatingIfNeeded: random.next())
            let v32 = random.next() & 1 == 0 ? SequenceNumber.advance(ref32, by: near) : UInt32(truncatingIfNeeded: random.next())
            var w = BitWriter()
            w.write(v16, relativeTo: ref16)
            w.write(v32, relativeTo: ref32)
            let nearbyBits = w.bitCount
            try BitReader.read(w.finish()) { r throws(WireError) in
                #expect(try r.read(relativeTo: ref16) == v16)
                #expect(try r.read(relativeTo: ref32) == v32)
            }
            if v16 == SequenceNumber.advance(ref16, by: near) && v32 == SequenceNumber.advance(ref32, by: near) && near >= -8 && near < 8 {
                #expect(nearbyBits == 10)
            }
        }
    }

    @Test func relativeDistanceWiderThanTheTypeIsRejected() {
        var w = BitWriter()
        w.writeVarUInt(65_536) // ZigZag code of a 17-bit distance
        let error = wireError(reading: w.finish()) { r throws(WireError) in
            let _: UInt16 = try r.read(relativeTo: 0)
        }
        #expect(error == .valueOutOfRange(bitOffset: 0, value: 65_536, limit: 65_535))
    }
}
