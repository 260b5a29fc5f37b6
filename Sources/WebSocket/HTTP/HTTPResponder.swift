import Platform

/// A parked request's way back to its connection (`HTTPRoute.later`). Used on the loop
/// thread only; from another thread, hop with `loop.execute` first (`respond(from:)` does).
/// It answers at most once; after the peer went away, `respond` does nothing and
/// `onCancel` has run.
public final class HTTPResponder {
    private weak var connection: WebSocketConnection?
    private let token: UInt64
    public let loop: EventLoop
    /// Called on the loop thread if the connection ends before the answer (the peer left or
    /// the server shut down); set it in the `later` closure.
    public var onCancel: (() -> Void)?
    public private(set) var isDone = false

    init(connection: WebSocketConnection, token: UInt64) {
        self.connection = connection
        self.token = token
        self.loop = connection.loop
    }

    /// Sends `response` on the loop thread.
    public func respond(_ response: HTTPResponse) {
        loop.assertInLoop()
        guard !isDone else { return }
        isDone = true
        onCancel = nil
        connection?.answerParked(response, token: token)
    }

    /// Sends `response` from any thread: hops to the loop first.
    public func respond(fromAnyThread response: HTTPResponse) {
        let bound = LoopBound(self, loop: loop)
        loop.execute { bound.value.respond(response) }
    }

    /// The connection ended first.
    func cancel() {
        guard !isDone else { return }
        isDone = true
        let onCancel = self.onCancel
        self.onCancel = nil
        onCancel?()
    }
}
