import Synchronization
import Platform

/// Hands a producer thread's ready channels (a room's game thread, the replay thread) to the
/// I/O loop in one wake-up per tick, without allocating: three arrays take turns (the
/// producer's, the pending one, the loop's), keeping their capacity, and the task the loop
/// runs is made once. Channels added while a flush is still pending join it.
final class FlushHandoff: @unchecked Sendable {
    // Sendable: `pending` is guarded; `producing` and `task` belong to the producer thread;
    // `flushing` and `spare` to the loop thread.

    private let loop: EventLoop
    private let pending = Mutex<[SessionChannel]>([])
    private var producing: [SessionChannel] = []
    private var flushing: [SessionChannel] = []
    private var spare: [UInt8] = []
    /// Holds the handoff strongly while a flush is queued on the loop; `finish` breaks the
    /// cycle once the producer is done, so the last flush still runs.
    private var task: (@Sendable () -> Void)?

    init(loop: EventLoop) {
        self.loop = loop
        task = { [self] in flushPending() }
    }

    /// Producer: `channel` has output (or a close request) for the loop to write.
    @inline(__always)
    func add(_ channel: SessionChannel) { producing.append(channel) }

    /// Producer: hands everything added since the last post to the loop in one wake-up.
    func post() {
        guard !producing.isEmpty, let task else { return }
        let wasIdle = pending.withLock { list -> Bool in
            if list.isEmpty {
                swap(&list, &producing)
                return true
            }
            list.append(contentsOf: producing)
            return false
        }
        producing.removeAll(keepingCapacity: true)
        if wasIdle { loop.execute(task) }
    }

    /// Producer, once, last: posts what is left; afterwards `post` does nothing.
    func finish() {
        post()
        task = nil
    }

    private func flushPending() {
        pending.withLock { swap(&$0, &flushing) }
        for channel in flushing { channel.flush(spare: &spare) }
        flushing.removeAll(keepingCapacity: true)
    }
}
