import Testing
import Platform

/// The game loop's timing on a fake clock: no drift, bounded catch-up, skipped ticks counted.
struct TickScheduleTests {
    @Test func onTimeWakeupsRunOneTickEach() {
        var schedule = TickSchedule(period: 1_000, start: 0)
        for tick in 1...100 {
            let due = schedule.due(at: UInt64(tick) * 1_000 + 37)
            #expect(due.run == 1 && due.skipped == 0)
        }
        #expect(schedule.ticksRun == 100)
        #expect(schedule.nextDeadline == 101_000)
    }

    @Test func earlyWakeupsRunNothing() {
        var schedule = TickSchedule(period: 1_000, start: 0)
        #expect(schedule.due(at: 999) == (0, 0))
        #expect(schedule.nextDeadline == 1_000)
    }

    @Test func anOverrunCatchesUpABoundedNumberAndSkipsTheRest() {
        var schedule = TickSchedule(period: 1_000, start: 0, maxCatchUp: 3)
        // Woke 10 periods late: 3 ticks run back to back, 7 skipped, next deadline in the future.
        let due = schedule.due(at: 10_500)
        #expect(due.run == 3 && due.skipped == 7)
        #expect(schedule.nextDeadline == 11_000)
        #expect(schedule.due(at: 11_000) == (1, 0))
    }

    @Test(arguments: [(UInt64(16_666_667), 60), (UInt64(33_333_333), 30), (UInt64(4_166_667), 240)])
    func ticksMatchElapsedTimeWithoutDrift(period: UInt64, rate: Int) {
        // Random wake-up delays, never more than a period late: after T seconds the count is T·rate ± 1.
        var schedule = TickSchedule(period: period, start: 0)
        var now: UInt64 = 0
        var random = SystemRandomNumberGenerator()
        var ran = 0
        while now < 10_000_000_000 {
            now = schedule.nextDeadline + UInt64.random(in: 0..<(period / 2), using: &random)
            ran += schedule.due(at: now).run
        }
        let expected = Double(now) / 1e9 * Double(rate)
        #expect(abs(Double(ran) - expected) <= 1.0)
        #expect(schedule.ticksSkipped == 0)
    }
}
