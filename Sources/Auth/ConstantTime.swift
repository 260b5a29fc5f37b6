/// Comparisons whose running time does not depend on where inputs differ.
///
/// A MAC compared with `==` returns at the first wrong byte, and timing that lets an attacker
/// forge a signature byte by byte. Lengths are not secret (a MAC's length is public), so a
/// length mismatch returns at once.
public enum ConstantTime {
    public static func equals(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<lhs.count {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }

    public static func equals(_ lhs: some Sequence<UInt8>, _ rhs: some Sequence<UInt8>) -> Bool {
        let left = Array(lhs)
        let right = Array(rhs)
        return left.withUnsafeBytes { l in right.withUnsafeBytes { r in equals(l, r) } }
    }

    /// A digest against raw bytes without copying either: the verifier's hot path.
    public static func equals(_ digest: SHA256.Digest, _ bytes: UnsafeRawBufferPointer) -> Bool {
        digest.withUnsafeBytes { equals($0, bytes) }
    }
}
