import Testing
@testable import WebSocket

@Suite("WebSocket handshake, server side")
struct HandshakeTests {
    static let sampleKey = "dGhlIHNhbXBsZSBub25jZQ=="

    /// A valid RFC 6455 §1.3 request, with optional edits applied to its headers.
    static func request(method: String = "GET", versionMinor: Int = 1,
                        removing removed: [String] = [], adding added: [(String, String)] = []) -> HTTPRequest {
        var headers: HTTPHeaders = [
            "Host": "server.example.com",
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Key": sampleKey,
            "Sec-WebSocket-Version": "13",
        ]
        for name in removed { headers.remove(name: name) }
        for (name, value) in added { headers.add(name: name, value: value) }
        return HTTPRequest(method: method, target: "/chat", versionMinor: versionMinor, headers: headers)
    }

    static func rejection(_ request: HTTPRequest, policy: WebSocketHandshakePolicy = .init()) -> HTTPResponse? {
        guard case .reject(let response) = WebSocketHandshake.serverResponse(to: request, policy: policy) else { return nil }
        return response
    }

    @Test func acceptValueForTheRFCSampleKey() {
        #expect(WebSocketHandshake.acceptValue(forKey: Self.sampleKey) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func acceptsAValidRequestWithExactBytes() {
        guard case .accept(let response, let subprotocol) =
                WebSocketHandshake.serverResponse(to: Self.request(), policy: .init()) else {
            Issue.record("rejected a valid handshake"); return
        }
        #expect(subprotocol == nil)
        let expected = "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            + "\r\n"
        #expect(response.serialized(keepAlive: true) == httpBytes(expected))
        // keepAlive=false must not add "Connection: close" to a 101.
        #expect(response.serialized(keepAlive: false) == httpBytes(expected))
    }

    @Test func acceptsAParsedBrowserRequest() {
        var parser = HTTPRequestParser()
        let wire = "GET /play HTTP/1.1\r\nHost: localhost:8080\r\nConnection: keep-alive, Upgrade\r\n"
            + "upgrade: WebSocket\r\nsec-websocket-version: 13\r\nsec-websocket-key: \(Self.sampleKey)\r\n"
            + "Origin: http://localhost:8080\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"
        guard case .request(let request, _) = parser.feed(httpBytes(wire)) else { Issue.record("parse"); return }
        #expect(WebSocketHandshake.isUpgradeRequest(request))
        guard case .accept(let response, _) = WebSocketHandshake.serverResponse(to: request, policy: .init()) else {
            Issue.record("rejected"); return
        }
        #expect(response.status == .switchingProtocols)
        #expect(!response.headers.contains(name: "Sec-WebSocket-Extensions"))
    }

    @Test(arguments: [
        ("Connection", "keep-alive, Upgrade"), ("Connection", "UPGRADE"), ("Connection", "upgrade,keep-alive"),
        ("Upgrade", "WebSocket"), ("Upgrade", "h2c, websocket"), ("Upgrade", "WEBSOCKET"),
    ])
    func tokenListsAreCaseInsensitive(name: String, value: String) {
        let request = Self.request(removing: [name], adding: [(name, value)])
        #expect(WebSocketHandshake.isUpgradeRequest(request) == true)
        guard case .accept = WebSocketHandshake.serverResponse(to: request, policy: .init()) else {
            Issue.record("\(name): \(value) rejected"); return
        }
    }

    @Test func tokensMaySpanRepeatedHeaderLines() {
        let request = Self.request(removing: ["Connection"], adding: [("Connection", "keep-alive"), ("Connection", "Upgrade")])
        guard case .accept = WebSocketHandshake.serverResponse(to: request, policy: .init()) else {
            Issue.record("rejected"); return
        }
    }

    @Test func wrongMethodIs405WithAllow() {
        let response = Self.rejection(Self.request(method: "POST"))
        #expect(response?.status == .methodNotAllowed)
        #expect(response?.headers["Allow"] == "GET")
    }

