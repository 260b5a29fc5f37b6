import Synchronization

/// The last `capacity` observations (e.g. tick durations), for exact quantiles over a sliding
/// window: what a benchmark or an operator wants to know is "how are ticks doing now", which
/// fixed histogram buckets only bound. Rendered as a Prometheus summary.
public final class RecentWindow: Sendable {
    struct Ring {
        var values: [Double]
        var next = 0
        var filled = 0
    }

    public let capacity: Int
    private let ring: Mutex<Ring>

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        ring = Mutex(Ring(values: Array(repeating: 0, count: capacity)))
    }

    public func observe(_ value: Double) {
        ring.withLock { ring in Self.append(value, to: &ring, capacity: capacity) }
    }

    /// Many observations, oldest first, under one lock.
    public func observe(contentsOf values: some Collection<Double>) {
        guard !values.isEmpty else { return }
        ring.withLock { ring in
            for value in values { Self.append(value, to: &ring, capacity: capacity) }
        }
    }

    private static func append(_ value: Double, to ring: inout Ring, capacity: Int) {
        ring.values[ring.next] = value
        ring.next = (ring.next + 1) % capacity
        ring.filled = min(ring.filled + 1, capacity)
    }

    /// Quantiles (0...1, nearest rank) of the window; empty window gives zeros.
    public func quantiles(_ qs: [Double]) -> [Double] {
        var sorted = ring.withLock { Array($0.values.prefix($0.filled)) }
        guard !sorted.isEmpty else { return qs.map { _ in 0 } }
        sorted.sort()
        return qs.map { q in sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))] }
    }

    public var count: Int { ring.withLock { $0.filled } }
}
