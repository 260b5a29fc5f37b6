import Testing
@testable import Wire

@Suite struct BitWriterTests {
    @Test func workedExampleFromProtocolDocument() {
        var w = BitWriter()
        w.write(5, bits: 3)
        w.writeBool(true)
        w.write(-3, min: -100, max: 100)
        w.write(0xABC, bits: 12)
        #expect(w.bitCount == 24)
        #expect(w.finish() == [0x1D, 0xC6, 0xAB])
    }

    @Test func bitsAreLeastSignificantFirst() {
        var w = BitWriter()
        w.writeBool(true)   // bit 0
        w.writeBool(false)  // bit 1
        w.write(1, bits: 6) // bits 2...7: value 1 puts a one at bit 2
        w.write(0x1, bits: 1) // bit 8: first bit of the second byte
        #expect(w.finish() == [0b0000_0101, 0b0000_0001])
    }

    @Test func sixtyFourBitValueIsLowHalfThenHighHalf() {
        var split = BitWriter()
        split.write(0x89AB_CDEF as UInt32, bits: 32)
        split.write(0x0123_4567 as UInt32, bits: 29)
        var whole = BitWriter()
        whole.write(0x0123_4567_89AB_CDEF as UInt64, bits: 61)
        #expect(split.finish() == whole.finish())
    }

    @Test func finishPadsWithZeroBitsAndCountsBytes() {
        var w = BitWriter()
        w.write(0b101, bits: 3)
        #expect(w.bitCount == 3)
        #expect(w.byteCount == 1)
        #expect(w.finish() == [0b101])
        #expect(w.bitCount == 8)
    }

    @Test func zeroWidthWritesNothing() {
        var w = BitWriter()
        w.write(0, bits: 0)
        w.write(0 as UInt64, bits: 0)
        w.write(42, min: 42, max: 42)
        #expect(w.bitCount == 0)
        #expect(w.finish().isEmpty)
    }

    @Test func alignedBytesFollowZeroPadding() {
        var w = BitWriter()
        w.write(0b11, bits: 2)
        w.writeAlignedBytes([0xDE, 0xAD])
        w.alignToByte() // already aligned: no-op
        w.write(1, bits: 1)
        #expect(w.finish() == [0x03, 0xDE, 0xAD, 0x01])
    }

    @Test func alignmentAcrossAFlushedWord() {
        var w = BitWriter()
        w.write(0x7FFF_FFFF, bits: 31)
        w.alignToByte()
        #expect(w.bitCount == 32)
        w.write(0xAB, bits: 8)
        #expect(w.finish() == [0xFF, 0xFF, 0xFF, 0x7F, 0xAB])
    }

    @Test func resetKeepsCapacityAndStartsOver() {
        var w = BitWriter(capacity: 64)
        for i in 0..<40 { w.write(UInt32(i), bits: 8) }
        let first = w.finish()
        #expect(first.count == 40)
        let capacity = w.storage.capacity
        w.reset()
        #expect(w.bitCount == 0)
        #expect(w.storage.capacity == capacity)
        w.write(7, bits: 3)
        #expect(w.finish() == [7])
        #expect(first.count == 40) // the earlier result is unaffected
    }

    @Test func withFinishedBytesLendsTheSameBytes() {
        var w = BitWriter()
        w.write(0x1234_5678 as UInt32, bits: 32)
        w.write(1, bits: 1)
        let lent = w.withFinishedBytes { Array($0) }
        #expect(lent == [0x78, 0x56, 0x34, 0x12, 0x01])
        #expect(w.finish() == lent)
    }

    @Test func stringIsLengthThenAlignedUTF8() {
        var w = BitWriter()
        w.write("hé", maxBytes: 7) // 3 UTF-8 bytes, length in 3 bits
        #expect(w.finish() == [0x03, 0x68, 0xC3, 0xA9])
    }

    @Test func valueTooWideForItsBitsTraps() async {
        await #expect(processExitsWith: .failure) {
            var w = BitWriter()
            w.write(8, bits: 3)
        }
    }

    @Test func rangedValueOutsideItsRangeTraps() async {
        await #expect(processExitsWith: .failure) {
            var w = BitWriter()
            w.write(101, min: -100, max: 100)
        }
    }
}
