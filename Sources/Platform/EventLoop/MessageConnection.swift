/// One client connection as the layers above a transport see it, whatever carries its bytes
/// (a WebSocket, an HTTP long-polling session): whole binary messages out, a close with a code
/// and a reason, and how much is still queued for the peer. Rooms and replay viewers talk to
/// players only through this, so they never name a transport. Used on the connection's loop
/// thread only.
public protocol MessageConnection: AnyObject {
    var loop: EventLoop { get }
    /// The client's address as logs and limits should name it.
    var peer: String { get }
    /// Who the client is for a log line: its address, and the proxy it came through.
    var clientDescription: String { get }
    /// Messages may still be sent (not closing, not closed).
    var isOpen: Bool { get }
    /// Queues one whole binary message; false when the connection is no longer open.
    @discardableResult
    func send(binary payload: UnsafeRawBufferPointer) -> Bool
    /// Starts closing with a close code from RFC 6455's space (1000-4999; the game's 4xxx
    /// codes included) and a reason of at most 123 UTF-8 bytes.
    func closeConnection(code: UInt16, reason: String)
    /// Bytes accepted by `send` that the peer has not taken yet (0 = it keeps up).
    var queuedByteCount: Int { get }
}

extension MessageConnection {
    public var clientDescription: String { peer }

    /// Nothing waits for the peer: new output goes out at once.
    public var isWritable: Bool { isOpen && queuedByteCount == 0 }
}
