import Testing
@testable import Auth

@Suite("Constant-time comparison")
struct ConstantTimeTests {
    @Test func equalAndUnequal() {
        #expect(ConstantTime.equals([UInt8](), [UInt8]()))
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([0, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.equals([1, 2], [1, 2, 3]))
    }

    /// Every single-bit difference anywhere in a 32-byte MAC is caught.
    @Test func everyBitFlipDetected() {
        let digest = SHA256.hash("abc".utf8)
        let bytes = digest.bytes
        bytes.withUnsafeBytes { #expect(ConstantTime.equals(digest, $0)) }
        for index in 0..<bytes.count {
            for bit in 0..<8 {
                var flipped = bytes
                flipped[index] ^= 1 << bit
                flipped.withUnsafeBytes { #expect(!ConstantTime.equals(digest, $0)) }
            }
        }
        bytes.dropLast().withUnsafeBytes { #expect(!ConstantTime.equals(digest, $0)) }
    }
}
