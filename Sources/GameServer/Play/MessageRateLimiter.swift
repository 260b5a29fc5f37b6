/// A client's message budget: a token bucket that refills `rate` per second up to `rate`, and
/// the run of consecutive seconds in which messages were dropped, which decides the flood
/// kick. Integer nanoseconds throughout: one message costs `1e9` units of budget.
struct MessageRateLimiter {
    /// Seconds in a row with drops after which a flooding client is closed.
    static let floodKickSeconds = 3
    static let second: UInt64 = 1_000_000_000

    let rate: UInt64
    /// Budget in message-nanoseconds: `rate` messages are `rate × 1e9`.
    private var budget: UInt64
    private var lastRefill: UInt64
    private var windowStart: UInt64
    private var droppedInWindow = 0
    private(set) var floodSeconds = 0

    init(rate: Int, now: UInt64) {
        precondition(rate > 0, "MessageRateLimiter: rate must be positive")
        self.rate = UInt64(rate)
        budget = UInt64(rate) * Self.second
        lastRefill = now
        windowStart = now
    }

    /// Spends one message; false (and counted towards the flood kick) if none is left.
    mutating func admit(now: UInt64) -> Bool {
        let elapsed = now &- lastRefill
        lastRefill = now
        let cap = rate * Self.second
        // elapsed × rate can overflow only after years of silence; then the bucket is full anyway.
        let (refill, overflow) = elapsed.multipliedReportingOverflow(by: rate)
        budget = overflow ? cap : min(cap, budget + min(refill, cap))
        if now &- windowStart >= Self.second {
            floodSeconds = droppedInWindow > 0 ? floodSeconds + 1 : 0
            droppedInWindow = 0
            windowStart = now
        }
        if budget >= Self.second {
            budget -= Self.second
            return true
        }
        droppedInWindow += 1
        return false
    }
}
