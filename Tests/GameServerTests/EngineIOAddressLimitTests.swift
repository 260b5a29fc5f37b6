import Testing
import Glibc
import EngineIO
import WebSocket
import Platform
@testable import GameServer

/// Polling handshakes meet the per-address limits WebSocket upgrades meet: the handshake rate
/// for everyone, and behind a trusted proxy (whose connections are not counted per client) one
/// connection per session, released when the session ends.
@Suite(.serialized)
struct EngineIOAddressLimitTests {
    typealias Fixture = GameServerIntegrationTests.Fixture
    typealias IO = EngineIOIntegrationTests

    static func handshake(_ port: Int, from address: String) throws -> (status: Int, head: String, body: String) {
        try IO.request(port, "GET", IO.base(), headers: "X-Forwarded-For: \(address)\r\n")
    }

    static func sid(_ answer: (status: Int, head: String, body: String)) -> String? {
        guard answer.status == 200, case .success(let packets) = EngineIOPayload.decode(Array(answer.body.utf8)),
              case .open(let json)? = packets.first, case .success(let open) = EngineIOHandshake.parse(json) else { return nil }
        return open.sid
    }

    @Test func handshakesFasterThanTheRateAreRefused429() throws {
        let fixture = try Fixture {
            $0.transport.addressLimits.handshakesPerSecond = 0.5
            $0.transport.addressLimits.handshakeBurst = 3
            $0.transport.addressLimits.limitsLoopback = true
        }
        defer { fixture.stop() }
        let port = fixture.server.port
        var sids: [String] = []
        for _ in 0..<3 { sids += [Self.sid(try IO.request(port, "GET", IO.base()))].compactMap { $0 } }
        #expect(sids.count == 3)
        let refused = try IO.request(port, "GET", IO.base())
        #expect(refused.status == 429)
        #expect(refused.body.contains("too many handshakes"))
        #expect(refused.head.lowercased().contains("retry-after: 1"))
        #expect(fixture.server.loop.metrics.handshakeRateRefusals.load(ordering: .relaxed) >= 1)
        // A session's own requests are not handshakes: they are never rate-limited.
        for sid in sids { #expect(try IO.post(port, sid, [.pong("")]).status != 429) }
    }

    @Test func behindAProxyEachSessionCountsAsAConnectionOfItsClient() throws {
        let fixture = try Fixture {
            $0.transport.trustedProxies = TrustedProxies([IPNetwork("127.0.0.1")!])
            $0.transport.addressLimits.maxConnectionsPerAddress = 2
            $0.transport.addressLimits.handshakesPerSecond = 1000
            $0.transport.addressLimits.limitsLoopback = true
        }
        defer { fixture.stop() }
        let port = fixture.server.port
        let first = try #require(Self.sid(try Self.handshake(port, from: "203.0.113.7")))
        #expect(Self.sid(try Self.handshake(port, from: "203.0.113.7")) != nil)
        let third = try Self.handshake(port, from: "203.0.113.7")
        #expect(third.status == 429)
        #expect(third.body.contains("too many connections"))
        // Another client behind the same proxy is not affected.
        #expect(Self.sid(try Self.handshake(port, from: "198.51.100.2")) != nil)
        // The client ends a session: its place is free again.
        #expect(try IO.post(port, first, [.close]).status == 200)
        #expect(fixture.wait { (try? fixture.server.loop.submitAndWait { fixture.server.engineIO?.session(first) == nil }) == true })
        #expect(Self.sid(try Self.handshake(port, from: "203.0.113.7")) != nil)
    }
}
