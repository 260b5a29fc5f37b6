import Testing
@testable import WebSocket

@Suite("HTTP response serialization and headers")
struct HTTPResponseTests {
    @Test func textResponseBytes() {
        let response = HTTPResponse.text(.notFound, "not found")
        #expect(response.serialized(keepAlive: true) == httpBytes(
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 9\r\n\r\nnot found"))
        #expect(response.serialized(keepAlive: false) == httpBytes(
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found"))
    }

    @Test func headOnlyKeepsContentLengthButDropsTheBody() {
        let response = HTTPResponse(status: .ok, body: [1, 2, 3, 4, 5])
        #expect(response.serialized(keepAlive: true, headOnly: true) == httpBytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"))
        #expect(response.serialized(keepAlive: true) == httpBytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n") + [1, 2, 3, 4, 5])
    }

    @Test func contentLengthIsAlwaysComputed() {
        let response = HTTPResponse(status: .ok, headers: ["content-length": "999"], body: [7])
        #expect(response.serialized(keepAlive: true) == httpBytes("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n") + [7])
    }

    @Test func emptyBodyStillSaysZero() {
        #expect(HTTPResponse(status: .ok).serialized(keepAlive: true) == httpBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))
    }

    @Test func noDuplicateConnectionClose() {
        let response = HTTPResponse(status: .serviceUnavailable, headers: ["Connection": "close"])
        #expect(response.serialized(keepAlive: false)
            == httpBytes("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"))
    }

    @Test func lineBreaksInHeadersCannotSplitTheResponse() {
        let response = HTTPResponse(status: HTTPStatus(code: 200, reason: "OK\r\nX: y"),
                                    headers: ["X-A\r\nB": "v\r\nSet-Cookie: x\u{0}"])
        let text = String(decoding: response.serialized(keepAlive: true), as: UTF8.self)
        #expect(text == "HTTP/1.1 200 OK  X: y\r\nX-A  B: v  Set-Cookie: x \r\nContent-Length: 0\r\n\r\n")
    }

    @Test func everyStatusRoundTripsThroughTheResponseParser() {
        let statuses: [HTTPStatus] = [.ok, .switchingProtocols, .badRequest, .forbidden, .notFound, .methodNotAllowed,
                                      .payloadTooLarge, .uriTooLong, .upgradeRequired, .requestHeaderFieldsTooLarge,
                                      .internalServerError, .notImplemented, .serviceUnavailable, .httpVersionNotSupported]
        for status in statuses {
            var parser = HTTPResponseParser()
            guard case .response(let head, _) = parser.feed(HTTPResponse.text(status, "x").serialized(keepAlive: true)) else {
                Issue.record("\(status)"); continue
            }
            #expect(head.status == status.code && head.reason == status.reason)
            #expect(head.headers["Content-Length"] == (status.code == 101 ? nil : "1"))
        }
    }

    @Test func headersLookupsAreCaseInsensitiveAndOrdered() {
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: "a")
        headers.add(name: "X-Thing", value: "1")
        headers.add(name: "accept", value: "b")
        #expect(headers["ACCEPT"] == "a")
        #expect(headers.values(for: "Accept") == ["a", "b"])
        #expect(headers["missing"] == nil)
        #expect(headers.map(\.name) == ["Accept", "X-Thing", "accept"])
        headers.replaceOrAdd(name: "ACCEPT", value: "c")
        #expect(headers.values(for: "accept") == ["c"])
        headers.remove(name: "x-thing")
        #expect(headers.count == 1)
    }

    @Test(arguments: [
        ("keep-alive, Upgrade", "upgrade", true), ("Upgrade", "UPGRADE", true), (" ,, upgrade ,", "upgrade", true),
        ("\tUpgrade\t", "upgrade", true), ("upgrades", "upgrade", false), ("up grade", "upgrade", false),
        ("", "upgrade", false), ("keep-alive", "upgrade", false),
    ])
    func containsToken(value: String, token: String, expected: Bool) {
        let headers: HTTPHeaders = ["Connection": value]
        #expect(headers.containsToken(token, in: "connection") == expected)
    }

    @Test func containsTokenLooksAcrossLines() {
        let headers = HTTPHeaders([("Connection", "keep-alive"), ("Other", "upgrade"), ("CONNECTION", "Upgrade")])
        #expect(headers.containsToken("upgrade", in: "Connection"))
        #expect(!headers.containsToken("close", in: "Connection"))
        #expect(headers.tokens(in: "connection") == ["keep-alive", "Upgrade"])
    }
}
