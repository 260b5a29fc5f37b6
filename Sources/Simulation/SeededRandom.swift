/// The room's only source of randomness: xoshiro256** seeded through SplitMix64. Same seed,
/// same sequence, on every platform, forever: replays depend on it, so the algorithm is part
/// of the recording format and must never change silently.
public struct SeededRandom: RandomNumberGenerator, Sendable, Hashable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var mixer = seed
        func splitMix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` (bound > 0) by Lemire's multiply-shift with rejection:
    /// unbiased and defined here rather than by the standard library, whose algorithms may change.
    @inline(__always)
    public mutating func below(_ bound: UInt32) -> UInt32 {
        precondition(bound > 0)
        var product = UInt64(UInt32(truncatingIfNeeded: next() >> 32)) &* UInt64(bound)
        if UInt32(truncatingIfNeeded: product) < bound {
            let threshold = (0 &- bound) % bound
            while UInt32(truncatingIfNeeded: product) < threshold {
                product = UInt64(UInt32(truncatingIfNeeded: next() >> 32)) &* UInt64(bound)
            }
        }
        return UInt32(truncatingIfNeeded: product >> 32)
    }

    /// A uniform integer in `range`.
    public mutating func int(in range: ClosedRange<Int32>) -> Int32 {
        let span = UInt32(truncatingIfNeeded: Int64(range.upperBound) - Int64(range.lowerBound) + 1)
        if span == 0 { return Int32(truncatingIfNeeded: next()) }
        return Int32(truncatingIfNeeded: Int64(range.lowerBound) + Int64(below(span)))
    }

    /// The generator's four words, for keyframes: `init(state:)` continues the same sequence.
    public var state: (UInt64, UInt64, UInt64, UInt64) { (s0, s1, s2, s3) }

    /// Continues the sequence of a generator whose `state` was taken. The all-zero state is
    /// the one xoshiro cannot leave (no seed produces it), so it is refused.
    public init?(state: (UInt64, UInt64, UInt64, UInt64)) {
        guard state != (0, 0, 0, 0) else { return nil }
        (s0, s1, s2, s3) = state
    }

    @inline(__always)
    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
