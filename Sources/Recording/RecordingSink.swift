import Synchronization

/// The hand-off between a room's game thread and the recording writer thread: the game
/// thread appends whole chunks (one short lock and a copy per tick), the writer thread swaps
/// the buffer out a few times a second. Neither ever waits for the other's work, and the
/// game thread never waits on the disk.
///
/// Bounded: if the writer falls more than `maxPendingBytes` behind (a stalled disk), the
/// recording is abandoned rather than letting memory grow; the file keeps what was written.
public final class RecordingSink: Sendable {
    /// Where the recording goes; the writer thread creates the file.
    public let path: String
    let maxPendingBytes: Int

    struct State {
        var pending: [UInt8] = []
        var finished = false
        var abandoned: String?
    }

    private let state = Mutex(State())

    init(path: String, maxPendingBytes: Int) {
        self.path = path
        self.maxPendingBytes = maxPendingBytes
    }

    /// A sink that no writer thread empties: a room's live feed for its spectators, taken by
    /// `LiveReplayer` a frame at a time. Past `maxPendingBytes` it is abandoned like a stalled
    /// disk, and the room keeps playing.
    public convenience init(memoryFeedOf maxPendingBytes: Int) {
        self.init(path: "", maxPendingBytes: maxPendingBytes)
    }

    /// Queues whole chunks. False once the recording was abandoned (then nothing is kept).
    @discardableResult
    public func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        state.withLock { state in
            guard state.abandoned == nil, !state.finished else { return false }
            guard state.pending.count + bytes.count <= maxPendingBytes else {
                state.abandoned = "the writer fell more than \(maxPendingBytes >> 20) MiB behind"
                state.pending = []
                return false
            }
            state.pending.append(contentsOf: bytes)
            return true
        }
    }

    /// No more chunks will come: the writer closes the file after writing what is queued.
    public func finish() {
        state.withLock { $0.finished = true }
    }

    /// Why the recording stopped early, if it did.
    public var abandonedReason: String? { state.withLock { $0.abandoned } }

    /// Writer thread: gives `spare` (emptied) for the queued bytes. Returns whether the sink
    /// is finished, i.e. these are the last bytes.
    func take(into spare: inout [UInt8]) -> (finished: Bool, abandoned: String?) {
        spare.removeAll(keepingCapacity: true)
        return state.withLock { state in
            swap(&state.pending, &spare)
            return (state.finished, state.abandoned)
        }
    }

    /// Writer thread: the file failed; stop accepting chunks.
    func abandon(_ reason: String) {
        state.withLock { state in
            if state.abandoned == nil { state.abandoned = reason }
            state.pending = []
        }
    }
}
