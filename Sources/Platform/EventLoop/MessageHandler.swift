/// What the owner of a `MessageConnection` hears, whatever carries its bytes: the transport
/// (a WebSocket, an Engine.IO session on long-polling or upgraded) calls these on the
/// connection's loop thread. A game's player and a replay viewer are written once against
/// this, so a second transport is one more caller, never a special case in them. Payload
/// pointers are valid only during the call (copy what you keep).
public protocol MessageHandler: AnyObject {
    /// Messages may be sent from now on.
    func connectionDidOpen(_ connection: any MessageConnection)
    func connection(_ connection: any MessageConnection, didReceiveBinary payload: UnsafeRawBufferPointer)
    /// `payload` is a whole message, already validated as UTF-8.
    func connection(_ connection: any MessageConnection, didReceiveText payload: UnsafeRawBufferPointer)
    /// Exactly once, when the connection is gone: the peer's close code, or ours when we closed
    /// it, or 1006 when it ended without a word.
    func connectionDidClose(_ connection: any MessageConnection, code: UInt16, reason: String)
    /// Everything `send` had to queue has reached the peer (or its socket): a producer that
    /// paused for a slow reader may offer again.
    func connectionOutboundDidDrain(_ connection: any MessageConnection)
    /// The queue for a peer that does not read passed the transport's limit.
    func connectionOutboundLimitExceeded(_ connection: any MessageConnection) -> OutboundLimitAction
}

public enum OutboundLimitAction: Sendable {
    /// Drop the connection now (close code 1008).
    case disconnect
    /// Keep queueing; the owner takes responsibility for bounding it.
    case keep
}

extension MessageHandler {
    public func connectionDidOpen(_ connection: any MessageConnection) {}
    public func connection(_ connection: any MessageConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {}
    public func connection(_ connection: any MessageConnection, didReceiveText payload: UnsafeRawBufferPointer) {}
    public func connectionDidClose(_ connection: any MessageConnection, code: UInt16, reason: String) {}
    public func connectionOutboundDidDrain(_ connection: any MessageConnection) {}
    public func connectionOutboundLimitExceeded(_ connection: any MessageConnection) -> OutboundLimitAction { .disconnect }
}
