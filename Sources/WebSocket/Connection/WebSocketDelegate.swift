import Platform

/// What a connection's owner hears. Every call arrives on the connection's loop thread; payload
/// pointers are valid only during the call (copy what you keep).
public protocol WebSocketDelegate: AnyObject {
    /// The handshake completed; messages may be sent from now on.
    func webSocketDidOpen(_ connection: WebSocketConnection)
    func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer)
    /// `payload` is a whole message, already validated as UTF-8.
    func webSocket(_ connection: WebSocketConnection, didReceiveText payload: UnsafeRawBufferPointer)
    func webSocket(_ connection: WebSocketConnection, didReceivePong payload: UnsafeRawBufferPointer)
    /// Called exactly once, when the socket is gone. `code` is the peer's close code, or ours when
    /// we closed or failed the connection, or 1006 when it ended without a closing handshake.
    func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String)
    /// Bytes that had to be queued (the socket was full) have all been written now. A game
    /// server uses it to resume sending to a player it had paused.
    func webSocketOutboundDidDrain(_ connection: WebSocketConnection)
    /// The bytes queued for a peer that does not read passed `maxOutboundBytes`. The default
    /// drops the connection (1008); a game server may instead stop feeding it and decide later.
    func webSocketOutboundLimitExceeded(_ connection: WebSocketConnection) -> OutboundLimitAction
}

extension WebSocketDelegate {
    public func webSocketDidOpen(_ connection: WebSocketConnection) {}
    public func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {}
    public func webSocket(_ connection: WebSocketConnection, didReceiveText payload: UnsafeRawBufferPointer) {}
    public func webSocket(_ connection: WebSocketConnection, didReceivePong payload: UnsafeRawBufferPointer) {}
    public func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {}
    public func webSocketOutboundDidDrain(_ connection: WebSocketConnection) {}
    public func webSocketOutboundLimitExceeded(_ connection: WebSocketConnection) -> OutboundLimitAction { .disconnect }
}
