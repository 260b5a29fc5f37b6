@testable import Logging
import Testing

@Suite struct RateLimiterTests {
    private static let second: UInt64 = 1_000_000_000

    /// Decides `count` lines at `now` and returns how many were let through.
    private func admitted(_ limiter: inout RateLimiter, _ count: Int, label: String = "ws", level: LogLevel = .warning,
                          at now: UInt64) -> Int {
        (0..<count).filter { _ in limiter.decide(label: label, level: level, now: now) != .drop }.count
    }

    @Test func aBurstPassesThenLinesAreDropped() {
        var limiter = RateLimiter(limit: .default)
        #expect(admitted(&limiter, 50, at: Self.second) == 50)
        #expect(limiter.decide(label: "ws", level: .warning, now: Self.second) == .drop)
        #expect(admitted(&limiter, 1000, at: Self.second) == 0)
    }

    @Test func theBucketRefillsAtTheRateAndReportsWhatItDropped() {
        var limiter = RateLimiter(limit: .default)
        _ = admitted(&limiter, 60, at: Self.second)  // 50 through, 10 dropped
        // 20 lines a second: one every 50 ms.
        #expect(limiter.decide(label: "ws", level: .warning, now: Self.second + 49_999_999) == .drop)
        #expect(limiter.decide(label: "ws", level: .warning, now: Self.second + 50_000_000) == .emit(suppressed: 11))
        #expect(limiter.decide(label: "ws", level: .warning, now: Self.second + 50_000_000) == .drop)
        #expect(admitted(&limiter, 100, at: 2 * Self.second + 50_000_000) == 20)
        // A long quiet spell refills to the burst, not beyond.
        #expect(admitted(&limiter, 100, at: 3600 * Self.second) == 50)
    }

    @Test func sustainedFloodPassesAtTheRate() {
        var limiter = RateLimiter(limit: LogRateLimit(linesPerSecond: 20, burst: 50))
        var passed = 0
        for millisecond in 0..<10_000 {  // 10 s, 10 lines every millisecond
            passed += admitted(&limiter, 10, at: Self.second + UInt64(millisecond) * 1_000_000)
        }
        #expect(passed == 50 + 20 * 10 - 1)  // the 10 s mark itself is not reached
    }

    @Test func eachLabelAndLevelHasItsOwnBucket() {
        var limiter = RateLimiter(limit: .default)
        #expect(admitted(&limiter, 60, label: "a", at: Self.second) == 50)
        #expect(admitted(&limiter, 60, label: "b", at: Self.second) == 50)
        #expect(admitted(&limiter, 60, label: "a", level: .error, at: Self.second) == 50)
    }

    @Test func levelsBelowTheLimitAreNeverDropped() {
        var limiter = RateLimiter(limit: .default)
        #expect(admitted(&limiter, 10_000, level: .info, at: Self.second) == 10_000)
        #expect(limiter.buckets.isEmpty)
    }

    @Test func aClockThatStepsBackAddsNothing() {
        var limiter = RateLimiter(limit: .default)
        _ = admitted(&limiter, 50, at: 10 * Self.second)
        #expect(admitted(&limiter, 10, at: Self.second) == 0)
        #expect(admitted(&limiter, 10, at: 10 * Self.second + 50_000_000) == 1)
    }

    @Test func zeroRateMeansTheBurstOnly() {
        var limiter = RateLimiter(limit: LogRateLimit(linesPerSecond: 0, burst: 3))
        #expect(admitted(&limiter, 10, at: 0) == 3)
        #expect(admitted(&limiter, 10, at: UInt64.max) == 0)
    }

    @Test(arguments: [(Int.max, Int.max), (1, Int.max), (Int.max, 1), (1, 1)] as [(Int, Int)])
    func extremeRatesBurstsAndTimesDoNotOverflow(rate: Int, burst: Int) {
        var limiter = RateLimiter(limit: LogRateLimit(linesPerSecond: rate, burst: burst))
        #expect(admitted(&limiter, 1000, at: 0) == min(1000, burst))
        #expect(admitted(&limiter, 1000, at: UInt64.max / 2) == min(1000, burst))
        #expect(admitted(&limiter, 1000, at: UInt64.max) == min(1000, burst))
    }

    @Test func manyLabelsShareAnOverflowBucketInsteadOfGrowingMemory() {
        var limiter = RateLimiter(limit: .default)
        for client in 0..<5000 {
            _ = admitted(&limiter, 60, label: "client.\(client)", at: Self.second)
        }
        #expect(limiter.buckets.count <= RateLimiter.maxBuckets + 1)
        // Once the old buckets have refilled they are forgotten, making room for new labels.
        #expect(admitted(&limiter, 60, label: "late", at: 100 * Self.second) == 50)
        #expect(limiter.buckets.count < 10)
    }

    @Test func systemDropsLinesOverBudgetAndReportsThemOnTheNextOne() {
        let harness = Harness(level: .info)
        let log = harness.logger("ws.server")
        let counter = Counter()
        for index in 0..<200 {
            log.warning(counter.string("unmasked client frame"), ["n": "\(index)"])
        }
        #expect(harness.sink.captured.count == 50)
        #expect(counter.count == 50)  // dropped lines are never built
        #expect(harness.system.suppressedLineCount == 150)
        for _ in 0..<1000 { log.info("info is not limited") }
        #expect(harness.sink.captured.count == 1050)

        harness.sink.removeAll()
        harness.clock.advance(milliseconds: 1000)
        log.warning("unmasked client frame", ["n": "200"])
        #expect(harness.lines.first == "warning ws.server: unmasked client frame n=200 (150 similar lines suppressed)")
        log.warning("unmasked client frame", ["n": "201"])
        #expect(harness.lines.last == "warning ws.server: unmasked client frame n=201")
    }

    @Test func rateLimitCanBeTurnedOffAndChanged() {
        let harness = Harness(level: .info, rateLimit: nil)
        let log = harness.logger()
        for _ in 0..<500 { log.error("e") }
        #expect(harness.sink.captured.count == 500)
        harness.system.set(rateLimit: LogRateLimit(linesPerSecond: 1, burst: 2, minimumLevel: .info))
        for _ in 0..<500 { log.info("i") }
        #expect(harness.sink.captured.count == 502)
    }
}
