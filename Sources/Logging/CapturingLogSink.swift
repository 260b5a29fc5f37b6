import Synchronization

/// Keeps the most recent records in memory, for tests that check what was logged.
///
/// ```swift
/// let sink = CapturingLogSink()
/// let system = LogSystem(level: .debug, sink: sink)
/// Logger(label: "ws.server", system: system).warning("closing", ["code": "1002"])
/// #expect(sink.lines.last?.hasSuffix("warning ws.server: closing code=1002") == true)
/// ```
public final class CapturingLogSink: LogSink {
    /// Records beyond this many push out the oldest, so a capturing sink left installed in a
    /// long run stays bounded.
    public let capacity: Int
    private let records: Mutex<[LogRecord]>  // guarded by itself; oldest first

    public init(capacity: Int = 10_000) {
        precondition(capacity > 0, "CapturingLogSink needs room for at least one record")
        self.capacity = capacity
        records = Mutex([])
    }

    public func emit(_ record: LogRecord) {
        records.withLock { records in
            if records.count == capacity { records.removeFirst() }
            records.append(record)
        }
    }

    /// The records kept, oldest first.
    public var captured: [LogRecord] {
        records.withLock { $0 }
    }

    /// The records kept, formatted as they would be written, oldest first.
    public var lines: [String] {
        captured.map { $0.formatted() }
    }

    public func removeAll() {
        records.withLock { $0.removeAll() }
    }
}
