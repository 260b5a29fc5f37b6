/// Where log records go. Called from any thread, possibly from several at once, after the
/// level check and the rate limiter, outside every lock of the logging system.
public protocol LogSink: Sendable {
    func emit(_ record: LogRecord)
}
