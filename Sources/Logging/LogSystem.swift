#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The level, sink, clock and rate limiter that ``Logger``s write through.
///
/// Every logger uses ``shared`` unless given another; ``LogConfiguration`` sets up the
/// shared one. A test that checks what was logged makes its own system with a
/// ``CapturingLogSink`` (and a fake clock), so tests running in parallel never see each
/// other's lines or settings.
///
/// A disabled line costs one relaxed atomic load: the message and metadata are not
/// evaluated. An enabled line at a rate-limited level takes a mutex for its bucket; its
/// message is evaluated only if the bucket lets it through, outside the lock, and the sink
/// is called outside the lock too.
public final class LogSystem: Sendable {
    /// The system every ``Logger`` uses by default: level from the environment variable
    /// ``levelEnvironmentVariable`` (read once, at first use) or `info`; standard error;
    /// the system clock; ``LogRateLimit/default``.
    public static let shared: LogSystem = {
        let variable = getenv(levelEnvironmentVariable).map { String(cString: $0) }
        let (initialLevel, problem) = LogSystem.level(fromEnvironment: variable)
        let system = LogSystem(level: initialLevel)
        if let problem {
            Logger(label: "logging", system: system).warning(problem)
        }
        return system
    }()

    public static let levelEnvironmentVariable = "SWIFT_GAME_LOG_LEVEL"

    private struct State: Sendable {
        var sink: any LogSink
        var clock: any LogClock
        var limiter: RateLimiter?
    }

    private let minimumLevel: Atomic<Int>  // a LogLevel's raw value; read on every log call
    private let state: Mutex<State>  // guarded by itself
    private let suppressed = Atomic<Int>(0)

    public init(
        level: LogLevel = .info, sink: any LogSink = FileDescriptorLogSink.standardError,
        clock: any LogClock = SystemLogClock(), rateLimit: LogRateLimit? = .default
    ) {
        minimumLevel = Atomic(level.rawValue)
        state = Mutex(State(sink: sink, clock: clock, limiter: rateLimit.map(RateLimiter.init)))
    }

    /// The least severe level written; lines below it are skipped before their message is built.
    public var level: LogLevel {
        LogLevel(rawValue: minimumLevel.load(ordering: .relaxed))!
    }

    public func set(level: LogLevel) {
        minimumLevel.store(level.rawValue, ordering: .relaxed)
    }

    public func set(sink: any LogSink) {
        state.withLock { $0.sink = sink }
    }

    public func set(clock: any LogClock) {
        state.withLock { $0.clock = clock }
    }

    /// Replaces the rate limit and forgets every bucket; nil writes every line.
    public func set(rateLimit: LogRateLimit?) {
        state.withLock { $0.limiter = rateLimit.map(RateLimiter.init) }
    }

    /// Lines dropped by the rate limiter since the system was made, for metrics.
    public var suppressedLineCount: Int {
        suppressed.load(ordering: .relaxed)
    }

    public func isEnabled(_ level: LogLevel) -> Bool {
        level.rawValue >= minimumLevel.load(ordering: .relaxed)
    }

    /// Writes one line if `level` is enabled and the rate limiter allows it; `message` and
    /// `metadata` are evaluated only then.
    func log(
        _ level: LogLevel, label: String, loggerMetadata: [(key: String, value: String)],
        message: () -> String, metadata: () -> KeyValuePairs<String, String>
    ) {
        guard isEnabled(level) else { return }
        let admitted: (sink: any LogSink, time: Int64, suppressed: Int)? = state.withLock { state in
            var suppressed = 0
            if let limitedFrom = state.limiter?.limit.minimumLevel, level >= limitedFrom {
                let now = state.clock.monotonicNanoseconds()
                switch state.limiter!.decide(label: label, level: level, now: now) {
                case .drop: return nil
                case .emit(let count): suppressed = count
                }
            }
            return (state.sink, state.clock.wallClockNanoseconds(), suppressed)
        }
        guard let admitted else {
            suppressed.add(1, ordering: .relaxed)
            return
        }
        let callMetadata = metadata()
        var fields: [(key: String, value: String)] = []
        fields.reserveCapacity(loggerMetadata.count + callMetadata.count)
        for field in loggerMetadata where !callMetadata.contains(where: { $0.key == field.key }) {
            fields.append(field)
        }
        for (key, value) in callMetadata {
            fields.append((key, value))
        }
        admitted.sink.emit(LogRecord(
            wallClockNanoseconds: admitted.time, level: level, label: label, message: message(),
            metadata: fields, suppressedCount: admitted.suppressed))
    }

    /// The level named by the environment variable's value, and a complaint when the value
    /// is set but names no level.
    static func level(fromEnvironment value: String?) -> (level: LogLevel, problem: String?) {
        guard let value else { return (.info, nil) }
        if let level = LogLevel(string: value) { return (level, nil) }
        let names = LogLevel.allCases.map(\.name).joined(separator: ", ")
        return (.info, "ignoring \(levelEnvironmentVariable)='\(value)': expected one of \(names); using info")
    }
}
