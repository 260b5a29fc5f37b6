import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The clock a `TickDriver` reads and sleeps on. The real one is CLOCK_MONOTONIC; a test
/// hands in a `ManualClock` and moves time itself, so stall drops, resume graces and
/// "ticks = elapsed × rate" are checked exactly instead of by sleeping and counting.
public protocol TickClock: Sendable {
    func now() -> UInt64
    /// Returns once `now()` has reached `deadline`.
    func sleep(until deadline: UInt64)
}

public struct MonotonicClock: TickClock {
    public init() {}
    @inline(__always) public func now() -> UInt64 { Monotonic.now() }
    public func sleep(until deadline: UInt64) { Monotonic.sleep(until: deadline) }
}

/// Time that moves only when told to. Any thread may read or advance it; a thread sleeping on
/// it wakes (within a millisecond) once another has advanced it past the deadline.
public final class ManualClock: TickClock {
    private let current: Atomic<UInt64>

    public init(start: UInt64 = 1_000_000_000) { current = Atomic(start) }

    public func now() -> UInt64 { current.load(ordering: .acquiring) }

    /// Moves time forward to `time` (never backward).
    public func advance(to time: UInt64) {
        var seen = current.load(ordering: .relaxed)
        while seen < time {
            let (done, original) = current.compareExchange(expected: seen, desired: time, ordering: .acquiringAndReleasing)
            if done { return }
            seen = original
        }
    }

    public func advance(by nanoseconds: UInt64) { advance(to: now() + nanoseconds) }

    public func sleep(until deadline: UInt64) {
        while now() < deadline { usleep(1000) }
    }
}
