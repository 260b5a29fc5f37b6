/// A complete response this server sends: status, headers and (small, in-memory) body.
public struct HTTPResponse: Sendable, Equatable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: HTTPStatus, headers: HTTPHeaders = .init(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A plain-text error/answer body, with Content-Type text/plain; charset=utf-8.
    /// The body is exactly `text`, UTF-8 encoded.
    public static func text(_ status: HTTPStatus, _ text: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        return HTTPResponse(status: status, headers: headers, body: Array(text.utf8))
    }

    /// Serializes status line, headers (adds Content-Length unless 101, and `Connection: close` when keepAlive is false), blank line, and the body unless headOnly (HEAD: same headers incl. Content-Length, no body).
    ///
    /// Details: Content-Length is always computed from `body` (any set by hand is
    /// dropped, so it cannot disagree) and is omitted for every 1xx and for 204, which
    /// RFC 9110 §8.6 forbids it on. A 1xx never gets `Connection: close` — on a 101 it
    /// would contradict `Connection: Upgrade`; the caller closes after a rejected
    /// upgrade on its own. CR, LF and NUL in names, values and the reason are written as
    /// spaces, so no header text can ever split the response.
    public func serialized(keepAlive: Bool, headOnly: Bool = false) -> [UInt8] {
        let informational = (100..<200).contains(status.code)
        var out: [UInt8] = []
        out.reserveCapacity(128 + headers.count * 32 + (headOnly ? 0 : body.count))
        Self.append("HTTP/1.1 \(status.code) ", to: &out)
        Self.append(status.reason, to: &out)
        Self.appendCRLF(to: &out)
        for (name, value) in headers where !HTTPSyntax.equalsIgnoringCase(name, "Content-Length") {
            Self.appendField(name, value, to: &out)
        }
        if !informational && status.code != 204 {
            Self.appendField("Content-Length", String(body.count), to: &out)
        }
        if !keepAlive && !informational && !headers.containsToken("close", in: "Connection") {
            Self.appendField("Connection", "close", to: &out)
        }
        Self.appendCRLF(to: &out)
        if !headOnly { out.append(contentsOf: body) }
        return out
    }

    private static func appendField(_ name: String, _ value: String, to out: inout [UInt8]) {
        append(name, to: &out)
        out.append(HTTPSyntax.colon)
        out.append(HTTPSyntax.space)
        append(value, to: &out)
        appendCRLF(to: &out)
    }

    private static func append(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 {
            out.append(byte == HTTPSyntax.cr || byte == HTTPSyntax.lf || byte == 0 ? HTTPSyntax.space : byte)
        }
    }

    private static func appendCRLF(to out: inout [UInt8]) {
        out.append(HTTPSyntax.cr)
        out.append(HTTPSyntax.lf)
    }
}
