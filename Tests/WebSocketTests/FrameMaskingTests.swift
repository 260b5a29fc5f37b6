import Testing
@testable import WebSocket

@Suite("Masking")
struct FrameMaskingTests {
    /// Byte-at-a-time reference: payload[i] ^ key byte (phase + i) % 4.
    static func reference(_ bytes: [UInt8], key: UInt32, phase: Int = 0) -> [UInt8] {
        let keyBytes = withUnsafeBytes(of: key) { Array($0) }
        return bytes.enumerated().map { $0.element ^ keyBytes[(phase + $0.offset) % 4] }
    }

    @Test(arguments: 0...100)
    func matchesReferenceAndIsAnInvolution(length: Int) {
        var rng = FrameTestRNG(seed: UInt64(length) &+ 0xABCD)
        for phase in 0...3 {
            let key = UInt32.random(in: 0...UInt32.max, using: &rng)
            let original = rng.bytes(length)
            var bytes = original
            bytes.withUnsafeMutableBytes { Masking.apply(key: key, to: $0, phase: phase) }
            #expect(bytes == Self.reference(original, key: key, phase: phase))
            bytes.withUnsafeMutableBytes { Masking.apply(key: key, to: $0, phase: phase) }
            #expect(bytes == original)
        }
    }

    @Test(arguments: 0...100)
    func copyMasksLikeApplyingToACopy(length: Int) {
        var rng = FrameTestRNG(seed: UInt64(length) &* 31 &+ 7)
        let key = UInt32.random(in: 0...UInt32.max, using: &rng)
        let source = rng.bytes(length)
        var copied = [UInt8](repeating: 0x5A, count: length + 1)
        source.withUnsafeBytes { src in
            copied.withUnsafeMutableBytes { Masking.copy(src, to: $0.baseAddress!, maskingWith: key) }
        }
        var expected = source
        expected.withUnsafeMutableBytes { Masking.apply(key: key, to: $0) }
        #expect(Array(copied[..<length]) == expected)
        #expect(copied[length] == 0x5A, "wrote past the end")
    }

    @Test func piecewiseWithPhaseEqualsWhole() {
        var rng = FrameTestRNG(seed: 99)
        for _ in 0..<200 {
            let key = UInt32.random(in: 0...UInt32.max, using: &rng)
            let original = rng.bytes(Int.random(in: 0...64, using: &rng))
            var whole = original
            whole.withUnsafeMutableBytes { Masking.apply(key: key, to: $0) }
            var pieces = original
            pieces.withUnsafeMutableBytes { all in
                var start = 0
                while start < all.count {
                    let end = min(all.count, start + Int.random(in: 1...11, using: &rng))
                    Masking.apply(key: key, to: UnsafeMutableRawBufferPointer(rebasing: all[start..<end]), phase: start & 3)
                    start = end
                }
            }
            #expect(pieces == whole)
        }
    }

    @Test func unalignedBuffersAreHandled() {
        // Start the masked region at every offset within a word.
        let key = FrameTest.key([0x37, 0xFA, 0x21, 0x3D])
        for start in 0..<8 {
            let original = (0..<40).map { UInt8($0) }
            var bytes = original
            bytes.withUnsafeMutableBytes { Masking.apply(key: key, to: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
            #expect(Array(bytes[..<start]) == Array(original[..<start]))
            #expect(Array(bytes[start...]) == Self.reference(Array(original[start...]), key: key))
        }
    }

    @Test func rfcExampleKey() {
        var hello = Array("Hello".utf8)
        hello.withUnsafeMutableBytes { Masking.apply(key: FrameTest.key([0x37, 0xFA, 0x21, 0x3D]), to: $0) }
        #expect(hello == [0x7F, 0x9F, 0x4D, 0x51, 0x58])
    }
}
