/// Process-wide logging settings, for `main.swift`: they configure ``LogSystem/shared``,
/// which every ``Logger`` uses unless given another system.
///
/// ```swift
/// if let name = flags.string("log-level"), let level = LogLevel(string: name) {
///     LogConfiguration.set(level: level)
/// }
/// ```
public enum LogConfiguration {
    /// The shared level: `info` unless `SWIFT_GAME_LOG_LEVEL` names another at startup.
    public static var level: LogLevel {
        LogSystem.shared.level
    }

    /// Sets the least severe level written; takes effect at once on every thread.
    public static func set(level: LogLevel) {
        LogSystem.shared.set(level: level)
    }

    /// Where lines go; standard error by default.
    public static func set(sink: any LogSink) {
        LogSystem.shared.set(sink: sink)
    }

    /// How many warnings and worse each label may write; nil for no limit.
    public static func set(rateLimit: LogRateLimit?) {
        LogSystem.shared.set(rateLimit: rateLimit)
    }

    public static func set(clock: any LogClock) {
        LogSystem.shared.set(clock: clock)
    }
}
