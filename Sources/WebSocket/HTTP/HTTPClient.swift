import Platform

/// Who sent a request, as far as the server can tell: the TCP peer, and, when that peer is a
/// trusted proxy, the client it forwarded for and the scheme and host that client used. Logs,
/// limits and the Origin check all read this one value, so a forged header from an untrusted
/// peer changes none of them.
public struct HTTPClient: Sendable, Equatable, CustomStringConvertible {
    /// The client: the peer itself, or the address a trusted proxy reported.
    public var address: IPAddress
    public var peerAddress: IPAddress
    public var peerPort: UInt16
    /// True when `address` came from a trusted proxy's `X-Forwarded-For`.
    public var isForwarded: Bool
    /// "https" when a trusted proxy says the client used TLS (`X-Forwarded-Proto`), else "http".
    public var scheme: String
    /// The authority the client asked for (`X-Forwarded-Host` from a trusted proxy, else `Host`).
    public var host: String?

    public init(address: IPAddress, peerAddress: IPAddress, peerPort: UInt16, isForwarded: Bool,
                scheme: String = "http", host: String? = nil) {
        self.address = address
        self.peerAddress = peerAddress
        self.peerPort = peerPort
        self.isForwarded = isForwarded
        self.scheme = scheme
        self.host = host
    }

    /// A peer that is not a proxy.
    public init(peer: IPAddress, port: UInt16, host: String? = nil) {
        self.init(address: peer, peerAddress: peer, peerPort: port, isForwarded: false, host: host)
    }

    /// `ip:port` of the peer, or `client (via proxy-ip:port)`: what log lines name.
    public var description: String {
        let peer = peerAddress.withPort(peerPort)
        return isForwarded ? "\(address) (via \(peer))" : peer
    }
}
