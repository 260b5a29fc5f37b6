import Glibc
import Synchronization

/// One thread for work that may block on the disk (listing and reading recordings, large
/// files), so the I/O thread that carries every player's inputs never waits for it. Jobs run
/// in order; the queue is bounded, and `submit` refuses a job rather than let a flood of
/// requests grow it. A job hands its result back with `EventLoop.execute`.
public final class BlockingWorker: @unchecked Sendable {  // `ready` is a POSIX semaphore, made for sharing; the rest is Mutex and Atomic
    private struct Queue: ~Copyable {
        var jobs: [@Sendable () -> Void] = []
        var stopping = false
    }

    public let maxPending: Int
    private let queue = Mutex(Queue())
    /// Counts queued jobs (and one extra post to wake the thread for stopping).
    private let ready: UnsafeMutablePointer<sem_t>
    private let finished = Atomic<Bool>(false)

    public init(name: String, maxPending: Int = 64) {
        precondition(maxPending > 0, "BlockingWorker: maxPending must be positive")
        self.maxPending = maxPending
        ready = .allocate(capacity: 1)
        sem_init(ready, 0, 0)
        let thread = PThread.start(name: name) { [self] in run() }
        thread.detach()
    }

    deinit {
        sem_destroy(ready)
        ready.deallocate()
    }

    /// Queues `job`; false if `maxPending` jobs already wait or the worker is stopping.
    @discardableResult
    public func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        let accepted = queue.withLock { queue -> Bool in
            guard !queue.stopping, queue.jobs.count < maxPending else { return false }
            queue.jobs.append(job)
            return true
        }
        if accepted { sem_post(ready) }
        return accepted
    }

    /// Jobs already queued still run; then the thread ends (`isFinished`).
    public func stop() {
        queue.withLock { $0.stopping = true }
        sem_post(ready)
    }

    public var isFinished: Bool { finished.load(ordering: .acquiring) }

    private func run() {
        while true {
            while sem_wait(ready) != 0 && errno == EINTR {}
            let next = queue.withLock { queue -> (@Sendable () -> Void)? in
                queue.jobs.isEmpty ? nil : queue.jobs.removeFirst()
            }
            if let next {
                next()
            } else if queue.withLock({ $0.stopping && $0.jobs.isEmpty }) {
                break
            }
        }
        finished.store(true, ordering: .releasing)
    }
}
