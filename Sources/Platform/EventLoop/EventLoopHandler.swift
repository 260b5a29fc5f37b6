/// Something that owns a descriptor registered with an `EventLoop`: a listening socket, a
/// WebSocket connection, a long-polling session's socket, a client of a sidecar. The loop calls
/// `handle` on its own thread for each readiness report; the conformer decides what reading,
/// writing or failing means. Class-bound so the loop can hold it without copying state.
public protocol EventLoopHandler: AnyObject {
    func handle(_ event: SelectorEvent)
}

/// A connection whose deadlines the loop enforces in its quarter-second sweep, and which counts
/// towards the loop's open connections (the connection cap, /metrics, shutdown). The loop keeps
/// `loopIndex` so removal is O(1); conformers only store it.
public protocol LoopTrackedConnection: AnyObject {
    var loopIndex: Int { get set }
    /// Whether it counts as one of the loop's connections (`EventLoop.connectionCount`): a
    /// connection a peer opened does; one this process opened to a server does not.
    var countsAsConnection: Bool { get }
    /// Closes or fails the connection if one of its time-outs (handshake, idle, close, stall)
    /// has passed at `now`. May untrack the connection.
    func checkDeadlines(now: UInt64)
}

extension LoopTrackedConnection {
    public var countsAsConnection: Bool { true }
}
