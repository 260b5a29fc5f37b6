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

/// What one bot measured. Times are CLOCK_MONOTONIC nanoseconds; samples are milliseconds.
public struct BotStats: Sendable {
    public var rttMillis = SampleSet(capacity: 100_000)
    /// |inter-arrival − expected snapshot interval| per snapshot.
    public var jitterMillis = SampleSet(capacity: 100_000)
    public var inputAckMillis = SampleSet(capacity: 100_000)
    public var lastSnapshotAt: UInt64?
    /// Send times of inputs not yet acknowledged, oldest first.
    public var pendingInputs: [(sequence: UInt32, sentAt: UInt64)] = []
    public var lastAcked: UInt32 = 0

    public init() {}

    public mutating func snapshotArrived(at now: UInt64, expectedIntervalNanos: UInt64) {
        if let last = lastSnapshotAt {
            let interval = Double(now &- last)
            jitterMillis.add(abs(interval - Double(expectedIntervalNanos)) / 1e6)
        }
        lastSnapshotAt = now
    }

    public mutating func inputSent(sequence: UInt32, at now: UInt64) {
        pendingInputs.append((sequence, now))
        // Bounded: a server that never acknowledges does not make this grow.
        if pendingInputs.count > 1024 { pendingInputs.removeFirst(pendingInputs.count - 1024) }
    }

    /// The snapshot says the server applied inputs up to `sequence`: each newly covered
    /// input's latency is recorded (the newest one only, so one sample per acknowledgement).
    public mutating func acknowledged(upTo sequence: UInt32, at now: UInt64) {
        guard sequence > lastAcked else { return }
        lastAcked = sequence
        var newest: UInt64?
        var drop = 0
        for entry in pendingInputs {
            guard entry.sequence <= sequence else { break }
            if entry.sequence == sequence { newest = entry.sentAt }
            drop += 1
        }
        pendingInputs.removeFirst(drop)
        if let newest { inputAckMillis.add(Double(now &- newest) / 1e6) }
    }
}
