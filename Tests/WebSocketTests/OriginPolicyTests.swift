import Testing
import Platform
@testable import WebSocket

struct OriginPolicyTests {
    @Test(arguments: [
        ("https://Game.Example.com", "https://game.example.com"), ("https://game.example.com:443", "https://game.example.com"),
        ("http://game.example.com:80", "http://game.example.com"), ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://game.example.com/", "https://game.example.com"), ("http://[::1]:3000", "http://[::1]:3000"),
        ("http://localhost:0080", "http://localhost"), ("null", "null"),
    ])
    func normalizes(text: String, expected: String) {
        #expect(OriginPolicy.normalize(text) == expected)
    }

    @Test(arguments: ["game.example.com", "ftp://game.example.com", "https://", "https://a.example/path", "https://u@a.example",
                      "https://a.example:99999", "https://a.example:x", "https://a.example?q", "http://[::1", "https://a .example"])
    func refusesWhatIsNotAnOrigin(text: String) {
        #expect(OriginPolicy.normalize(text) == nil)
        #expect(throws: OriginPolicyError.self) { try OriginPolicy(allowing: [text]) }
    }

    @Test func theServersOwnOriginPassesOthersDoNot() {
        let policy = OriginPolicy.sameOrigin
        #expect(policy.allows(origins: ["http://127.0.0.1:8080"], scheme: "http", host: "127.0.0.1:8080"))
        #expect(policy.allows(origins: ["HTTP://LOCALHOST:8080"], scheme: "http", host: "localhost:8080"))
        #expect(policy.allows(origins: ["https://game.example.com"], scheme: "https", host: "game.example.com:443"))
        #expect(!policy.allows(origins: ["https://evil.example"], scheme: "http", host: "127.0.0.1:8080"))
        // Same host, another port or scheme: another origin.
        #expect(!policy.allows(origins: ["http://127.0.0.1:8081"], scheme: "http", host: "127.0.0.1:8080"))
        #expect(!policy.allows(origins: ["https://127.0.0.1:8080"], scheme: "http", host: "127.0.0.1:8080"))
        #expect(!policy.allows(origins: ["null"], scheme: "http", host: "127.0.0.1:8080"))
        // No Origin: not a browser.
        #expect(policy.allows(origins: [], scheme: "http", host: "127.0.0.1:8080"))
        // Two Origin headers, or a garbled one: refused.
        #expect(!policy.allows(origins: ["http://127.0.0.1:8080", "http://127.0.0.1:8080"], scheme: "http", host: "127.0.0.1:8080"))
        #expect(!policy.allows(origins: ["http://127.0.0.1:8080/x"], scheme: "http", host: "127.0.0.1:8080"))
        #expect(!policy.allows(origins: ["http://127.0.0.1:8080"], scheme: "http", host: nil))
    }

    @Test func listedOriginsAndTheWildcard() throws {
        let listed = try OriginPolicy(allowing: ["https://play.example.com", "http://localhost:3000"])
        #expect(listed.allows(origins: ["https://play.example.com"], scheme: "http", host: "10.0.0.5:8080"))
        #expect(listed.allows(origins: ["http://localhost:3000"], scheme: "http", host: "10.0.0.5:8080"))
        #expect(!listed.allows(origins: ["https://evil.example"], scheme: "http", host: "10.0.0.5:8080"))
        let any = try OriginPolicy(allowing: ["*"])
        #expect(any.allows(origins: ["https://evil.example"], scheme: "http", host: "10.0.0.5:8080"))
    }

    @Test func aRequestIsJudgedByItsClientsSchemeAndHost() {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "game.example.com")
        headers.add(name: "Origin", value: "https://game.example.com")
        var request = HTTPRequest(target: "/play", headers: headers)
        // Plain http as the server sees it: https page, different origin.
        #expect(!OriginPolicy.sameOrigin.allows(request))
        // Behind a trusted proxy that says the client used https.
        let proxy = IPAddress("127.0.0.1")!
        request.client = HTTPClient(address: IPAddress("203.0.113.5")!, peerAddress: proxy, peerPort: 4000, isForwarded: true,
                                    scheme: "https", host: "game.example.com")
        #expect(OriginPolicy.sameOrigin.allows(request))
    }
}
