import Synchronization

/// A fixed-rate loop on absolute deadlines, on a thread of its own: the one thread-and-
/// schedule type behind every room, the replay thread and the recording writer. It sleeps to
/// `start + n·period` on its clock, asks its `TickSchedule` what is due (bounded catch-up,
/// the rest skipped) and hands that to the owner's body, until `stop()` or the body says it is
/// done; then the owner's `finish` runs on the same thread.
///
/// A test does not start the thread: it drives the same schedule by hand with `advance(to:)`
/// on a `ManualClock`, on its own thread, so every tick is run and checked deterministically.
public final class TickDriver: @unchecked Sendable {
    // Sendable: `stopRequested` and `thread` are thread-safe; `schedule` is touched only by
    // whoever drives (the driver's thread once started, else the test's thread).

    /// One wake-up: the deadline slept to, the time woken, and what to do about it.
    public struct Wake: Sendable {
        public var deadline: UInt64
        public var now: UInt64
        /// Periods to run back to back now (0 if woken early).
        public var run: Int
        /// Periods given up because the loop fell more than the catch-up behind.
        public var skipped: Int
        /// How late the wake-up was against the absolute deadline, in nanoseconds.
        public var lateness: UInt64 { now >= deadline ? now - deadline : 0 }
    }

    public let period: UInt64
    public let clock: any TickClock
    private var schedule: TickSchedule
    private let stopRequested = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)
    private let thread = Mutex<PThread?>(nil)

    /// The first deadline is `start + period` (`start` defaults to the clock's now).
    public init(period: UInt64, maxCatchUp: Int = 3, clock: any TickClock = MonotonicClock(), start: UInt64? = nil) {
        self.period = period
        self.clock = clock
        schedule = TickSchedule(period: period, start: start ?? clock.now(), maxCatchUp: maxCatchUp)
    }

    /// The absolute time the next period is due.
    public var nextDeadline: UInt64 { schedule.nextDeadline }
    public var ticksRun: UInt64 { schedule.ticksRun }
    public var ticksSkipped: UInt64 { schedule.ticksSkipped }
    public var isStopRequested: Bool { stopRequested.load(ordering: .acquiring) }
    /// The thread has run `finish` and is about to exit: `join` no longer waits for work.
    /// An event loop polls this instead of blocking every connection in a join.
    public var isFinished: Bool { finished.load(ordering: .acquiring) }

    /// Starts the thread. `body` runs on it for every wake-up that has periods due and returns
    /// false to end the loop; `finish` runs on it once at the end, whatever ended it.
    public func start(name: String, _ body: @escaping @Sendable (Wake) -> Bool, finish: @escaping @Sendable () -> Void = {}) {
        let started = PThread.start(name: name) { [self] in
            while !isStopRequested {
                clock.sleep(until: schedule.nextDeadline)
                if isStopRequested { break }
                let wake = self.wake(at: clock.now())
                if wake.run > 0 || wake.skipped > 0, !body(wake) { break }
            }
            finish()
            finished.store(true, ordering: .releasing)
        }
        thread.withLock { $0 = started }
    }

    /// Asks the thread to end after its current wake-up. Any thread.
    public func stop() { stopRequested.store(true, ordering: .releasing) }

    /// Waits for the thread to end (after `stop`, or after the body ended it). Any thread but
    /// the driver's own; returns at once if it was never started.
    public func join() { thread.withLock { list in defer { list = nil }; return list }?.join() }

    /// Lets the thread's resources go when it exits, without waiting for it: for owners on an
    /// event loop, which must never block in a join.
    public func detach() { thread.withLock { list in defer { list = nil }; return list }?.detach() }

    /// One wake-up at `now`, without sleeping: what the thread does after each sleep. Tests
    /// use it to wake late on purpose (catch-up and skipping).
    public func wake(at now: UInt64) -> Wake {
        let deadline = schedule.nextDeadline
        let due = schedule.due(at: now)
        return Wake(deadline: deadline, now: now, run: due.run, skipped: due.skipped)
    }

    /// Tests: wakes punctually at every deadline up to `time` (advancing a manual clock to each
    /// first), calling `body` for each as the thread would. Returns false once `body` did.
    @discardableResult
    public func advance(to time: UInt64, _ body: (Wake) -> Bool) -> Bool {
        while schedule.nextDeadline <= time {
            let deadline = schedule.nextDeadline
            (clock as? ManualClock)?.advance(to: deadline)
            if !body(wake(at: deadline)) { return false }
        }
        (clock as? ManualClock)?.advance(to: time)
        return true
    }
}
