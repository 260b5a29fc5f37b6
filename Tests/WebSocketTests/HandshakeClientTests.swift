import Testing
@testable import WebSocket

@Suite("WebSocket handshake, client side")
struct HandshakeClientTests {
    static let key = "dGhlIHNhbXBsZSBub25jZQ=="

    @Test func requestBytesAreExact() {
        let wire = WebSocketHandshake.clientRequest(host: "127.0.0.1:8080", path: "/play", key: Self.key)
        #expect(wire == httpBytes("GET /play HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: \(Self.key)\r\nSec-WebSocket-Version: 13\r\n\r\n"))
    }

    @Test func requestWithProtocolsAndOrigin() {
        let wire = WebSocketHandshake.clientRequest(host: "h", path: "", key: Self.key,
                                                    subprotocols: ["game.v2", "game.v1"], origin: "http://h")
        #expect(wire == httpBytes("GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(Self.key)\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Protocol: game.v2, game.v1\r\nOrigin: http://h\r\n\r\n"))
    }

    @Test func requestCannotBeSplitByInjectedLineBreaks() {
        let wire = WebSocketHandshake.clientRequest(host: "h\r\nEvil: 1", path: "/", key: Self.key)
        #expect(!String(decoding: wire, as: UTF8.self).contains("\r\nEvil"))
    }

    /// The client's own request, through the server's parser and handshake, and the
    /// server's answer back through the response parser and the client's check.
    @Test func roundTripThroughBothSides() {
        var generator = HTTPTestRNG(seed: 42)
        let key = WebSocketHandshake.randomKey(using: &generator)
        #expect(Base64.decode(key)?.count == 16)
        var requestParser = HTTPRequestParser()
        let wire = WebSocketHandshake.clientRequest(host: "localhost", path: "/play", key: key, subprotocols: ["b", "a"])
        guard case .request(let request, let consumed) = requestParser.feed(wire), consumed == wire.count,
              case .accept(let response, let chosen) =
                WebSocketHandshake.serverResponse(to: request, policy: .init(subprotocols: ["a", "b"])) else {
            Issue.record("server side failed"); return
        }
        #expect(chosen == "a")
        var responseParser = HTTPResponseParser()
        let frame: [UInt8] = [0x82, 0x00]
        guard case .response(let head, let used) = responseParser.feed(response.serialized(keepAlive: true) + frame) else {
            Issue.record("response parse failed"); return
        }
        #expect(used == response.serialized(keepAlive: true).count)
        #expect(WebSocketHandshake.validateServerResponse(head, key: key, offeredSubprotocols: ["b", "a"]) == nil)
    }

    static func head(status: Int = 101, removing removed: [String] = [], adding added: [(String, String)] = []) -> HTTPResponseHead {
        var headers: HTTPHeaders = [
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Accept": "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
        ]
        for name in removed { headers.remove(name: name) }
        for (name, value) in added { headers.add(name: name, value: value) }
        return HTTPResponseHead(status: status, reason: "Switching Protocols", headers: headers)
    }

    @Test func validAnswerPasses() {
        #expect(WebSocketHandshake.validateServerResponse(Self.head(), key: Self.key, offeredSubprotocols: []) == nil)
        let mixedCase = Self.head(removing: ["Upgrade", "Connection"], adding: [("upgrade", "WebSocket"), ("connection", "upgrade")])
        #expect(WebSocketHandshake.validateServerResponse(mixedCase, key: Self.key, offeredSubprotocols: []) == nil)
        let withProtocol = Self.head(adding: [("Sec-WebSocket-Protocol", "game.v1")])
        #expect(WebSocketHandshake.validateServerResponse(withProtocol, key: Self.key, offeredSubprotocols: ["game.v1"]) == nil)
    }

    static let badAnswers: [(String, HTTPResponseHead, [String])] = [
        ("non-101", head(status: 200), []),
        ("403", head(status: 403), []),
        ("missing Upgrade", head(removing: ["Upgrade"]), []),
        ("Upgrade not websocket", head(removing: ["Upgrade"], adding: [("Upgrade", "h2c")]), []),
        ("missing Connection", head(removing: ["Connection"]), []),
        ("missing Accept", head(removing: ["Sec-WebSocket-Accept"]), []),
        ("wrong Accept", head(removing: ["Sec-WebSocket-Accept"], adding: [("Sec-WebSocket-Accept", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=")]), []),
        ("Accept case changed", head(removing: ["Sec-WebSocket-Accept"], adding: [("Sec-WebSocket-Accept", "S3PPLMBITXAQ9KYGZZHZRBK+XOO=")]), []),
        ("two Accepts", head(adding: [("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")]), []),
        ("unoffered subprotocol", head(adding: [("Sec-WebSocket-Protocol", "chat")]), ["game.v1"]),
        ("subprotocol when none offered", head(adding: [("Sec-WebSocket-Protocol", "chat")]), []),
        ("two subprotocols", head(adding: [("Sec-WebSocket-Protocol", "a, b")]), ["a", "b"]),
        ("unoffered extension", head(adding: [("Sec-WebSocket-Extensions", "permessage-deflate")]), []),
    ]

    @Test(arguments: badAnswers)
    func badAnswersFail(name: String, head: HTTPResponseHead, offered: [String]) {
        let reason = WebSocketHandshake.validateServerResponse(head, key: Self.key, offeredSubprotocols: offered)
        #expect(reason != nil, "\(name) passed")
        #expect(reason?.isEmpty == false)
    }

    @Test func randomKeysDiffer() {
        #expect(WebSocketHandshake.randomKey() != WebSocketHandshake.randomKey())
        #expect(Base64.decode(WebSocketHandshake.randomKey())?.count == 16)
    }
}
