/// What the server accepts during the opening handshake, beyond what RFC 6455 requires.
public struct WebSocketHandshakePolicy: Sendable {
    /// Subprotocols the server speaks, most preferred first; the first one the client offers wins. Empty = never send Sec-WebSocket-Protocol.
    ///
    /// "First" is in this list's order, so the server's preference decides. Names
    /// match exactly (case-sensitively), as browsers compare them.
    public var subprotocols: [String]
    /// Which pages may open a WebSocket (403 otherwise). The server's own origin by default:
    /// see `OriginPolicy` for why; an echo or conformance server sets `.any`.
    public var origins: OriginPolicy

    public init(subprotocols: [String] = [], origins: OriginPolicy = .sameOrigin) {
        self.subprotocols = subprotocols
        self.origins = origins
    }
}
