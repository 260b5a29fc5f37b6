/// The game loop's timing, with no clock inside it: given the time it woke, it says how many
/// ticks to run and how many to skip, and the next absolute deadline. Deadlines are
/// `start + n·period`, so no drift accumulates; after an overrun at most `maxCatchUp` ticks
/// run back to back and the rest are skipped (counted), so an overload never spirals.
public struct TickSchedule: Sendable {
    public let period: UInt64
    public let maxCatchUp: Int
    /// The absolute time the next tick is due.
    public private(set) var nextDeadline: UInt64
    public private(set) var ticksRun: UInt64 = 0
    public private(set) var ticksSkipped: UInt64 = 0

    public init(period: UInt64, start: UInt64, maxCatchUp: Int = 3) {
        precondition(period > 0 && maxCatchUp >= 1)
        self.period = period
        self.maxCatchUp = maxCatchUp
        self.nextDeadline = start + period
    }

    /// Called after waking at `now`: the ticks to run now (0 if woken early) and the ticks
    /// skipped because the loop fell more than `maxCatchUp` periods behind.
    public mutating func due(at now: UInt64) -> (run: Int, skipped: Int) {
        guard now >= nextDeadline else { return (0, 0) }
        let late = (now - nextDeadline) / period + 1
        let run = Int(min(late, UInt64(maxCatchUp)))
        let skipped = Int(late) - run
        nextDeadline += late * period
        ticksRun += UInt64(run)
        ticksSkipped += UInt64(skipped)
        return (run, skipped)
    }
}
