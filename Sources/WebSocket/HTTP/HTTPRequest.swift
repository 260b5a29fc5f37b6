/// A parsed request: the head, and the body once a route asked for it (`HTTPRoute.readBody`).
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// The request target exactly as received (origin-form `/p?q`, absolute-form
    /// `http://h/p`, or `*`).
    public var target: String
    /// The path part of the target, percent-decoding NOT applied: decoding is the
    /// business of whoever maps paths to resources (see `StaticFiles`), and decoding
    /// early would make `%2F` indistinguishable from `/`.
    public var path: String
    /// What follows the first `?`, or nil when there is no `?`.
    public var query: String?
    /// The x of HTTP/1.x.
    public var versionMinor: Int
    public var headers: HTTPHeaders
    /// HTTP/1.1 default true unless Connection: close; 1.0 only with keep-alive.
    public var keepAlive: Bool
    /// The announced Content-Length (0 without one).
    public var contentLength: Int = 0
    /// The body, once read: empty until then, and for requests without one.
    public var body: [UInt8] = []
    /// Who sent it (the peer, or the client behind a trusted proxy); set by the connection
    /// before routing, nil for a request built by hand.
    public var client: HTTPClient?

    /// The client for a log line ("?" before the connection named it).
    public var clientDescription: String { client.map { "\($0)" } ?? "?" }

    /// The raw (not percent-decoded) value of the first `name=` in the query, for values
    /// whose alphabet needs no decoding (tokens, fixed words); nil when no pair starts `name=`.
    public func queryValue(_ name: String) -> Substring? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 && parts[0] == name { return parts[1] }
        }
        return nil
    }

    /// Builds a request as the parser would, deriving `path`, `query` and `keepAlive`.
    public init(method: String = "GET", target: String, versionMinor: Int = 1, headers: HTTPHeaders = .init()) {
        self.method = method
        self.target = target
        (self.path, self.query) = Self.splitTarget(target)
        self.versionMinor = versionMinor
        self.headers = headers
        self.keepAlive = Self.defaultKeepAlive(versionMinor: versionMinor, headers: headers)
    }

    /// RFC 9112 §9.3: persistence is the default from 1.1 on; a 1.0 client must ask.
    static func defaultKeepAlive(versionMinor: Int, headers: HTTPHeaders) -> Bool {
        if headers.containsToken("close", in: "Connection") { return false }
        return versionMinor >= 1 || headers.containsToken("keep-alive", in: "Connection")
    }

    /// Splits a target into path and query. For absolute-form (`http://host/p?q`,
    /// which RFC 9112 §3.2.2 says servers must accept) the scheme and authority are
    /// dropped so routing sees the same path as for origin-form.
    static func splitTarget(_ target: String) -> (path: String, query: String?) {
        let bytes = Array(target.utf8)
        var pathStart = 0
        if let afterScheme = absoluteFormSchemeEnd(bytes) {
            pathStart = bytes[afterScheme...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }
                ?? bytes.endIndex
        }
        let queryMark = bytes[pathStart...].firstIndex(of: UInt8(ascii: "?"))
        var path = HTTPSyntax.string(bytes[pathStart..<(queryMark ?? bytes.endIndex)])
        if pathStart > 0 && path.isEmpty { path = "/" }
        let query = queryMark.map { HTTPSyntax.string(bytes[($0 + 1)...]) }
        return (path, query)
    }

    /// The index just past `http://` or `https://` (any case), or nil if not absolute-form.
    static func absoluteFormSchemeEnd(_ bytes: [UInt8]) -> Int? {
        for scheme in ["http://", "https://"] {
            let prefix = scheme.utf8
            if bytes.count >= prefix.count && HTTPSyntax.equalsIgnoringCase(bytes.prefix(prefix.count), prefix) {
                return prefix.count
            }
        }
        return nil
    }
}
