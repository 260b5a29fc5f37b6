#if canImport(Glibc)
import Glibc
#endif
import CSystem

/// CLOCK_MONOTONIC in nanoseconds: the one clock every deadline in the package is measured on.
/// Protocol and simulation code never read it themselves; they are handed times by their loop.
public enum Monotonic {
    @inline(__always)
    public static func now() -> UInt64 { csys_monotonic_ns() }

    /// Sleeps until the absolute time `deadline`, so repeated sleeps never accumulate drift.
    public static func sleep(until deadline: UInt64) {
        while csys_sleep_until(deadline) == EINTR {}
    }
}
