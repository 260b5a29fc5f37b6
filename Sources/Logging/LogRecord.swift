/// One log line before it is formatted: what a ``LogSink`` receives.
public struct LogRecord: Sendable {
    /// When the line was logged, in nanoseconds since 1970-01-01T00:00:00Z.
    public var wallClockNanoseconds: Int64
    public var level: LogLevel
    /// The logger's label, such as `ws.server`.
    public var label: String
    public var message: String
    /// The logger's own metadata followed by the call's, a call's key replacing the
    /// logger's key of the same name.
    public var metadata: [(key: String, value: String)]
    /// How many lines with the same label and level the rate limiter dropped since the
    /// previous one that was written.
    public var suppressedCount: Int

    public init(
        wallClockNanoseconds: Int64, level: LogLevel, label: String, message: String,
        metadata: [(key: String, value: String)] = [], suppressedCount: Int = 0
    ) {
        self.wallClockNanoseconds = wallClockNanoseconds
        self.level = level
        self.label = label
        self.message = message
        self.metadata = metadata
        self.suppressedCount = suppressedCount
    }

    /// Lines are cut to this many bytes including the newline: `PIPE_BUF`, the most that
    /// one `write(2)` to a pipe is guaranteed to deliver without interleaving.
    public static let maxLineBytes = 4096
}
