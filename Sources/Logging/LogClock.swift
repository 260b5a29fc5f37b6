#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a ``LogSystem`` gets the time: wall-clock time for each line's timestamp and
/// monotonic time for rate limiting (so that a clock step never floods or silences the log).
/// Tests pass a fake one.
public protocol LogClock: Sendable {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    func wallClockNanoseconds() -> Int64
    /// Nanoseconds since an arbitrary fixed point; never decreases.
    func monotonicNanoseconds() -> UInt64
}

/// `CLOCK_REALTIME` and `CLOCK_MONOTONIC`.
public struct SystemLogClock: LogClock {
    public init() {}

    public func wallClockNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    public func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
