import Testing
@testable import Wire

@Suite struct BitReaderTests {
    @Test(arguments: 1...64)
    func randomValuesOfOneWidthRoundTrip(width: Int) throws {
        var random = SeededRandom(seed: UInt64(width) &* 7919)
        // Preceded by 0...7 bits so the values start at every offset within a byte.
        var values: [(lead: Int, value: UInt64)] = []
        var w = BitWriter()
        for _ in 0..<300 {
            let lead = Int(random.next() % 8)
            let value = random.bits(width)
            w.write(UInt32(lead), bits: 3)
            w.write(0, bits: lead)
            w.write(value, bits: width)
            values.append((lead, value))
        }
        let expectedBits = values.reduce(0) { $0 + 3 + $1.lead + width }
        #expect(w.bitCount == expectedBits)
        let bytes = w.finish()
        #expect(bytes.count == (expectedBits + 7) / 8)
        try BitReader.read(bytes) { r throws(WireError) in
            for (lead, value) in values {
                #expect(try r.readUInt32(bits: 3) == UInt32(lead))
                #expect(try r.readUInt64(bits: lead) == 0)
                if width <= 32 {
                    #expect(try r.readUInt32(bits: width) == UInt32(value))
                } else {
                    #expect(try r.readUInt64(bits: width) == value)
                }
            }
            try r.finish()
        }
    }

    @Test func mixedRandomFieldsRoundTrip() throws {
        enum Field: Equatable {
            case bits(UInt64, Int), flag(Bool), ranged(Int, Int, Int), varUInt(UInt64), varInt(Int64), align, bytes([UInt8])
        }
        var random = SeededRandom(seed: 42)
        for round in 0..<200 {
            var fields: [Field] = []
            for _ in 0..<(Int(random.next() % 40) + 1) {
                switch random.next() % 7 {
                case 0:
                    let width = Int(random.next() % 65)
                    fields.append(.bits(random.bits(width), width))
                case 1: fields.append(.flag(random.next() & 1 == 1))
                case 2:
                    let a = Int(truncatingIfNeeded: Int64(bitPattern: random.bits(Int(random.next() % 64) + 1)))
                    let b = Int(truncatingIfNeeded: Int64(bitPattern: random.bits(Int(random.next() % 64) + 1)))
                    let (lo, hi) = (Swift.min(a, b), Swift.max(a, b))
                    let value = [lo, hi, lo + (hi - lo) / 2][Int(random.next() % 3)]
                    fields.append(.ranged(value, lo, hi))
                case 3: fields.append(.varUInt(random.bits(Int(random.next() % 65))))
                case 4: fields.append(.varInt(Int64(bitPattern: random.bits(Int(random.next() % 65)))))
                case 5: fields.append(.align)
                default: fields.append(.bytes((0..<Int(random.next() % 5)).map { _ in UInt8(truncatingIfNeeded: random.next()) }))
                }
            }
            var w = BitWriter()
            var counter = BitCounter()
            var offsets: [Int] = []
            for field in fields {
                offsets.append(w.bitCount)
                switch field {
                case .bits(let v, let n): w.write(v, bits: n); var v = v; counter.serialize(&v, bits: n)
                case .flag(let v): w.writeBool(v); var v = v; counter.serialize(&v)
                case .ranged(let v, let lo, let hi): w.write(v, min: lo, max: hi); var v = v; counter.serialize(&v, min: lo, max: hi)
                case .varUInt(let v): w.writeVarUInt(v); var v = v; counter.serializeVarUInt(&v)
                case .varInt(let v): w.writeVarInt(v); var v = v; counter.serializeVarInt(&v)
                case .align: w.alignToByte(); counter.serializeAlignment()
                case .bytes(let v): w.writeAlignedBytes(v); var v = v; counter.serializeAlignedBytes(&v, count: v.count)
                }
                #expect(counter.bitCount == w.bitCount, "round \(round)")
            }
            let bytes = w.finish()
            #expect(counter.byteCount == bytes.count)
            try BitReader.read(bytes) { r throws(WireError) in
                for (field, offset) in zip(fields, offsets) {
                    #expect(r.bitCount == offset)
                    switch field {
                    case .bits(let v, let n): #expect(try r.readUInt64(bits: n) == v)
                    case .flag(let v): #expect(try r.readBool() == v)
                    case .ranged(let v, let lo, let hi): #expect(try r.read(min: lo, max: hi) == v)
                    case .varUInt(let v): #expect(try r.readVarUInt() == v)
                    case .varInt(let v): #expect(try r.readVarInt() == v)
                    case .align: try r.alignToByte()
                    case .bytes(let v): #expect(Array(try r.readAlignedBytes(count: v.count)) == v)
                    }
                }
                try r.finish()
            }
        }
    }

