import Logging
import Synchronization

/// A clock that moves only when told to.
final class ManualClock: LogClock {
    private let now: Mutex<(wall: Int64, monotonic: UInt64)>  // guarded by itself

    /// 2026-11-22T11:43:42.123Z, monotonic time 1 s.
    init(wall: Int64 = 1_795_347_822_123_000_000, monotonic: UInt64 = 1_000_000_000) {
        now = Mutex((wall, monotonic))
    }

    func advance(milliseconds: Int) {
        now.withLock {
            $0.wall += Int64(milliseconds) * 1_000_000
            $0.monotonic += UInt64(milliseconds) * 1_000_000
        }
    }

    func wallClockNanoseconds() -> Int64 { now.withLock { $0.wall } }
    func monotonicNanoseconds() -> UInt64 { now.withLock { $0.monotonic } }
}

/// A private logging system for one test: its own level, capturing sink and fake clock.
struct Harness {
    let sink = CapturingLogSink()
    let clock = ManualClock()
    let system: LogSystem

    init(level: LogLevel = .trace, rateLimit: LogRateLimit? = .default) {
        system = LogSystem(level: level, sink: sink, clock: clock, rateLimit: rateLimit)
    }

    func logger(_ label: String = "ws.server") -> Logger {
        Logger(label: label, system: system)
    }

    /// The captured lines without their timestamps.
    var lines: [String] {
        sink.lines.map { String($0.drop { $0 != " " }.dropFirst()) }
    }
}

/// Counts how often an autoclosure was evaluated.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)

    var count: Int { value.load(ordering: .relaxed) }

    func string(_ text: String) -> String {
        value.add(1, ordering: .relaxed)
        return text
    }
}
