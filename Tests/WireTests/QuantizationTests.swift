import Testing
@testable import Wire

@Suite struct QuantizationTests {
    static let ranges: [QuantizedRange] = [
        QuantizedRange(min: -524_288, max: 524_288, step: 16),
        QuantizedRange(min: 0, max: 1000, bits: 7),
        QuantizedRange(min: -5, max: 5, step: 3),       // span not a multiple of the step
        QuantizedRange(min: 7, max: 7, step: 1),
        QuantizedRange(min: Int32.min, max: Int32.max, bits: 32),
        QuantizedRange(min: Int32.min, max: Int32.max, bits: 10),
        QuantizedRange(min: -100, max: 100, step: 1),
    ]

    @Test(arguments: ranges)
    func fixedPointErrorIsAtMostHalfAStep(q: QuantizedRange) throws {
        var random = SeededRandom(seed: UInt64(bitPattern: Int64(q.min)) ^ UInt64(q.step))
        var values: [Int32] = [q.min, q.max]
        for _ in 0..<2_000 {
            let span = UInt64(Int64(q.max) - Int64(q.min)) + 1
            values.append(Int32(Int64(q.min) + Int64(random.next() % span)))
        }
        var w = BitWriter()
        for x in values {
            let code = q.encode(x)
            #expect(code <= q.maxCode)
            let back = q.decode(code)
            #expect(2 * abs(Int64(back) - Int64(x)) <= q.step, "x \(x) came back as \(back)")
            #expect(back >= q.min && back <= q.max)
            #expect(q.quantize(back) == back, "decoded values are fixed points")
            w.write(x, as: q)
        }
        #expect(w.bitCount == values.count * q.bits)
        try BitReader.read(w.finish()) { r throws(WireError) in
            for x in values { #expect(try r.read(q) == q.quantize(x)) }
        }
        #expect(q.decode(0) == q.min)
        #expect(q.decode(q.maxCode) == q.max)
    }

    @Test func fixedPointRoundsHalvesUpAndClamps() {
        // 2^16 codes exactly: max is the last multiple of the step below 2^19.
        let q = QuantizedRange(min: -524_288, max: 524_272, step: 16)
        #expect(q.bits == 16 && q.maxCode == 65_535)
        #expect(QuantizedRange(min: -524_288, max: 524_288, step: 16).bits == 17)
        #expect(q.quantize(7) == 0)
        #expect(q.quantize(8) == 16)
        #expect(q.quantize(-8) == 0)
        #expect(q.quantize(-9) == -16)
        #expect(q.quantize(600_000) == 524_272)
        #expect(q.quantize(Int32.min) == -524_288)
        let byBits = QuantizedRange(min: 0, max: 1000, bits: 7)
        #expect(byBits.step == 8 && byBits.maxCode == 125 && byBits.bits == 7)
        #expect(byBits.quantize(996) == 1000)
        #expect(byBits.quantize(995) == 992)
    }

    @Test func fixedPointCodeAboveMaxCodeIsRejected() {
        let q = QuantizedRange(min: 0, max: 100, step: 10)
        #expect(q.maxCode == 10 && q.bits == 4)
        let error = wireError(reading: [0x0B]) { r throws(WireError) in _ = try r.read(q) }
        #expect(error == .valueOutOfRange(bitOffset: 0, value: 11, limit: 10))
    }

    @Test(arguments: [(-1.0, 1.0, 8), (0.0, 100.0, 12), (-1000.0, 1000.0, 32), (0.0, 1.0, 1), (-3.5, 1e6, 20)])
    func floatErrorIsAtMostHalfAStep(min: Double, max: Double, bits: Int) throws {
        let q = QuantizedFloat(min: min, max: max, bits: bits)
        var random = SeededRandom(seed: UInt64(bits))
        var values = [min, max, (min + max) / 2]
        for _ in 0..<2_000 { values.append(min + (max - min) * Double(random.next() >> 11) / Double(1 << 53)) }
        var w = BitWriter()
        for x in values {
            let back = q.quantize(x)
            #expect(abs(back - x) <= q.step / 2 * (1 + 1e-9), "x \(x) came back as \(back)")
            w.write(x, as: q)
        }
        try BitReader.read(w.finish()) { r throws(WireError) in
            for x in values { #expect(try r.read(q) == q.quantize(x)) }
        }
        #expect(q.quantize(min) == min)
        #expect(q.quantize(max) == max)
    }

    @Test func floatClampsAndHandlesNonFinite() {
        let q = QuantizedFloat(min: -1, max: 1, bits: 8)
        #expect(q.encode(.nan) == 0)
        #expect(q.encode(-.infinity) == 0)
        #expect(q.encode(.infinity) == 255)
        #expect(q.encode(7) == 255)
        #expect(q.encode(-7) == 0)
    }

    @Test(arguments: [1, 4, 8, 10, 12, 16])
    func angleErrorIsAtMostHalfACodeAroundTheCircle(bits: Int) throws {
        let q = QuantizedAngle(bits: bits)
        let halfCode = Double.pi / Double(q.codeCount)
        var random = SeededRandom(seed: UInt64(bits) + 100)
        var w = BitWriter()
        var values: [Double] = [0, .pi, -.pi, 2 * .pi, 1e6, -1e6]
        for _ in 0..<2_000 { values.append((Double(random.next() >> 11) / Double(1 << 53) - 0.5) * 40) }
        for x in values {
            let back = q.decodeRadians(q.encode(radians: x))
            #expect(back >= 0 && back < 2 * .pi)
            let error = abs(QuantizedAngle.shortestArc(fromRadians: x, toRadians: back))
            #expect(error <= halfCode * (1 + 1e-6) + 1e-9, "x \(x) came back as \(back)")
            w.write(radians: x, as: q)
        }
        #expect(w.bitCount == values.count * bits)
        try BitReader.read(w.finish()) { r throws(WireError) in
            for x in values { #expect(try r.readRadians(q) == q.decodeRadians(q.encode(radians: x))) }
        }
    }

    @Test func angleWrapsAroundTheTurn() {
        let q = QuantizedAngle(bits: 8)
        #expect(q.encode(radians: 0) == 0)
        #expect(q.encode(radians: 2 * .pi) == 0)
        #expect(q.encode(radians: -2 * .pi) == 0)
        #expect(q.encode(radians: .pi) == 128)
        #expect(q.encode(radians: -.pi / 2) == 192)
        #expect(q.encode(radians: 2 * .pi - 0.001) == 0)  // nearest code is the wrap
        #expect(q.encode(radians: .nan) == 0)
        #expect(q.encode(radians: .infinity) == 0)
        #expect(q.encode(radians: 1e300) < 256)
        #expect(q.decodeRadians(128) == .pi)
    }

    @Test func binaryAnglesRoundToNearestAndWrap() {
        let q = QuantizedAngle(bits: 8)
        #expect(q.encode(binaryAngle: 0x007F) == 0)
        #expect(q.encode(binaryAngle: 0x0080) == 1)
        #expect(q.encode(binaryAngle: 0xFF80) == 0)
        #expect(q.encode(binaryAngle: 0xFF7F) == 255)
        #expect(q.decodeBinaryAngle(255) == 0xFF00)
        let full = QuantizedAngle(bits: 16)
        for a: UInt16 in [0, 1, 0x7FFF, 0x8000, 0xBEEF, 0xFFFF] {
            #expect(full.decodeBinaryAngle(full.encode(binaryAngle: a)) == a)
        }
        var random = SeededRandom(seed: 77)
        for bits in 1...16 {
            let q = QuantizedAngle(bits: bits)
            let half = bits == 16 ? 0 : 1 << (15 - bits)
            for _ in 0..<500 {
                let a = UInt16(truncatingIfNeeded: random.next())
                let back = q.decodeBinaryAngle(q.encode(binaryAngle: a))
                #expect(abs(Int(Int16(bitPattern: back &- a))) <= half)
            }
        }
    }

    @Test func interpolationTakesTheShorterArc() {
        let degree = Double.pi / 180
        let mid = QuantizedAngle.lerp(fromRadians: 350 * degree, toRadians: 10 * degree, t: 0.5)
        #expect(abs(mid - 0) < 1e-12 || abs(mid - 2 * .pi) < 1e-12)
        let quarter = QuantizedAngle.lerp(fromRadians: 10 * degree, toRadians: 350 * degree, t: 0.25)
        #expect(abs(quarter - 5 * degree) < 1e-12)
        #expect(QuantizedAngle.lerp(fromRadians: 1, toRadians: 2, t: 0) == 1)
        #expect(abs(QuantizedAngle.lerp(fromRadians: 1, toRadians: 2, t: 1) - 2) < 1e-12)
        #expect(abs(QuantizedAngle.shortestArc(fromRadians: 0.1, toRadians: 2 * .pi - 0.1) + 0.2) < 1e-12)
        #expect(QuantizedAngle.wrap(radians: -0.5 * .pi) == 1.5 * .pi)
        #expect(QuantizedAngle.lerp(from: 0xFF00 as UInt16, to: 0x0100, t: 0.5) == 0)
        #expect(QuantizedAngle.lerp(from: 0x0100 as UInt16, to: 0xFF00, t: 0.25) == 0x0080)
        #expect(QuantizedAngle.lerp(from: 0x1000 as UInt16, to: 0x3000, t: 0.5) == 0x2000)
    }
}
