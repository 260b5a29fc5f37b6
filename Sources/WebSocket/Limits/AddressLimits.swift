/// Per-client-address limits: how much of the server one address may hold, so that one host
/// (or one script) cannot crowd out everyone else. Zero turns a limit off.
public struct AddressLimits: Sendable, Equatable {
    /// Connections one client address may hold open at once. A household or a school behind
    /// one NAT shares an address, hence a generous default.
    public var maxConnectionsPerAddress = 64
    /// WebSocket handshakes one address may start per second, sustained (a token bucket).
    public var handshakesPerSecond = 10.0
    /// Handshakes one address may start at once before the rate applies (a page reload with
    /// a replay tab open, a reconnect storm after a network change).
    public var handshakeBurst = 30
    /// IPv6 clients are counted by this prefix: one subscriber is usually given a whole /64,
    /// so counting single addresses would let one host use 2^64 of them.
    public var ipv6PrefixLength = 64
    /// Addresses tracked at once; beyond this new addresses are refused until entries expire.
    /// Bounds the table's memory whatever the number of attacking addresses.
    public var maxTrackedAddresses = 65_536
    /// Whether clients on loopback are limited too. Off by default: a client on the server's own
    /// machine is its operator's (bots, benchmarks, a health check), while a proxy on loopback
    /// is trusted and its clients are limited by their forwarded addresses.
    public var limitsLoopback = false

    public init() {}

    /// No per-address limit at all.
    public static let unlimited: AddressLimits = {
        var limits = AddressLimits()
        limits.maxConnectionsPerAddress = 0
        limits.handshakesPerSecond = 0
        return limits
    }()
}
