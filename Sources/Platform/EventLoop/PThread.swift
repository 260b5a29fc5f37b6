import Glibc
import CSystem

/// A dedicated OS thread running one closure: the I/O loop and the game loop each get their own,
/// never a Dispatch queue or a Swift-concurrency executor, so their timing is theirs alone.
public final class PThread: @unchecked Sendable {  // `handle` is written once before start returns, then only read by join
    private var handle = pthread_t()
    private let body: @Sendable () -> Void
    private let name: String

    private init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }

    /// Starts `body` on a new thread named `name` (at most 15 bytes are kept by Linux).
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) -> PThread {
        let thread = PThread(name: name, body: body)
        let context = Unmanaged.passRetained(thread).toOpaque()
        let result = pthread_create(&thread.handle, nil, { raw in
            let thread = Unmanaged<PThread>.fromOpaque(raw!).takeRetainedValue()
            csys_set_thread_name(thread.name)
            thread.body()
            return nil
        }, context)
        precondition(result == 0, "pthread_create failed: \(result)")
        return thread
    }

    /// Waits for the thread to finish. Call once, and not after `detach`.
    public func join() {
        pthread_join(handle, nil)
    }

    /// The thread's resources are freed when it ends; nobody will join it. Call once.
    public func detach() {
        pthread_detach(handle)
    }
}
