/// The RFC 6455 §4 opening handshake, both sides, as pure functions over parsed heads.
///
/// The server side turns an `HTTPRequest` into either the 101 to send (after which
/// the connection speaks frames) or the error response to send before closing. The
/// client side lives in `WebSocketHandshake+Client.swift`.
public enum WebSocketHandshake {
    /// The fixed GUID of RFC 6455 §1.3 appended to the key before hashing.
    public static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
    /// The only protocol version this implementation speaks (RFC 6455 §4.1).
    public static let version = "13"

    /// base64(SHA1(key + guid)): proves to the client that the server read its key,
    /// so a non-WebSocket server cannot be tricked into looking like one.
    public static func acceptValue(forKey key: String) -> String {
        Base64.encode(SHA1.hash((key + guid).utf8))
    }

    /// Has an `Upgrade: websocket` token; used to route a request to the WebSocket
    /// side before full validation, which `serverResponse` then does.
    public static func isUpgradeRequest(_ request: HTTPRequest) -> Bool {
        request.headers.containsToken("websocket", in: "Upgrade")
    }

    public enum ServerResult: Sendable {
        /// Send `response` (the 101), then switch the connection to frames.
        case accept(response: HTTPResponse, subprotocol: String?)
        /// Send the response, then close.
        case reject(HTTPResponse)
    }

    /// Validates per RFC 6455 §4.2.1: method GET (else 405 with Allow: GET), HTTP/1.1+ , Host present, Upgrade token list contains "websocket" and Connection token list contains "upgrade" (both case-insensitive, else 400),
    /// Sec-WebSocket-Version 13 (else 426 with `Sec-WebSocket-Version: 13`), Sec-WebSocket-Key a valid base64 of exactly 16 bytes (else 400), subprotocol negotiation.
    /// The Origin rule (`policy.origins`) is the connection's, applied before routing with the
    /// per-address limits, so a refused page never reaches a route.
    /// Error bodies are short text naming what was wrong.
    ///
    /// Checks run in that order, so the first problem is the one reported. A missing
    /// version counts as an unsupported one (426), telling the client what to send.
    /// Extensions are never negotiated: none is supported, so any offer is ignored
    /// (§9.1 lets the server pick none).
    public static func serverResponse(to request: HTTPRequest, policy: WebSocketHandshakePolicy) -> ServerResult {
        let headers = request.headers
        guard request.method == "GET" else {
            var response = HTTPResponse.text(.methodNotAllowed, "WebSocket handshake must use GET")
            response.headers.add(name: "Allow", value: "GET")
            return .reject(response)
        }
        guard request.versionMinor >= 1 else {
            return .reject(.text(.badRequest, "WebSocket handshake requires HTTP/1.1"))
        }
        guard headers.values(for: "Host").count == 1 else {
            return .reject(.text(.badRequest, "WebSocket handshake requires exactly one Host header"))
        }
        guard headers.containsToken("websocket", in: "Upgrade") else {
            return .reject(.text(.badRequest, "missing Upgrade: websocket"))
        }
        guard headers.containsToken("upgrade", in: "Connection") else {
            return .reject(.text(.badRequest, "missing Connection: Upgrade"))
        }
        guard headers.values(for: "Sec-WebSocket-Version") == [version] else {
            var response = HTTPResponse.text(.upgradeRequired, "unsupported Sec-WebSocket-Version; this server speaks 13")
            response.headers.add(name: "Sec-WebSocket-Version", value: version)
            return .reject(response)
        }
        let keys = headers.values(for: "Sec-WebSocket-Key")
        guard keys.count == 1, let key = keys.first, Base64.decode(key)?.count == 16 else {
            return .reject(.text(.badRequest, "Sec-WebSocket-Key must be one base64 value of 16 bytes"))
        }
        let subprotocol = chooseSubprotocol(offered: headers.tokens(in: "Sec-WebSocket-Protocol"),
                                            supported: policy.subprotocols)

        var responseHeaders = HTTPHeaders()
        responseHeaders.add(name: "Upgrade", value: "websocket")
        responseHeaders.add(name: "Connection", value: "Upgrade")
        responseHeaders.add(name: "Sec-WebSocket-Accept", value: acceptValue(forKey: key))
        if let subprotocol {
            responseHeaders.add(name: "Sec-WebSocket-Protocol", value: subprotocol)
        }
        return .accept(response: HTTPResponse(status: .switchingProtocols, headers: responseHeaders),
                       subprotocol: subprotocol)
    }

    /// The first of the server's protocols that the client offered, or nil. With no
    /// match the handshake still succeeds without the header (RFC 6455 §4.2.2); the
    /// client decides whether that is acceptable.
    static func chooseSubprotocol(offered: [String], supported: [String]) -> String? {
        supported.first { offered.contains($0) }
    }
}
