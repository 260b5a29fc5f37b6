import Arena
import Auth
import BotKit
import Glibc
import NetworkTestSupport
import Platform
import Testing
import Wire
@testable import GameServer
@testable import WebSocket

/// Every refusal before 101 on a real server (foreign Origin, each join-token defect, the
/// per-address limits), made while an honest player in the same room plays on: it must see no
/// drop and no hash mismatch.
@Suite(.serialized) struct AdmissionIntegrationTests {
    static let secret = Array("a test secret of well over thirty-two bytes".utf8)
    static let now = Int64(time(nil))

    static func segment(_ json: String) -> String { Base64URL.encode(Array(json.utf8)) }

    /// A token built by hand: any header, any claims, signed with `key` (or with `signature`).
    static func token(header: String = #"{"alg":"HS256","typ":"JWT"}"#, claims: String, key: [UInt8] = secret, signature: String? = nil) -> String {
        let signingInput = segment(header) + "." + segment(claims)
        let mac = signature ?? Base64URL.encode(HMACSHA256.authenticationCode(for: Array(signingInput.utf8), secret: key).bytes)
        return signingInput + "." + mac
    }

    static func claims(name: String = "Mallory", exp: Int64? = now + 600, nbf: Int64? = nil) -> String {
        var fields = [#""name":"\#(name)""#, #""sub":"id-\#(name)""#]
        if let exp { fields.append(#""exp":\#(exp)"#) }
        if let nbf { fields.append(#""nbf":\#(nbf)"#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func player(token: String, from address: String) -> [(name: String, value: String)] {
        [("Authorization", "Bearer \(token)"), ("X-Forwarded-For", address)]
    }

    /// Upgrades with a raw socket and returns the answer.
    static func upgrade(_ fixture: Fixture, _ path: String, from address: String, headers: String = "") throws -> (status: Int, head: String, body: String) {
        let client = try RawClient(port: fixture.server.port)
        return try client.upgrade(path: path, extraHeaders: "X-Forwarded-For: \(address)\r\n" + headers)
    }

    static let valid = JoinTokenMinter.mint(claims: JoinClaims(name: "Grace", subject: "user-7", expires: now + 600), secret: secret)

    static let defects: [(String, String, String)] = [
        ("no token", "", "a join token is required"),
        ("bad signature", token(claims: claims(), key: Array("another secret, also more than 32 bytes".utf8)), "signature"),
        ("payload changed after signing", {
            let parts = token(claims: claims(name: "Eve")).split(separator: ".")
            return "\(parts[0]).\(segment(claims(name: "Admin"))).\(parts[2])"
        }(), "signature"),
        ("alg none", token(header: #"{"alg":"none","typ":"JWT"}"#, claims: claims(), signature: ""), "HS256"),
        ("alg HS512", token(header: #"{"alg":"HS512","typ":"JWT"}"#, claims: claims()), "HS256"),
        ("alg RS256", token(header: #"{"alg":"RS256","typ":"JWT"}"#, claims: claims()), "HS256"),
        ("expired", token(claims: claims(exp: now - 60)), "expired"),
        ("not yet valid", token(claims: claims(nbf: now + 600)), "not yet valid"),
        ("missing exp", token(claims: claims(exp: nil)), "exp"),
        ("malformed base64", "eyJ!!!.eyJ.abc", "malformed"),
        ("malformed JSON", token(header: #"{"alg":"HS256""#, claims: claims()), "malformed"),
        ("two parts", "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9", "malformed"),
        // Sent as a header: a query this long is 414 before any route (see below).
        ("oversize", token(claims: claims(name: String(repeating: "x", count: 1600))), "longer than"),
    ]

    typealias Fixture = GameServerIntegrationTests.Fixture

    static func fixture() throws -> Fixture {
        try Fixture { configuration in
            configuration.seed = 7
            configuration.settings["drones"] = 0
            configuration.joinTokens = JoinTokenVerifier(secret: AdmissionIntegrationTests.secret)
            configuration.transport.trustedProxies = TrustedProxies([IPNetwork("127.0.0.1")!])
            configuration.transport.handshakePolicy.origins = try! OriginPolicy(allowing: ["https://listed.example"])
            configuration.transport.addressLimits.maxConnectionsPerAddress = 2
            configuration.transport.addressLimits.handshakesPerSecond = 1000
            configuration.transport.addressLimits.limitsLoopback = true
        }
    }

    @Test func everyRefusalIsMadeBefore101WhileAnHonestPlayerPlaysOn() throws {
        let fixture = try Self.fixture()
        defer { fixture.stop() }
        let honest = try fixture.connect("hello-name", headers: Self.player(token: Self.valid, from: "203.0.113.1"))
        #expect(fixture.wait { honest.state == .playing && honest.snapshotsReceived > 5 })
        let before = try fixture.onClients { honest.snapshotsReceived }

        // Each token defect: 401 with its reason, and WWW-Authenticate.
        for (index, (name, token, reason)) in Self.defects.enumerated() {
            let answer = name == "oversize"
                ? try Self.upgrade(fixture, "/play", from: "198.51.100.\(10 + index)", headers: "Authorization: Bearer \(token)\r\n")
                : try Self.upgrade(fixture, token.isEmpty ? "/play" : "/play?token=\(token)", from: "198.51.100.\(10 + index)")
            #expect(answer.status == 401, "\(name): \(answer.head)")
            #expect(answer.body.lowercased().contains(reason.lowercased()), "\(name): \(answer.body)")
            #expect(answer.head.contains("WWW-Authenticate: Bearer"), "\(name)")
        }
        // The same token in the header works, and the name comes from the token, not from hello.
        let second = try fixture.connect("impostor", headers: Self.player(token: Self.valid, from: "203.0.113.2"))
        #expect(fixture.wait { second.state == .playing })
        #expect(fixture.wait { honest.eventsReceived.contains { if case .joined(_, "Grace") = $0 { true } else { false } } })
        #expect(try fixture.onClients { !honest.eventsReceived.contains { if case .joined(_, "impostor") = $0 { true } else { false } } })

        // Origins: foreign 403, listed 101, none 101.
        let bearer = "Authorization: Bearer \(Self.valid)\r\n"
        #expect(try Self.upgrade(fixture, "/play", from: "198.51.100.40", headers: bearer + "Origin: https://evil.example\r\n").status == 403)
        #expect(try Self.upgrade(fixture, "/play", from: "198.51.100.41", headers: bearer + "Origin: https://listed.example\r\n").status == 101)
        #expect(try Self.upgrade(fixture, "/play", from: "198.51.100.42", headers: bearer).status == 101)
        #expect(try Self.upgrade(fixture, "/replay?file=x.rec", from: "198.51.100.43", headers: "Origin: https://evil.example\r\n").status == 403)

        // Per-address limit: two held, the third refused, released when one leaves.
        let first = try RawClient(port: fixture.server.port)
        #expect(try first.upgrade(path: "/play", extraHeaders: "X-Forwarded-For: 198.51.100.7\r\n" + bearer).status == 101)
        let held = try RawClient(port: fixture.server.port)
        #expect(try held.upgrade(path: "/play", extraHeaders: "X-Forwarded-For: 198.51.100.7\r\n" + bearer).status == 101)
        let over = try Self.upgrade(fixture, "/play", from: "198.51.100.7", headers: bearer)
        #expect(over.status == 429)
        try first.sendFrame(opcode: 8, payload: RawClient.closePayload(1000))
        _ = first.waitForEOF()
        #expect(fixture.wait { (try? Self.upgrade(fixture, "/play", from: "198.51.100.7", headers: bearer).status) == 101 })

        // The honest player noticed nothing.
        let after = try fixture.onClients { honest.snapshotsReceived }
        #expect(after > before + 10)
        #expect(try fixture.onClients { honest.state } == .playing)
        #expect(try fixture.onClients { honest.hashMismatches } == 0)
        #expect(try fixture.onClients { honest.errors } == [])
        let metrics = try #require(MetricsScrape.httpGet(host: "127.0.0.1", port: fixture.server.port, path: "/metrics"))
        #expect(metrics.contains("game_refused_total{reason=\"token\"} \(Self.defects.count)"), "\(metrics)")
        #expect(metrics.contains("game_refused_total{reason=\"origin\"} 2"))
        #expect(!metrics.contains("game_refused_total{reason=\"address_connections\"} 0"))
    }

    @Test func metricsCanMoveToTheirOwnListenerAndReplaysCanBeOff() throws {
        var configuration = GameServerConfiguration()
        configuration.port = 0
        configuration.webRoot = nil
        configuration.metricsListener = .init(host: "127.0.0.1", port: 0)
        configuration.servesReplays = false
        let server = try GameServer<Arena>(configuration: configuration)
        let thread = server.start()
        defer {
            server.shutdown()
            thread.join()
        }
        let metricsPort = try #require(server.metricsPort)
        #expect(MetricsScrape.httpGet(host: "127.0.0.1", port: metricsPort, path: "/metrics")?.contains("game_ticks_total") == true)
        #expect(MetricsScrape.httpGet(host: "127.0.0.1", port: server.port, path: "/metrics") == nil)
        #expect(MetricsScrape.httpGet(host: "127.0.0.1", port: server.port, path: "/replays") == nil)
        #expect(MetricsScrape.httpGet(host: "127.0.0.1", port: server.port, path: "/healthz") == "ok\n")
    }
}
