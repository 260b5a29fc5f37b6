/// How many lines a (label, level) pair may write: a token bucket that holds `burst` lines
/// and refills at `linesPerSecond`. It applies to levels from `minimumLevel` up (by default
/// warnings and worse, which are what bad input from the network produces); lower levels
/// are opt-in and never limited.
public struct LogRateLimit: Sendable, Hashable {
    public var linesPerSecond: Int
    public var burst: Int
    public var minimumLevel: LogLevel

    public init(linesPerSecond: Int, burst: Int, minimumLevel: LogLevel = .warning) {
        precondition(linesPerSecond >= 0 && burst >= 1, "LogRateLimit needs linesPerSecond >= 0 and burst >= 1")
        self.linesPerSecond = linesPerSecond
        self.burst = burst
        self.minimumLevel = minimumLevel
    }

    /// 20 lines a second with bursts of 50, per label and level, from warnings up.
    public static let `default` = LogRateLimit(linesPerSecond: 20, burst: 50)
}

/// The token buckets of a ``LogRateLimit``, one per (label, level). Pure: time is passed in.
///
/// Tokens are counted in billionths of a line so that refilling is exact integer arithmetic
/// on nanoseconds. The number of buckets is bounded: when ``maxBuckets`` is reached, buckets
/// that have refilled are forgotten (with the count of lines they dropped, which only
/// ``LogSystem/suppressedLineCount`` then remembers), and while none have, every further
/// (label, level) shares one overflow bucket (whose note on suppressed lines then counts
/// them all, on whichever line gets through).
struct RateLimiter {
    struct Key: Hashable {
        var label: String
        var level: LogLevel
    }

    struct Bucket {
        var tokens: Int64
        var refilledAt: UInt64
        var suppressed: Int
    }

    /// What to do with one line.
    enum Decision: Equatable {
        /// Write it, noting how many lines of its kind were dropped since the last one written.
        case emit(suppressed: Int)
        case drop
    }

    static let maxBuckets = 1024
    /// Pruning walks every bucket, so a flood of new labels does it at most once a second.
    static let pruneInterval: UInt64 = 1_000_000_000
    static let overflowKey = Key(label: "", level: .critical)
    private static let tokenScale: Int64 = 1_000_000_000

    let limit: LogRateLimit
    private(set) var buckets: [Key: Bucket] = [:]
    private var prunedAt: UInt64 = 0

    init(limit: LogRateLimit) {
        self.limit = limit
    }

    private var capacity: Int64 {
        let (scaled, overflow) = Int64(limit.burst).multipliedReportingOverflow(by: Self.tokenScale)
        return overflow ? .max : scaled
    }

    mutating func decide(label: String, level: LogLevel, now: UInt64) -> Decision {
        guard level >= limit.minimumLevel else { return .emit(suppressed: 0) }
        let key = bucketKey(Key(label: label, level: level), now: now)
        var bucket = buckets[key] ?? Bucket(tokens: capacity, refilledAt: now, suppressed: 0)
        refill(&bucket, now: now)
        let decision: Decision
        if bucket.tokens >= Self.tokenScale {
            bucket.tokens -= Self.tokenScale
            decision = .emit(suppressed: bucket.suppressed)
            bucket.suppressed = 0
        } else {
            bucket.suppressed += 1
            decision = .drop
        }
        buckets[key] = bucket
        return decision
    }

    private func refill(_ bucket: inout Bucket, now: UInt64) {
        guard now > bucket.refilledAt else { return }  // a clock that stands still or steps back adds nothing
        let elapsed = now - bucket.refilledAt
        bucket.refilledAt = now
        guard limit.linesPerSecond > 0 else { return }
        // Past the time to fill an empty bucket, more time changes nothing; clamping first
        // keeps the multiplication below from overflowing.
        let rate = Int64(limit.linesPerSecond)
        let fillTime = UInt64(capacity / rate) + 1
        let gained = Int64(clamping: min(elapsed, fillTime)).multipliedReportingOverflow(by: rate)
        let room = capacity - bucket.tokens
        bucket.tokens += gained.overflow ? room : min(gained.partialValue, room)
    }

    /// `key`, or the shared overflow key when there is no room for another bucket.
    private mutating func bucketKey(_ key: Key, now: UInt64) -> Key {
        guard buckets[key] == nil, buckets.count >= Self.maxBuckets else { return key }
        if now >= prunedAt &+ Self.pruneInterval || now < prunedAt {
            prunedAt = now
            let full = capacity
            buckets = buckets.filter { _, bucket in
                var bucket = bucket
                refill(&bucket, now: now)
                return bucket.tokens < full
            }
        }
        return buckets.count < Self.maxBuckets ? key : Self.overflowKey
    }
}