    static let ranges: [(Int, Int)] = [
        (0, 0), (0, 1), (-1, 0), (-100, 100), (1000, 1003), (0, 255), (0, 256), (-128, 127),
        (Int(Int32.min), Int(Int32.max)), (0, Int(UInt32.max)), (Int.min, Int.max), (Int.min, Int.min + 1),
        (Int.max - 1, Int.max), (Int.min, 0), (-1, Int.max), (Int.max, Int.max),
    ]

    @Test(arguments: ranges)
    func rangedIntegersAtTheirEdges(range: (Int, Int)) throws {
        let (lo, hi) = range
        var candidates = [lo, hi, lo &+ 1, hi &- 1, 0, lo / 2 + hi / 2]
        candidates = candidates.filter { $0 >= lo && $0 <= hi }
        var w = BitWriter()
        for value in candidates { w.write(value, min: lo, max: hi) }
        #expect(w.bitCount == candidates.count * bitsRequired(min: lo, max: hi))
        try BitReader.read(w.finish()) { r throws(WireError) in
            for value in candidates { #expect(try r.read(min: lo, max: hi) == value) }
        }
    }

    @Test func bitsRequiredMatchesTheSpan() {
        #expect(bitsRequired(min: 0, max: 0) == 0)
        #expect(bitsRequired(min: 5, max: 6) == 1)
        #expect(bitsRequired(min: -100, max: 100) == 8)
        #expect(bitsRequired(min: 0, max: 255) == 8)
        #expect(bitsRequired(min: 0, max: 256) == 9)
        #expect(bitsRequired(min: Int.min, max: Int.max) == 64)
        #expect(bitsRequired(min: Int.min, max: -1) == 63)
    }

    @Test func readingPastTheEndThrowsAtEveryBitPosition() {
        let bytes: [UInt8] = [0xA5, 0x5A, 0xFF, 0x00, 0x81]
        let total = bytes.count * 8
        for start in 0...total {
            for width in [1, 7, 8, 9, 31, 32, 33, 63, 64] where start + width > total {
                let error = wireError(reading: bytes) { r throws(WireError) in
                    _ = try r.readUInt64(bits: start)
                    _ = try r.readUInt64(bits: width)
                }
                #expect(error == .endOfData(bitOffset: start, bitsWanted: width), "start \(start) width \(width)")
            }
            // The reader checks before it consumes: the bits that do exist still read.
            let rest = wireError(reading: bytes) { r throws(WireError) in
                _ = try r.readUInt64(bits: start)
                #expect(throws: WireError.self) { try r.readUInt64(bits: total - start + 1) }
                #expect(r.bitCount == start)
                _ = try r.readUInt64(bits: total - start)
                #expect(r.remainingBits == 0)
            }
            #expect(rest == nil)
        }
    }

    @Test func readingFromAnEmptyBufferThrows() {
        #expect(wireError(reading: []) { r throws(WireError) in _ = try r.readBool() }
                == .endOfData(bitOffset: 0, bitsWanted: 1))
        #expect(wireError(reading: []) { r throws(WireError) in try r.finish() } == nil)
        #expect(wireError(reading: []) { r throws(WireError) in _ = try r.readUInt32(bits: 0) } == nil)
    }

