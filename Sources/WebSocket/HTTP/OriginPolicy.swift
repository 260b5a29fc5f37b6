/// Which pages may open a WebSocket here. Browsers send `Origin` on every WebSocket handshake
/// and it is the only defence against cross-site WebSocket hijacking (a page elsewhere opening
/// `/play` with the player's cookies and network position), so the default admits only the
/// server's own origin: the scheme and `Host` the request came in on (from a trusted proxy's
/// `X-Forwarded-Proto`/`X-Forwarded-Host` behind one). Requests without `Origin` come from
/// bots and native clients, which no browser can impersonate, and are allowed.
public struct OriginPolicy: Sendable, Equatable {
    /// `*`: any origin (and the server's own).
    public var allowsAny: Bool
    /// Further origins, normalised (`scheme://host[:port]`, lower case, default port dropped).
    public var allowed: Set<String>

    /// The server's own origin only.
    public static let sameOrigin = OriginPolicy(allowsAny: false, allowed: [])
    /// Any origin: for an echo server or a public API without ambient authority.
    public static let any = OriginPolicy(allowsAny: true, allowed: [])

    public init(allowsAny: Bool, allowed: Set<String>) {
        self.allowsAny = allowsAny
        self.allowed = allowed
    }

    /// From `--allow-origin` values; throws a message naming the first one that is not an
    /// origin (`https://game.example.com`, `http://localhost:3000`, `null`, or `*`).
    public init(allowing origins: [String]) throws(OriginPolicyError) {
        var policy = OriginPolicy.sameOrigin
        for origin in origins {
            if origin == "*" {
                policy.allowsAny = true
            } else if let normalized = Self.normalize(origin) {
                policy.allowed.insert(normalized)
            } else {
                throw OriginPolicyError(origin: origin)
            }
        }
        self = policy
    }

    /// Whether a handshake whose `Origin` header values are `origins` may proceed.
    public func allows(origins: [String], scheme: String, host: String?) -> Bool {
        guard !origins.isEmpty else { return true }
        guard origins.count == 1, let origin = Self.normalize(origins[0]) else { return false }
        if allowsAny || allowed.contains(origin) { return true }
        guard let host, let own = Self.normalize("\(scheme)://\(host)") else { return false }
        return origin == own
    }

    /// `scheme://host[:port]` in canonical form, or nil if `text` is not a serialized origin
    /// (RFC 6454 §6.2): http or https only, no path, query, user info or empty host. The
    /// opaque origin `null` stays `null` (sandboxed frames, file pages): listed, it matches.
    public static func normalize(_ text: String) -> String? {
        if text == "null" { return text }
        let lower = text.lowercased()
        let scheme: String
        let defaultPort: String
        if lower.hasPrefix("https://") {
            (scheme, defaultPort) = ("https", "443")
        } else if lower.hasPrefix("http://") {
            (scheme, defaultPort) = ("http", "80")
        } else {
            return nil
        }
        var authority = Substring(lower.dropFirst(scheme.count + 3))
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        guard !authority.isEmpty, authority.utf8.count <= 300,
              !authority.contains(where: { "/?#@ \t\\".contains($0) }) else { return nil }
        var host = authority
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[...close]
            let rest = authority[authority.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                port = rest.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty, host != "[]" else { return nil }
        if let port {
            guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber),
                  let number = Int(port), number <= 65535 else { return nil }
            let canonical = String(number)
            return canonical == defaultPort ? "\(scheme)://\(host)" : "\(scheme)://\(host):\(canonical)"
        }
        return "\(scheme)://\(host)"
    }
}

/// An `--allow-origin` value that is not an origin.
public struct OriginPolicyError: Error, CustomStringConvertible {
    public let origin: String
    public var description: String {
        "'\(origin)' is not an origin: give scheme://host[:port] (http or https, no path), null, or *"
    }
}

extension OriginPolicy {
    /// The rule applied to a parsed request: its `Origin` against the scheme and host its
    /// client used (`HTTPRequest.client`, or plain http and `Host` for a request built by hand).
    public func allows(_ request: HTTPRequest) -> Bool {
        allows(origins: request.headers.values(for: "Origin"),
               scheme: request.client?.scheme ?? "http",
               host: request.client?.host ?? request.headers["Host"])
    }
}
