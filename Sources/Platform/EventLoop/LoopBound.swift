/// Carries a loop-owned object (a server, a connection, a service) through `EventLoop.execute`
/// from another thread. It is only dereferenced on the loop thread, which is what makes the
/// unchecked Sendable sound; `value` checks that in every build, as NIO's `NIOLoopBound` does,
/// because a wrong-thread use is a data race no test would reliably catch.
public struct LoopBound<Value>: @unchecked Sendable {
    private let wrapped: Value
    public let loop: EventLoop

    public init(_ value: Value, loop: EventLoop) {
        self.wrapped = value
        self.loop = loop
    }

    public var value: Value {
        precondition(loop.inEventLoop, "a loop-bound value was used off its loop thread")
        return wrapped
    }
}
