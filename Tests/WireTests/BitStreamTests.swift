import Testing
@testable import Wire

/// A message shaped like the ones the protocol will have, serialized by ONE function.
private struct SampleInput: Equatable {
    var sequence: UInt16 = 0
    var tick: UInt32 = 0
    var buttons: UInt8 = 0
    var firing = false
    var aim: UInt16 = 0
    var dx: Int = 0
    var name = ""
    var history: [Int32] = []

    static let aimQuantizer = QuantizedAngle(bits: 10)
    static let position = QuantizedRange(min: -4096, max: 4096, step: 4)

    mutating func serialize<S: BitStream>(_ s: inout S, referenceTick: UInt32) throws(S.Failure) {
        try s.serialize(&sequence, bits: 16)
        try s.serialize(&tick, relativeTo: referenceTick)
        try s.serialize(&buttons, bits: 5)
        try s.serialize(&firing)
        try s.serialize(binaryAngle: &aim, as: Self.aimQuantizer)
        try s.serialize(&dx, min: -3, max: 3)
        try s.serialize(&name, maxBytes: 24)
        var count = history.count
        try s.serialize(&count, min: 0, max: 3)
        if s.isReading { history = Array(repeating: 0, count: count) }
        for i in 0..<count {
            try s.serialize(&history[i], as: Self.position)
        }
    }
}

@Suite struct BitStreamTests {
    @Test func oneSerializeFunctionWritesMeasuresAndReads() throws {
        var random = SeededRandom(seed: 7)
        for _ in 0..<500 {
            let reference = UInt32(truncatingIfNeeded: random.next())
            var message = SampleInput(
                sequence: UInt16(truncatingIfNeeded: random.next()),
                tick: reference &+ UInt32(truncatingIfNeeded: random.next() % 200) &- 100,
                buttons: UInt8(random.next() % 32),
                firing: random.next() & 1 == 1,
                aim: SampleInput.aimQuantizer.decodeBinaryAngle(UInt32(random.next() % 1024)),
                dx: Int(random.next() % 7) - 3,
                name: ["", "bot", "Zoë", "🚀🚀"][Int(random.next() % 4)],
                history: (0..<Int(random.next() % 4)).map { _ in SampleInput.position.quantize(Int32(random.next() % 8193) - 4096) })

            var counter = BitCounter()
            message.serialize(&counter, referenceTick: reference)  // no `try`: Failure == Never
            var writer = BitWriter()
            message.serialize(&writer, referenceTick: reference)
            #expect(counter.bitCount == writer.bitCount)
            let bytes = writer.finish()
            #expect(counter.byteCount == bytes.count)

            let decoded = try BitReader.read(bytes) { r throws(WireError) in
                var decoded = SampleInput()
                try decoded.serialize(&r, referenceTick: reference)
                try r.finish()
                return decoded
            }
            #expect(decoded == message)
        }
    }

    @Test func counterStartsAtAnOffsetForExactAlignment() {
        var counter = BitCounter(bitOffset: 5)
        var bytes: [UInt8] = [1, 2]
        counter.serializeAlignedBytes(&bytes, count: 2)
        #expect(counter.bitCount == 8 + 16)
        var writer = BitWriter()
        writer.write(0, bits: 5)
        writer.writeAlignedBytes([1, 2])
        #expect(writer.bitCount == counter.bitCount)
    }

    @Test func narrowUnsignedTypesUseTheirOwnWidths() throws {
        var writer = BitWriter()
        var a: UInt8 = 0xAB, b: UInt16 = 0xBEEF, c: UInt64 = 0xFFFF_FFFF_FFFF
        writer.serialize(&a, bits: 8)
        writer.serialize(&b, bits: 16)
        writer.serialize(&c, bits: 48)
        #expect(writer.finish() == [0xAB, 0xEF, 0xBE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
    }
}