    @Test func rangedCodeAboveTheRangeThrows() {
        // 0...4 takes 3 bits, so codes 5, 6 and 7 are representable but invalid.
        for code: UInt8 in 5...7 {
            let error = wireError(reading: [code << 2 | 0b10]) { r throws(WireError) in
                #expect(try r.readUInt32(bits: 2) == 0b10)
                _ = try r.read(min: 0, max: 4)
            }
            #expect(error == .valueOutOfRange(bitOffset: 2, value: UInt64(code), limit: 4))
        }
        #expect(wireError(reading: [0xFF]) { r throws(WireError) in _ = try r.read(min: -100, max: 100) }
                == .valueOutOfRange(bitOffset: 0, value: 255, limit: 200))
    }

    @Test func alignmentRejectsNonZeroPadding() {
        #expect(wireError(reading: [0b0000_1111]) { r throws(WireError) in
            _ = try r.readUInt32(bits: 3)
            try r.alignToByte()
        } == .nonZeroPadding(bitOffset: 3))
        let clean = wireError(reading: [0b0000_0111, 0x01]) { r throws(WireError) in
            _ = try r.readUInt32(bits: 3)
            try r.alignToByte()
            #expect(r.bitCount == 8)
            try r.alignToByte()
            #expect(r.bitCount == 8)
            #expect(try r.readBool())
            try r.finish()
        }
        #expect(clean == nil)
    }

    @Test func finishRejectsTrailingBytesAndDirtyPadding() {
        #expect(wireError(reading: [0x01, 0x00]) { r throws(WireError) in
            _ = try r.readBool()
            try r.finish()
        } == .trailingData(bitOffset: 1))
        #expect(wireError(reading: [0x03]) { r throws(WireError) in
            _ = try r.readBool()
            try r.finish()
        } == .nonZeroPadding(bitOffset: 1))
    }

    @Test func alignedBytesAreAViewAndCheckTheirLength() {
        let message: [UInt8] = [0x01, 0xAA, 0xBB, 0xCC]
        let clean = wireError(reading: message) { r throws(WireError) in
            #expect(try r.readBool())
            let view = try r.readAlignedBytes(count: 2)
            #expect(Array(view) == [0xAA, 0xBB])
            #expect(try r.readUInt32(bits: 8) == 0xCC)
            try r.finish()
        }
        #expect(clean == nil)
        #expect(wireError(reading: message) { r throws(WireError) in
            _ = try r.readBool()
            _ = try r.readAlignedBytes(count: 4)
        } == .endOfData(bitOffset: 8, bitsWanted: 32))
    }

    @Test func stringsRoundTripAndRejectBadUTF8() throws {
        let samples = ["", "a", "héllo ✓ 🚀", String(repeating: "x", count: 31)]
        var w = BitWriter()
        for sample in samples { w.write(sample, maxBytes: 31) }
        try BitReader.read(w.finish()) { r throws(WireError) in
            for sample in samples { #expect(try r.readString(maxBytes: 31) == sample) }
            try r.finish()
        }
        for bad: [UInt8] in [[0xC3, 0x28], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF]] {
            var message: [UInt8] = [UInt8(bad.count)]
            message += bad
            #expect(wireError(reading: message) { r throws(WireError) in
                _ = try r.readString(maxBytes: 15)
            } == .invalidUTF8(bitOffset: 0))
        }
    }

    @Test func errorsDescribeThemselves() {
        let error = WireError.valueOutOfRange(bitOffset: 12, value: 9, limit: 4)
        #expect(error.kind == "valueOutOfRange")
        #expect(error.bitOffset == 12)
        #expect("\(error)" == "value 9 out of range at bit 12 (largest allowed 4)")
    }
}
