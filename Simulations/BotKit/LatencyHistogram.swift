import Foundation

/// Latencies in milliseconds as a fixed log-bucketed histogram (buckets 2 % wide from 1 µs to
/// about 10 minutes): constant memory whatever the run's length or fleet size, no allocation
/// per sample, percentiles within 2 % and an exact maximum. A fleet keeps a few of these
/// instead of every sample of every bot.
public struct LatencyHistogram: Sendable {
    static let minimum = 0.001
    static let growth = 1.02
    static let bucketCount = 1024
    private static let logGrowth = log(growth)

    private var buckets: [UInt32]
    public private(set) var count = 0
    public private(set) var maximum = 0.0
    public private(set) var sum = 0.0

    public init() {
        buckets = [UInt32](repeating: 0, count: Self.bucketCount)
    }

    @inline(__always)
    static func bucket(of value: Double) -> Int {
        guard value > minimum else { return 0 }
        return min(bucketCount - 1, Int(log(value / minimum) / logGrowth) + 1)
    }

    /// The upper bound of bucket `index` (what a percentile in it reports).
    static func upperBound(of index: Int) -> Double {
        minimum * pow(growth, Double(index))
    }

    @inline(__always)
    public mutating func add(_ milliseconds: Double) {
        let value = milliseconds.isFinite ? max(0, milliseconds) : 0
        buckets[Self.bucket(of: value)] &+= 1
        count += 1
        sum += value
        if value > maximum { maximum = value }
    }

    public mutating func merge(_ other: LatencyHistogram) {
        for index in 0..<Self.bucketCount { buckets[index] &+= other.buckets[index] }
        count += other.count
        sum += other.sum
        maximum = max(maximum, other.maximum)
    }

    /// Empties the histogram, keeping its storage.
    public mutating func reset() {
        for index in 0..<Self.bucketCount { buckets[index] = 0 }
        count = 0; sum = 0; maximum = 0
    }

    /// Nearest-rank percentile (0...100): the upper bound of the bucket holding that rank,
    /// never above the maximum seen; 0 when empty.
    public func percentile(_ p: Double) -> Double {
        guard count > 0 else { return 0 }
        let rank = max(1, Int((p / 100 * Double(count)).rounded(.up)))
        var seen = 0
        for index in 0..<Self.bucketCount {
            seen += Int(buckets[index])
            if seen >= rank { return min(Self.upperBound(of: index), maximum) }
        }
        return maximum
    }

    public func summary() -> SampleSet.Summary {
        SampleSet.Summary(count: count, p50: percentile(50), p99: percentile(99), max: maximum)
    }
}
