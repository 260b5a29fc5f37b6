import Testing
@testable import Wire

@Suite struct IntegerCodingTests {
    @Test func zigZagInterleavesSigns() {
        let table: [(Int64, UInt64)] = [(0, 0), (-1, 1), (1, 2), (-2, 3), (2, 4), (Int64.max, UInt64.max - 1), (Int64.min, UInt64.max)]
        for (value, code) in table {
            #expect(ZigZag.encode(value) == code)
            #expect(ZigZag.decode(code) == value)
        }
        #expect(ZigZag.encode(Int32.min) == UInt32.max)
        #expect(ZigZag.decode(UInt32.max - 1) == Int32.max)
        var random = SeededRandom(seed: 3)
        for _ in 0..<10_000 {
            let value = Int64(bitPattern: random.next())
            #expect(ZigZag.decode(ZigZag.encode(value)) == value)
            let small = Int32(truncatingIfNeeded: value)
            #expect(ZigZag.decode(ZigZag.encode(small)) == small)
        }
    }

    static let classEdges: [(UInt64, Int)] = [
        (0, 5), (15, 5), (16, 10), (271, 10), (272, 19), (65_807, 19), (65_808, 36),
        (4_295_033_103, 36), (4_295_033_104, 68), (UInt64.max, 68),
    ]

    @Test(arguments: classEdges)
    func varUIntClassEdges(value: UInt64, bits: Int) throws {
        #expect(VarUInt.bitCount(of: value) == bits)
        var w = BitWriter()
        w.writeVarUInt(value)
        #expect(w.bitCount == bits)
        try BitReader.read(w.finish()) { r throws(WireError) in
            #expect(try r.readVarUInt() == value)
            try r.finish()
        }
    }

    @Test func varUIntRandomRoundTripIsCanonical() throws {
        var random = SeededRandom(seed: 11)
        for _ in 0..<5_000 {
            let value = random.bits(Int(random.next() % 65))
            var w = BitWriter()
            w.writeVarUInt(value)
            var counter = BitCounter()
            var copy = value
            counter.serializeVarUInt(&copy)
            #expect(counter.bitCount == VarUInt.bitCount(of: value))
            #expect(w.bitCount == counter.bitCount)
            try BitReader.read(w.finish()) { r throws(WireError) in #expect(try r.readVarUInt() == value) }
        }
    }

    @Test func varUIntClassFourOverflowIsRejected() {
        let bytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
        let error = wireError(reading: bytes) { r throws(WireError) in _ = try r.readVarUInt() }
        #expect(error == .valueOutOfRange(bitOffset: 0, value: UInt64.max, limit: UInt64.max - 4_295_033_104))
    }

    @Test func varUInt32RejectsWiderValues() {
        var w = BitWriter()
        w.writeVarUInt(UInt64(UInt32.max) + 1)
        let error = wireError(reading: w.finish()) { r throws(WireError) in
            var value: UInt32 = 0
            try r.serializeVarUInt(&value)
        }
        #expect(error == .valueOutOfRange(bitOffset: 0, value: UInt64(UInt32.max) + 1, limit: UInt64(UInt32.max)))
    }

    @Test func varIntRoundTripsBothTypes() throws {
        var w = BitWriter()
        let wide: [Int64] = [0, -1, 1, -8, 7, -9, 8, Int64.min, Int64.max]
        let narrow: [Int32] = [0, -1, Int32.min, Int32.max]
        for v in wide { w.writeVarInt(v) }
        for v in narrow { var v = v; w.serializeVarInt(&v) }
        #expect(VarUInt.bitCount(of: ZigZag.encode(Int64(-8))) == 5)
        try BitReader.read(w.finish()) { r throws(WireError) in
            for v in wide { #expect(try r.readVarInt() == v) }
            for v in narrow {
                var x: Int32 = 0
                try r.serializeVarInt(&x)
                #expect(x == v)
            }
            try r.finish()
        }
    }
}
