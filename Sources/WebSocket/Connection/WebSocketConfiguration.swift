/// Every limit and time-out of the transport in one place, with safe defaults. Times are in
/// nanoseconds of CLOCK_MONOTONIC.
public struct WebSocketConfiguration: Sendable {
    /// Largest message accepted (the sum of its fragments); larger fails with 1009. 16 MiB is
    /// the largest message Autobahn's section 9 sends.
    public var maxMessageSize = 16 << 20
    /// Bytes that may wait for a slow reader before `webSocketOutboundLimitExceeded` is asked.
    /// Must exceed the largest message the owner sends; twice the largest message accepted
    /// lets an echo of the biggest message through.
    public var maxOutboundBytes = 32 << 20
    /// Above this many queued bytes the connection stops reading (TCP flow control then slows
    /// the peer) until the queue drains below half of it: a peer that sends requests faster
    /// than it reads the answers cannot make us buffer without bound.
    public var readPauseBytes = 1 << 20
    /// A request (or the client's handshake) must complete within this time: slow-loris defence.
    public var handshakeTimeout: UInt64 = 10_000_000_000
    /// An open connection that receives nothing for this long is closed with 1001 (0 = never).
    public var idleTimeout: UInt64 = 120_000_000_000
    /// The server pings an open connection that has sent or received nothing for this long
    /// (0 = never).
    /// Proxies and NAT boxes drop quiet connections (nginx after 60 s by default); a ping and
    /// its pong make traffic both ways, and a peer that never answers reaches `idleTimeout`.
    public var pingInterval: UInt64 = 20_000_000_000
    /// How long to wait for the peer's half of the closing handshake, or its EOF afterwards.
    public var closeTimeout: UInt64 = 3_000_000_000
    /// A connection whose queued bytes make no progress for this long is dropped (1008).
    public var stallTimeout: UInt64 = 15_000_000_000
    /// An idle keep-alive HTTP connection is closed after this long.
    public var httpKeepAliveTimeout: UInt64 = 15_000_000_000
    /// A parked request (`HTTPRoute.later`) not answered within this long is answered 503:
    /// a bound on a route that never answers, longer than any long-poll period.
    public var parkTimeout: UInt64 = 60_000_000_000
    /// Accepted connections beyond this are closed at once (0 = no limit but the descriptor limit).
    public var maxConnections = 0
    /// Accepted connections: SO_SNDBUF (nil = the kernel's, which it grows with the
    /// congestion window: on loopback to megabytes). A fixed, small buffer makes a peer that
    /// stops reading show in `queuedByteCount` within seconds instead of minutes.
    public var serverSendBufferBytes: Int?
    /// Client connections: SO_RCVBUF set before connecting (nil = the kernel's default, which
    /// grows as needed). Small values make a peer that stops reading push back quickly.
    public var clientReceiveBufferBytes: Int?
    /// Client connections: TCP_MAXSEG set before connecting (nil = the route's). On loopback
    /// the peer otherwise sizes its send buffer for 64 KiB segments, megabytes in all.
    public var clientMaximumSegmentSize: Int?
    /// Proxies whose `X-Forwarded-For`/`-Proto`/`-Host` are believed (none by default).
    public var trustedProxies = TrustedProxies()
    /// Connections and handshakes per client address.
    public var addressLimits = AddressLimits()
    public var httpLimits = HTTPParserLimits()
    public var handshakePolicy = WebSocketHandshakePolicy()

    public init() {}
}
