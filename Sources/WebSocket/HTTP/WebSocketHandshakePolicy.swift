/// What the server accepts during the opening handshake, beyond what RFC 6455 requires.
public struct WebSocketHandshakePolicy: Sendable {
    /// Subprotocols the server speaks, most preferred first; the first one the client offers wins. Empty = never send Sec-WebSocket-Protocol.
    ///
    /// "First" is in this list's order, so the server's preference decides. Names
    /// match exactly (case-sensitively), as browsers compare them.
    public var subprotocols: [String]
    /// Origin allow-list hook: nil = allow all; else called with the Origin header value (nil when absent) and returns whether to accept (403 otherwise).
    ///
    /// Browsers always send Origin and it is the only defence against cross-site
    /// WebSocket hijacking; non-browser clients (bots) usually send none, hence the nil.
    public var originAllowed: (@Sendable (String?) -> Bool)?

    public init(subprotocols: [String] = [], originAllowed: (@Sendable (String?) -> Bool)? = nil) {
        self.subprotocols = subprotocols
        self.originAllowed = originAllowed
    }
}
