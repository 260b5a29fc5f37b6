/// Client side of the opening handshake (RFC 6455 §4.1): the request to send and the
/// checks on the server's answer. Used by the bots and the conformance client.
extension WebSocketHandshake {
    /// A fresh `Sec-WebSocket-Key`: 16 random bytes, base64-encoded. The generator is
    /// a parameter so tests and seeded simulations can be reproducible.
    public static func randomKey(using generator: inout some RandomNumberGenerator) -> String {
        Base64.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    public static func randomKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return randomKey(using: &generator)
    }

    /// The client's request bytes (GET path HTTP/1.1, Host, Upgrade, Connection, Sec-WebSocket-Key, Version 13, optional protocols/origin).
    ///
    /// `path` should be origin-form (`/play?x=1`); an empty one becomes `/`. Values
    /// are written through `HTTPResponse`'s sanitizer rules: CR, LF and NUL become
    /// spaces, so a caller-supplied string cannot inject header lines.
    public static func clientRequest(host: String, path: String, key: String,
                                     subprotocols: [String] = [], origin: String? = nil,
                                     headers: [(name: String, value: String)] = []) -> [UInt8] {
        var lines = [
            "GET \(path.isEmpty ? "/" : path) HTTP/1.1",
            "Host: \(host)",
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: \(key)",
            "Sec-WebSocket-Version: \(version)",
        ]
        if !subprotocols.isEmpty {
            lines.append("Sec-WebSocket-Protocol: \(subprotocols.joined(separator: ", "))")
        }
        if let origin {
            lines.append("Origin: \(origin)")
        }
        for header in headers {
            lines.append("\(header.name.filter { $0 != ":" }): \(header.value)")
        }
        var out: [UInt8] = []
        for line in lines {
            for byte in line.utf8 {
                out.append(byte == HTTPSyntax.cr || byte == HTTPSyntax.lf || byte == 0 ? HTTPSyntax.space : byte)
            }
            out.append(contentsOf: [HTTPSyntax.cr, HTTPSyntax.lf])
        }
        out.append(contentsOf: [HTTPSyntax.cr, HTTPSyntax.lf])
        return out
    }

    /// Client-side check of the server's answer: 101, Upgrade websocket, Connection upgrade, correct Accept, subprotocol one we offered, no extensions we did not offer. Returns nil if fine, else a reason.
    ///
    /// Every check is a MUST of RFC 6455 §4.1 ("the client MUST _Fail the WebSocket
    /// Connection_"). This client offers no extensions, so any
    /// `Sec-WebSocket-Extensions` in the answer fails. The chosen subprotocol, if any,
    /// is `head.headers["Sec-WebSocket-Protocol"]`.
    public static func validateServerResponse(_ head: HTTPResponseHead, key: String,
                                              offeredSubprotocols: [String]) -> String? {
        let headers = head.headers
        guard head.status == 101 else {
            return "expected status 101, got \(head.status)"
        }
        guard headers.containsToken("websocket", in: "Upgrade") else {
            return "response lacks Upgrade: websocket"
        }
        guard headers.containsToken("upgrade", in: "Connection") else {
            return "response lacks Connection: Upgrade"
        }
        let accepts = headers.values(for: "Sec-WebSocket-Accept")
        guard accepts.count == 1 else {
            return accepts.isEmpty ? "response lacks Sec-WebSocket-Accept" : "more than one Sec-WebSocket-Accept"
        }
        guard accepts[0] == acceptValue(forKey: key) else {
            return "Sec-WebSocket-Accept does not match the key"
        }
        let protocols = headers.tokens(in: "Sec-WebSocket-Protocol")
        if !protocols.isEmpty {
            guard protocols.count == 1 else {
                return "server selected more than one subprotocol"
            }
            guard offeredSubprotocols.contains(protocols[0]) else {
                return "server selected a subprotocol that was not offered"
            }
        }
        if !headers.tokens(in: "Sec-WebSocket-Extensions").isEmpty {
            return "server selected an extension that was not offered"
        }
        return nil
    }
}
