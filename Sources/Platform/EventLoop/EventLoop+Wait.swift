import Dispatch

extension EventLoop {
    /// Runs `body` on the loop thread and waits for its result: for setup code, tools and tests
    /// that live on another thread (never call it from the loop thread itself: it would wait
    /// for itself). `body` may capture loop-owned objects: it runs only on the loop thread
    /// while the caller is blocked, so nothing is touched by two threads at once.
    public func submitAndWait<T>(_ body: @escaping () throws -> T) throws -> T {
        precondition(!inEventLoop, "submitAndWait called on the loop's own thread")
        let box = WaitBox<T>(body)
        let done = DispatchSemaphore(value: 0)
        execute {
            box.run()
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}

/// Carries the closure in and the result out across the hand-off in `submitAndWait`.
private final class WaitBox<T>: @unchecked Sendable {  // written on the loop thread before the semaphore signal, read after the wait
    let body: () throws -> T
    var result: Result<T, any Error>?
    init(_ body: @escaping () throws -> T) { self.body = body }
    func run() { result = Result { try body() } }
}
