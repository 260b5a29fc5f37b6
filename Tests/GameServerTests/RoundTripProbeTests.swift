import Testing
@testable import GameServer

/// The server's own measurement of a player's round trip, and the oldest view an input may
/// claim from it: RFC 6298's arithmetic, one probe at a time, answers that do not count,
/// silence, and a link that just got slower.
struct RoundTripProbeTests {
    static let ms: UInt64 = 1_000_000

    @Test func theEstimateIsTCPsSmoothedMeanAndDeviation() {
        var probe = RoundTripProbe(firstToken: 7)
        probe.add(sample: 100 * Self.ms)
        #expect(probe.smoothed == 100 * Self.ms && probe.deviation == 50 * Self.ms)
        #expect(probe.roundTripBound(now: 0, grace: Self.ms) == 300 * Self.ms, "mean + 4 × deviation")
        probe.add(sample: 100 * Self.ms)
        #expect(probe.smoothed == 100 * Self.ms && probe.deviation == 37_500_000)
        probe.add(sample: 180 * Self.ms)
        #expect(probe.smoothed == 110 * Self.ms)
        #expect(probe.deviation == 37_500_000 - 9_375_000 + 20 * Self.ms)
        for _ in 0..<60 { probe.add(sample: 150 * Self.ms) }
        #expect(probe.smoothed > 149 * Self.ms && probe.smoothed <= 151 * Self.ms)
        #expect(probe.deviation < 2 * Self.ms, "a steady link's bound comes down to its round trip")
    }

    @Test func oneProbeAtATimeAndOnlyItsAnswerCounts() throws {
        var probe = RoundTripProbe(firstToken: UInt32.max)
        let sent = probe.tokenToSend(now: 1_000 * Self.ms, interval: 1_000 * Self.ms)
        let first = try #require(sent)
        #expect(first == UInt32.max)
        let second = probe.tokenToSend(now: 3_000 * Self.ms, interval: 1_000 * Self.ms)
        #expect(second == nil, "one outstanding")
        let madeUp = probe.answered(token: first &+ 1, now: 1_010 * Self.ms)
        #expect(!madeUp, "a made-up token")
        let real = probe.answered(token: first, now: 1_040 * Self.ms)
        #expect(real)
        #expect(probe.samples == 1 && probe.smoothed == 40 * Self.ms)
        let twice = probe.answered(token: first, now: 1_050 * Self.ms)
        #expect(!twice, "answered twice")
        let tooSoon = probe.tokenToSend(now: 1_500 * Self.ms, interval: 1_000 * Self.ms)
        #expect(tooSoon == nil, "an interval apart")
        let next = probe.tokenToSend(now: 2_000 * Self.ms, interval: 1_000 * Self.ms)
        #expect(next == 0, "tokens wrap")
        #expect(probe.samples == 1)
    }

    @Test func aClientThatNeverAnswersGetsNoCreditAfterTheGrace() throws {
        var probe = RoundTripProbe(firstToken: 1)
        #expect(probe.roundTripBound(now: 0, grace: 2_000 * Self.ms) == nil, "nothing sent yet")
        let sent = probe.tokenToSend(now: 500 * Self.ms, interval: 1_000 * Self.ms)
        #expect(sent != nil)
        #expect(probe.roundTripBound(now: 2_000 * Self.ms, grace: 2_000 * Self.ms) == nil, "not known yet")
        #expect(probe.roundTripBound(now: 2_500 * Self.ms, grace: 2_000 * Self.ms) == 0)
    }

    /// After a freeze the outstanding probe's age is the link's present round trip at least:
    /// the bound follows it, up to twice the estimate's.
    @Test func aProbeWaitingLongerThanTheBoundRaisesIt() throws {
        var probe = RoundTripProbe(firstToken: 1)
        for _ in 0..<40 { probe.add(sample: 100 * Self.ms) }
        let steady = try #require(probe.roundTripBound(now: 0, grace: Self.ms))
        #expect(steady >= 100 * Self.ms && steady < 110 * Self.ms)
        let sent = probe.tokenToSend(now: 10_000 * Self.ms, interval: 1_000 * Self.ms)
        #expect(sent != nil)
        #expect(probe.roundTripBound(now: 10_050 * Self.ms, grace: Self.ms) == steady)
        #expect(probe.roundTripBound(now: 10_150 * Self.ms, grace: Self.ms) == 150 * Self.ms)
        #expect(probe.roundTripBound(now: 15_000 * Self.ms, grace: Self.ms) == 2 * steady)
    }

    @Test func theOldestViewIsTheTickLessTheBoundTheAllowanceAndTwoTicks() throws {
        var probe = RoundTripProbe(firstToken: 1)
        let tick: UInt64 = 16_666_667
        #expect(probe.oldestViewTick(currentTick: 1_000, now: 0, tickNanos: tick, allowance: 0, grace: Self.ms) == nil)
        for _ in 0..<80 { probe.add(sample: 100 * Self.ms) }
        // ≈ 100 ms + 150 ms = 15 ticks, rounded up (the integer deviation never quite reaches
        // zero, so 250 ms and a few nanoseconds is 16), plus 2.
        let bound = try #require(probe.roundTripBound(now: 0, grace: Self.ms))
        #expect(bound >= 100 * Self.ms && bound < 101 * Self.ms)
        let ticksBack = UInt32((bound + 150 * Self.ms + tick - 1) / tick) + 2
        #expect(ticksBack == 17 || ticksBack == 18)
        #expect(probe.oldestViewTick(currentTick: 1_000, now: 0, tickNanos: tick, allowance: 150 * Self.ms, grace: Self.ms) == 1_000 - ticksBack)
        #expect(probe.oldestViewTick(currentTick: 3, now: 0, tickNanos: tick, allowance: 150 * Self.ms, grace: Self.ms) == 3 &- ticksBack, "wraps")
    }
}
