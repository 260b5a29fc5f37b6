/// A fixed-rate series of loop timer callbacks on absolute deadlines; see
/// `EventLoop.scheduleRepeating`. Owned by the loop thread.
public final class RepeatingTimer {
    private unowned let loop: EventLoop
    private let period: UInt64
    private var nextDeadline: UInt64
    private var tick: UInt64 = 0
    private var handle: TimerHandle?
    private let body: (UInt64, UInt64) -> Void
    /// Periods skipped because the loop was late by more than a whole period.
    public private(set) var missedTotal: UInt64 = 0

    init(loop: EventLoop, period: UInt64, start: UInt64, body: @escaping (UInt64, UInt64) -> Void) {
        precondition(period > 0, "a repeating timer needs a positive period")
        self.loop = loop
        self.period = period
        self.nextDeadline = start
        self.body = body
    }

    func arm() {
        handle = loop.schedule(at: nextDeadline) { [weak self] in self?.fire() }
    }

    private func fire() {
        let now = loop.now
        var missed: UInt64 = 0
        if now >= nextDeadline + period {
            missed = (now - nextDeadline) / period
            nextDeadline += missed * period
            missedTotal += missed
        }
        tick += 1 + missed
        nextDeadline += period
        arm()
        body(tick, missed)
    }

    /// Stops the series; the body is not called again.
    public func cancel() {
        if let handle { loop.cancel(handle) }
        handle = nil
    }
}
