import Platform

/// The proxies whose forwarding headers are believed (`--trusted-proxy`). With none, every
/// request's client is its TCP peer and `X-Forwarded-*` headers are ignored entirely.
///
/// `X-Forwarded-For` is read right to left because each proxy appends the address it saw:
/// the rightmost entries were written by our own proxies and are true, anything to the left of
/// the first untrusted address was written by the client and may be forged. That first
/// untrusted address is the client.
public struct TrustedProxies: Sendable, Equatable {
    public var networks: [IPNetwork]
    /// Entries read at most; a longer chain stops here (at an address we trust).
    public static let maxHops = 16

    public init(_ networks: [IPNetwork] = []) {
        self.networks = networks
    }

    public var isEmpty: Bool { networks.isEmpty }

    public func trusts(_ address: IPAddress) -> Bool {
        networks.contains { $0.contains(address) }
    }

    /// The client behind a request from `peer`.
    public func client(peer: IPAddress, port: UInt16, headers: HTTPHeaders) -> HTTPClient {
        var client = HTTPClient(peer: peer, port: port, host: headers["Host"])
        guard trusts(peer) else { return client }
        if let forwarded = Self.forwardedClient(headers.values(for: "X-Forwarded-For"), trusting: self) {
            client.address = forwarded
            client.isForwarded = true
        }
        if let proto = Self.rightmost(headers.values(for: "X-Forwarded-Proto"))?.lowercased(), proto == "https" || proto == "http" {
            client.scheme = proto
        }
        if let forwardedHost = Self.rightmost(headers.values(for: "X-Forwarded-Host")), !forwardedHost.isEmpty {
            client.host = String(forwardedHost)
        }
        return client
    }

    /// The first untrusted address reading right to left; the leftmost one when all are
    /// trusted; nil when the header is absent or its rightmost entry is not an address (then
    /// the proxy itself is the best we know).
    static func forwardedClient(_ values: [String], trusting proxies: TrustedProxies) -> IPAddress? {
        var entries: [Substring] = []
        for value in values { entries.append(contentsOf: value.split(separator: ",", omittingEmptySubsequences: false)) }
        var client: IPAddress?
        for entry in entries.reversed().prefix(maxHops) {
            guard let address = parseEntry(entry) else { return client }
            client = address
            if !proxies.trusts(address) { return address }
        }
        return client
    }

    /// An address, allowing the `1.2.3.4:port` and `[v6]:port` forms some proxies write.
    static func parseEntry(_ entry: Substring) -> IPAddress? {
        let text = entry.trimmingSpaces
        if let address = IPAddress(text) { return address }
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            return IPAddress(text[text.index(after: text.startIndex)..<close])
        }
        if let colon = text.firstIndex(of: ":"), text[text.index(after: colon)...].allSatisfy(\.isNumber) {
            let address = IPAddress(text[..<colon])
            return address?.isIPv4 == true ? address : nil
        }
        return nil
    }

    private static func rightmost(_ values: [String]) -> Substring? {
        values.last?.split(separator: ",").last?.trimmingSpaces
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