    /// Each entry: (description, request) and the status it must be refused with.
    static let rejections: [(String, HTTPRequest, HTTPStatus)] = [
        ("HTTP/1.0", request(versionMinor: 0), .badRequest),
        ("missing Host", request(removing: ["Host"]), .badRequest),
        ("two Hosts", request(adding: [("Host", "other")]), .badRequest),
        ("missing Upgrade", request(removing: ["Upgrade"]), .badRequest),
        ("Upgrade not websocket", request(removing: ["Upgrade"], adding: [("Upgrade", "h2c")]), .badRequest),
        ("Upgrade websockets", request(removing: ["Upgrade"], adding: [("Upgrade", "websockets")]), .badRequest),
        ("missing Connection", request(removing: ["Connection"]), .badRequest),
        ("Connection keep-alive only", request(removing: ["Connection"], adding: [("Connection", "keep-alive")]), .badRequest),
        ("missing key", request(removing: ["Sec-WebSocket-Key"]), .badRequest),
        ("empty key", request(removing: ["Sec-WebSocket-Key"], adding: [("Sec-WebSocket-Key", "")]), .badRequest),
        ("key not base64", request(removing: ["Sec-WebSocket-Key"], adding: [("Sec-WebSocket-Key", "not base64 at all!!")]), .badRequest),
        ("key unpadded", request(removing: ["Sec-WebSocket-Key"], adding: [("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ")]), .badRequest),
        ("key of 15 bytes", request(removing: ["Sec-WebSocket-Key"],
                                    adding: [("Sec-WebSocket-Key", Base64.encode([UInt8](repeating: 7, count: 15)))]), .badRequest),
        ("key of 17 bytes", request(removing: ["Sec-WebSocket-Key"],
                                    adding: [("Sec-WebSocket-Key", Base64.encode([UInt8](repeating: 7, count: 17)))]), .badRequest),
        ("two keys", request(adding: [("Sec-WebSocket-Key", sampleKey)]), .badRequest),
        ("missing version", request(removing: ["Sec-WebSocket-Version"]), .upgradeRequired),
        ("version 8", request(removing: ["Sec-WebSocket-Version"], adding: [("Sec-WebSocket-Version", "8")]), .upgradeRequired),
        ("version 13 and 8", request(adding: [("Sec-WebSocket-Version", "8")]), .upgradeRequired),
    ]

    @Test(arguments: rejections)
    func rejectsWithTheRightStatus(name: String, request: HTTPRequest, status: HTTPStatus) {
        guard let response = Self.rejection(request) else { Issue.record("\(name) was accepted"); return }
        #expect(response.status == status, "\(name)")
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(!response.body.isEmpty)
        if status == .upgradeRequired {
            #expect(response.headers["Sec-WebSocket-Version"] == "13")
        }
    }

    @Test(arguments: [
        (["game.v2", "game.v1"], ["game.v1", "game.v2"], "game.v2"),   // server preference wins
        (["game.v2", "game.v1"], ["game.v1"], "game.v1"),
        (["game.v1"], ["chat", "superchat"], nil),                      // no overlap: no header
        ([], ["game.v1"], nil),                                          // server speaks none
        (["game.v1"], [], nil),
        (["Game.V1"], ["game.v1"], nil),                                 // names are case-sensitive
    ] as [([String], [String], String?)])
    func subprotocolNegotiation(supported: [String], offered: [String], chosen: String?) {
        let added = offered.isEmpty ? [] : [("Sec-WebSocket-Protocol", offered.joined(separator: ", "))]
        let request = Self.request(adding: added)
        guard case .accept(let response, let subprotocol) =
                WebSocketHandshake.serverResponse(to: request, policy: .init(subprotocols: supported)) else {
            Issue.record("rejected"); return
        }
        #expect(subprotocol == chosen)
        #expect(response.headers["Sec-WebSocket-Protocol"] == chosen)
        #expect(response.headers.values(for: "Sec-WebSocket-Protocol").count == (chosen == nil ? 0 : 1))
    }

    @Test func subprotocolsAcrossRepeatedLines() {
        let request = Self.request(adding: [("Sec-WebSocket-Protocol", "a"), ("Sec-WebSocket-Protocol", "b ,  c")])
        guard case .accept(_, let subprotocol) =
                WebSocketHandshake.serverResponse(to: request, policy: .init(subprotocols: ["c"])) else {
            Issue.record("rejected"); return
        }
        #expect(subprotocol == "c")
    }

    @Test func isUpgradeRequestRoutesOnlyWebSocketUpgrades() {
        #expect(WebSocketHandshake.isUpgradeRequest(Self.request()))
        #expect(!WebSocketHandshake.isUpgradeRequest(Self.request(removing: ["Upgrade"])))
        #expect(!WebSocketHandshake.isUpgradeRequest(HTTPRequest(target: "/", headers: ["Upgrade": "h2c"])))
    }
}
