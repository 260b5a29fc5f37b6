import Glibc
import Logging
import Synchronization
import Platform

/// The thread that puts recordings on disk, for every room of a server. Rooms hand it chunks
/// through `RecordingSink`s; a few times a second it takes what each queued, fills in the
/// checksums and appends it to the room's file, and once a second asks the kernel to sync
/// what it wrote. A crash (even `kill -9`) therefore loses at most the last flush interval
/// plus what the kernel had not synced, and the file stays readable up to the last whole
/// chunk. It also keeps the directory under its byte budget by deleting the oldest
/// recordings (never one still being written).
public final class RecordingWriter: @unchecked Sendable {
    // Sendable: `opened` and `driver` are thread-safe; `files`, `spare` and the budget
    // bookkeeping are touched only by the writer thread.

    static var logger: Logger { Logger(label: "game.recording") }

    public struct Options: Sendable {
        public var directory: String
        /// Recordings in `directory` may use this many bytes in all; the oldest go first.
        public var maxBytes: Int64
        public var flushInterval: UInt64 = 200_000_000
        public var syncInterval: UInt64 = 1_000_000_000
        /// How often the directory is checked against `maxBytes` besides when a file opens.
        public var budgetInterval: UInt64 = 5_000_000_000
        /// How far a room may get ahead of the disk before its recording is abandoned.
        public var maxPendingBytes = 64 << 20

        public init(directory: String, maxBytes: Int64) {
            self.directory = directory
            self.maxBytes = maxBytes
        }
    }

    public let options: Options
    private let opened = Mutex<[RecordingSink]>([])
    /// The writer thread: a flush every `flushInterval`; a flush that overran is not repeated
    /// (one catch-up), it simply takes what queued meanwhile.
    private let driver: TickDriver

    /// Writer thread only.
    private struct OpenFile {
        var sink: RecordingSink
        var descriptor: Int32 = -1
        var dirty = false
    }
    private var files: [OpenFile] = []
    private var spare: [UInt8] = []
    private var lastSync: UInt64 = 0
    private var lastBudgetCheck: UInt64 = 0
    private var budgetCheckDue = true
    private var namesUsed: Set<String> = []

    public init(options: Options, clock: any TickClock = MonotonicClock()) {
        self.options = options
        driver = TickDriver(period: options.flushInterval, maxCatchUp: 1, clock: clock)
    }

    public func start() {
        if mkdir(options.directory, 0o755) != 0 && errno != EEXIST {
            Self.logger.error("cannot create the record directory \(options.directory): \(String(cString: strerror(errno)))")
        }
        driver.start(name: "recorder", { [self] _ in
            flushAll(closingAll: false)
            return true
        }, finish: { [self] in flushAll(closingAll: true) })
    }

    /// Asks the thread to write what is queued, close every file and end. Any thread; an
    /// event loop polls `isFinished` afterwards instead of waiting in `stop`.
    public func requestStop() { driver.stop() }

    /// Everything queued before `requestStop` is on disk and the files are closed.
    public var isFinished: Bool { driver.isFinished }

    /// Writes what is queued, closes every file and ends the thread. Any thread.
    public func stop() {
        driver.stop()
        driver.join()
    }

    /// A new recording named after its start time and room; the file is created by the
    /// writer thread with the first flush.
    public func open(roomID: Int, startedAtMillis: UInt64) -> RecordingSink {
        let sink = RecordingSink(path: options.directory + "/" + Self.fileName(roomID: roomID, millis: startedAtMillis),
                                 maxPendingBytes: options.maxPendingBytes)
        opened.withLock { $0.append(sink) }
        return sink
    }

    /// `20261122-134501.123-room3.rec` (UTC): names sort by age.
    static func fileName(roomID: Int, millis: UInt64) -> String {
        let t = UTCTime(millis: millis), p = UTCTime.padded
        return "\(t.year)\(p(t.month, 2))\(p(t.day, 2))-\(p(t.hour, 2))\(p(t.minute, 2))\(p(t.second, 2)).\(p(t.millisecond, 3))-room\(roomID).rec"
    }

    private func flushAll(closingAll: Bool) {
        let fresh = opened.withLock { list in
            let taken = list
            list.removeAll()
            return taken
        }
        for sink in fresh { files.append(OpenFile(sink: sink)) }
        var index = 0
        while index < files.count {
            if flush(&files[index], closing: closingAll) {
                index += 1
            } else {
                if files[index].descriptor >= 0 { close(files[index].descriptor) }
                files.remove(at: index)
                budgetCheckDue = true
            }
        }
        let now = driver.clock.now()
        if now &- lastSync >= options.syncInterval {
            for index in files.indices where files[index].dirty && files[index].descriptor >= 0 {
                fdatasync(files[index].descriptor)
                files[index].dirty = false
            }
            lastSync = now
        }
        if budgetCheckDue || now &- lastBudgetCheck >= options.budgetInterval {
            enforceBudget()
            lastBudgetCheck = now
            budgetCheckDue = false
        }
    }

    /// Writes one sink's queued chunks. Returns false when the file is done with (finished,
    /// abandoned or failed): the caller closes it.
    private func flush(_ file: inout OpenFile, closing: Bool) -> Bool {
        let (finished, abandoned) = file.sink.take(into: &spare)
        if let abandoned {
            Self.logger.error("recording \(file.sink.path) abandoned: \(abandoned); the file keeps what was written")
            return false
        }
        if !spare.isEmpty {
            if file.descriptor < 0 {
                file.descriptor = Glibc.open(file.sink.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
                guard file.descriptor >= 0 else {
                    fail(file, "cannot create the file: \(String(cString: strerror(errno)))")
                    return false
                }
                budgetCheckDue = true
                do { try FileDescriptor.writeAll(file.descriptor, RecordingFormat.magic) } catch {
                    fail(file, "\(error)")
                    return false
                }
            }
            spare.withUnsafeMutableBytes { ChunkFraming.seal($0) }
            do { try FileDescriptor.writeAll(file.descriptor, spare) } catch {
                fail(file, "\(error)")
                return false
            }
            file.dirty = true
        }
        if finished || closing {
            if file.descriptor >= 0 { fdatasync(file.descriptor) }
            return false
        }
        return true
    }

    private func fail(_ file: OpenFile, _ reason: String) {
        Self.logger.error("recording \(file.sink.path) stopped: \(reason)")
        file.sink.abandon(reason)
    }

    /// Deletes the oldest finished recordings until the directory's `*.rec` files fit in
    /// `maxBytes`. Files being written are never deleted; if they alone exceed the budget,
    /// that is logged.
    private func enforceBudget() {
        guard options.maxBytes > 0 else { return }
        var entries = RecordingDirectory.list(options.directory)
        var total = entries.reduce(Int64(0)) { $0 + $1.size }
        guard total > options.maxBytes else { return }
        let active = Set(files.map(\.sink.path))
        entries.sort { ($0.modified, $0.name) < ($1.modified, $1.name) }
        for entry in entries where total > options.maxBytes {
            let path = options.directory + "/" + entry.name
            guard !active.contains(path) else { continue }
            if unlink(path) == 0 {
                total -= entry.size
                Self.logger.notice("deleted recording \(entry.name) (\(entry.size) bytes) to stay within the \(options.maxBytes)-byte budget")
            } else {
                Self.logger.warning("cannot delete recording \(entry.name): \(String(cString: strerror(errno)))")
            }
        }
        if total > options.maxBytes {
            Self.logger.warning("recordings in progress use \(total) bytes, over the \(options.maxBytes)-byte budget")
        }
    }
}
