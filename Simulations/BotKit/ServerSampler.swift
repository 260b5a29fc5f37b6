/// Asks a game server's `/metrics` once per sample and turns its cumulative counters into
/// per-interval figures: tick-duration percentiles from the change of the
/// `game_tick_duration_seconds` histogram since the last call (interpolated within a bucket,
/// as Prometheus' `histogram_quantile` does), and ticks skipped in the interval.
public struct ServerSampler {
    public let host: String
    public let port: Int
    private var lastBuckets: [(bound: Double, count: Double)] = []
    private var lastSkipped: Double?

    public init(host: String = "127.0.0.1", port: Int) { self.host = host; self.port = port }

    public struct Interval: Sendable, Equatable {
        public var tickP50Millis: Double?
        public var tickP99Millis: Double?
        public var skippedTicks: Double
        /// Totals since the server started.
        public var ticksTotal: Double
        public var skippedTotal: Double
    }

    /// nil when the server does not answer.
    public mutating func sample() -> Interval? {
        let metrics = MetricsScrape.fetch(host: host, port: port)
        guard let ticks = metrics["game_ticks_total"] else { return nil }
        return interval(from: metrics, ticksTotal: ticks)
    }

    /// The interval since the previous call, from one scrape of the metrics.
    public mutating func interval(from metrics: [String: Double], ticksTotal: Double) -> Interval {
        let buckets = Self.buckets(metrics, name: "game_tick_duration_seconds")
        var delta = buckets
        if lastBuckets.count == buckets.count {
            for index in buckets.indices { delta[index].count -= lastBuckets[index].count }
        }
        lastBuckets = buckets
        let skipped = metrics["game_ticks_skipped_total"] ?? 0
        defer { lastSkipped = skipped }
        return Interval(tickP50Millis: Self.quantile(0.5, delta).map { $0 * 1000 },
                        tickP99Millis: Self.quantile(0.99, delta).map { $0 * 1000 },
                        skippedTicks: skipped - (lastSkipped ?? skipped), ticksTotal: ticksTotal, skippedTotal: skipped)
    }

    /// The cumulative buckets of histogram `name`, by ascending bound (+Inf last).
    static func buckets(_ metrics: [String: Double], name: String) -> [(bound: Double, count: Double)] {
        let prefix = name + "_bucket{le=\""
        var result: [(bound: Double, count: Double)] = []
        for (key, value) in metrics where key.hasPrefix(prefix) {
            let text = key.dropFirst(prefix.count).prefix { $0 != "\"" }
            let bound = text == "+Inf" ? Double.infinity : Double(text)
            if let bound { result.append((bound, value)) }
        }
        return result.sorted { $0.bound < $1.bound }
    }

    /// The q-quantile of cumulative `buckets`, linear within the bucket; a rank in the +Inf
    /// bucket reports the largest finite bound. nil when the buckets hold nothing.
    static func quantile(_ q: Double, _ buckets: [(bound: Double, count: Double)]) -> Double? {
        guard let total = buckets.last?.count, total > 0 else { return nil }
        let rank = q * total
        var lowerBound = 0.0, lowerCount = 0.0
        for bucket in buckets {
            if bucket.count >= rank {
                guard bucket.bound.isFinite else { return lowerBound }
                let inBucket = bucket.count - lowerCount
                let fraction = inBucket > 0 ? (rank - lowerCount) / inBucket : 1
                return lowerBound + (bucket.bound - lowerBound) * fraction
            }
            lowerBound = bucket.bound.isFinite ? bucket.bound : lowerBound
            lowerCount = bucket.count
        }
        return lowerBound
    }
}
