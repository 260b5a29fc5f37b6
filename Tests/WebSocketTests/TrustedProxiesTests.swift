import Testing
import Platform
@testable import WebSocket

struct TrustedProxiesTests {
    static let proxy = IPAddress("10.0.0.1")!
    static let proxies = TrustedProxies([IPNetwork("10.0.0.0/24")!, IPNetwork("fd00::/8")!])

    static func headers(_ pairs: [(String, String)]) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "game.example.com")
        for (name, value) in pairs { headers.add(name: name, value: value) }
        return headers
    }

    static func client(_ pairs: [(String, String)], peer: IPAddress = proxy, proxies: TrustedProxies = proxies) -> HTTPClient {
        proxies.client(peer: peer, port: 5000, headers: headers(pairs))
    }

    @Test func withoutTrustedProxiesEveryHeaderIsIgnored() {
        let client = Self.client([("X-Forwarded-For", "203.0.113.9"), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "evil.example")],
                                 proxies: TrustedProxies())
        #expect(client.address == Self.proxy)
        #expect(!client.isForwarded)
        #expect(client.scheme == "http")
        #expect(client.host == "game.example.com")
        #expect(client.description == "10.0.0.1:5000")
    }

    @Test func aForgedHeaderFromAnUntrustedPeerChangesNothing() {
        let stranger = IPAddress("198.51.100.4")!
        let client = Self.client([("X-Forwarded-For", "10.0.0.2"), ("X-Forwarded-Proto", "https")], peer: stranger)
        #expect(client.address == stranger)
        #expect(!client.isForwarded)
        #expect(client.scheme == "http")
    }

    @Test(arguments: [
        // nginx appends the address it saw: the rightmost untrusted entry is the client.
        ("203.0.113.9", "203.0.113.9"),
        ("1.1.1.1, 203.0.113.9", "203.0.113.9"),
        // Our own proxies chain: skip them.
        ("203.0.113.9, 10.0.0.7", "203.0.113.9"),
        ("6.6.6.6, 203.0.113.9, 10.0.0.7, 10.0.0.8", "203.0.113.9"),
        // The client forged a trusted-looking entry at the left: it is left of the client and never read.
        ("10.0.0.9, 203.0.113.9", "203.0.113.9"),
        // Garbage the client wrote is left of the real client, never reached.
        ("not-an-address, 203.0.113.9", "203.0.113.9"),
        ("2001:db8::5", "2001:db8::5"), ("[2001:db8::5]:4711", "2001:db8::5"), ("203.0.113.9:4711", "203.0.113.9"),
        ("  203.0.113.9  ", "203.0.113.9"),
        // Every entry trusted: the leftmost is the best we know.
        ("10.0.0.5, 10.0.0.6", "10.0.0.5"),
    ])
    func readsRightToLeftStoppingAtTheFirstUntrustedAddress(header: String, expected: String) {
        let client = Self.client([("X-Forwarded-For", header)])
        #expect(client.address == IPAddress(expected))
        #expect(client.isForwarded)
        #expect(client.description == "\(expected) (via 10.0.0.1:5000)")
    }

    @Test func severalHeaderLinesReadAsOneList() {
        let client = Self.client([("X-Forwarded-For", "6.6.6.6"), ("X-Forwarded-For", "203.0.113.9, 10.0.0.3")])
        #expect(client.address == IPAddress("203.0.113.9"))
    }

    @Test func anUnreadableRightmostEntryLeavesTheProxyAsTheClient() {
        let client = Self.client([("X-Forwarded-For", "203.0.113.9, garbage")])
        #expect(client.address == Self.proxy)
        #expect(!client.isForwarded)
    }

    @Test func aLongChainStopsAtTheHopLimit() {
        let chain = (["203.0.113.9"] + Array(repeating: "10.0.0.5", count: TrustedProxies.maxHops + 4)).joined(separator: ", ")
        let client = Self.client([("X-Forwarded-For", chain)])
        #expect(client.address == IPAddress("10.0.0.5"))
    }

    @Test func schemeAndHostFromATrustedProxy() {
        let client = Self.client([("X-Forwarded-For", "203.0.113.9"), ("X-Forwarded-Proto", "HTTPS"), ("X-Forwarded-Host", "play.example.com")])
        #expect(client.scheme == "https")
        #expect(client.host == "play.example.com")
        let odd = Self.client([("X-Forwarded-Proto", "gopher")])
        #expect(odd.scheme == "http")
    }
}
