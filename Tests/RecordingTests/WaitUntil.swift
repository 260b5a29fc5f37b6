import Glibc
import Platform

/// Polls `condition` for up to `seconds`: tests wait for an outcome, never for a fixed time.
func waitUntil(seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Monotonic.now() + UInt64(seconds * 1e9)
    while Monotonic.now() < deadline {
        if try condition() { return true }
        usleep(2_000)
    }
    return try condition()
}
