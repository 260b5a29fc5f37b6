/// Carries a loop-owned object (a server, a connection, a service) through `EventLoop.execute`
/// from another thread. It is only dereferenced on the loop thread, which is what makes the
/// unchecked Sendable sound; `value` traps in debug builds if read on another thread.
public struct LoopBound<Value>: @unchecked Sendable {
    private let wrapped: Value
    public let loop: EventLoop

    public init(_ value: Value, loop: EventLoop) {
        self.wrapped = value
        self.loop = loop
    }

    public var value: Value {
        assert(loop.inEventLoop, "a loop-bound value was used off its loop thread")
        return wrapped
    }
}
