/// Samples with a bounded memory: at most `capacity` are kept (later ones are dropped and
/// counted), enough for percentiles of a run of any length at the bots' rates.
public struct SampleSet: Sendable {
    public private(set) var samples: [Double] = []
    public private(set) var dropped = 0
    public let capacity: Int

    public init(capacity: Int = 500_000) { self.capacity = capacity }

    public mutating func add(_ value: Double) {
        if samples.count < capacity { samples.append(value) } else { dropped += 1 }
    }

    public mutating func merge(_ other: SampleSet) {
        for value in other.samples { add(value) }
    }

    public var count: Int { samples.count }

    /// Nearest-rank percentiles (0...100) and the maximum; zeros when empty.
    public func summary() -> Summary {
        guard !samples.isEmpty else { return Summary() }
        let sorted = samples.sorted()
        func rank(_ p: Double) -> Double {
            let index = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
            return sorted[min(max(index, 0), sorted.count - 1)]
        }
        return Summary(count: sorted.count, p50: rank(50), p99: rank(99), max: sorted[sorted.count - 1])
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var count = 0
        public var p50 = 0.0
        public var p99 = 0.0
        public var max = 0.0
        public init(count: Int = 0, p50: Double = 0, p99: Double = 0, max: Double = 0) {
            self.count = count; self.p50 = p50; self.p99 = p99; self.max = max
        }
    }
}

/// What one bot must remember to measure: the last snapshot's arrival and the send times of
/// unacknowledged inputs. The measurements themselves are returned to the caller, which adds
/// them to fleet-wide histograms: per-bot sample arrays would grow with the run's length.
/// Times are CLOCK_MONOTONIC nanoseconds; measurements are milliseconds.
public struct BotStats: Sendable {
    public var lastSnapshotAt: UInt64?
    /// Send times of inputs not yet acknowledged, oldest first.
    public var pendingInputs: [(sequence: UInt32, sentAt: UInt64)] = []
    public var lastAcked: UInt32 = 0
    /// When the input the last measurement was of was sent.
    public private(set) var lastMeasuredSentAt: UInt64 = 0

    public init() {}

    /// |inter-arrival − expected snapshot interval|, or nil for the first snapshot.
    public mutating func snapshotArrived(at now: UInt64, expectedIntervalNanos: UInt64) -> Double? {
        defer { lastSnapshotAt = now }
        guard let last = lastSnapshotAt else { return nil }
        return abs(Double(now &- last) - Double(expectedIntervalNanos)) / 1e6
    }

    public mutating func inputSent(sequence: UInt32, at now: UInt64) {
        pendingInputs.append((sequence, now))
        // Bounded: a server that never acknowledges does not make this grow.
        if pendingInputs.count > 256 { pendingInputs.removeFirst(pendingInputs.count - 256) }
    }

    /// The snapshot says the server applied inputs up to `sequence`: returns the newest newly
    /// covered input's latency (one measurement per acknowledgement), or nil.
    public mutating func acknowledged(upTo sequence: UInt32, at now: UInt64) -> Double? {
        guard sequence > lastAcked else { return nil }
        lastAcked = sequence
        var newest: UInt64?
        var drop = 0
        for entry in pendingInputs {
            guard entry.sequence <= sequence else { break }
            if entry.sequence == sequence { newest = entry.sentAt }
            drop += 1
        }
        pendingInputs.removeFirst(drop)
        if let newest { lastMeasuredSentAt = newest }
        return newest.map { Double(now &- $0) / 1e6 }
    }
}
