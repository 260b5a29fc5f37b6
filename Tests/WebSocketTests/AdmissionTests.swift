import Glibc
import NetworkTestSupport
import Testing
@testable import Platform
@testable import WebSocket

/// What a real server does with an upgrade before any route sees it: the Origin rule, the
/// client address behind a trusted proxy, the per-address limits, and the keep-alive pings.
@Suite(.serialized) struct AdmissionTests {
    /// A server whose `/who` answers with the client it sees; everything else is an echo.
    static func start(_ configure: (inout WebSocketConfiguration) -> Void) throws -> (LoopHarness, WebSocketServer) {
        var configuration = WebSocketConfiguration()
        configure(&configuration)
        let harness = try LoopHarness()
        let server = try startEchoServer(harness, configuration: configuration) { request in
            request.path == "/who" ? .text(.ok, request.client.map { "\($0)" } ?? "none") : nil
        }
        return (harness, server)
    }

    static func who(port: Int, from local: String = "127.0.0.1", headers: String = "") throws -> String {
        let client = try RawClient(port: port, localAddress: local)
        try client.send(Array("GET /who HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\(headers)\r\n".utf8))
        return try client.readResponse().body
    }

    @Test func foreignOriginsAre403ListedAndAbsentOnesUpgrade() throws {
        let (harness, server) = try Self.start { $0.handshakePolicy.origins = try! OriginPolicy(allowing: ["https://listed.example"]) }
        defer { harness.stop() }
        let port = server.port
        func upgrade(_ origin: String?) throws -> (status: Int, head: String, body: String) {
            let client = try RawClient(port: port)
            return try client.upgrade(path: "/", host: "127.0.0.1:\(port)", extraHeaders: origin.map { "Origin: \($0)\r\n" } ?? "")
        }
        let foreign = try upgrade("https://evil.example")
        #expect(foreign.status == 403)
        #expect(foreign.body.contains("origin not allowed"))
        #expect(try upgrade("https://listed.example").status == 101)
        #expect(try upgrade(nil).status == 101)
        #expect(try upgrade("http://127.0.0.1:\(port)").status == 101)
        #expect(try upgrade("http://127.0.0.1:\(port + 1)").status == 403)
        #expect(harness.loop.metrics.originRefusals.load(ordering: .relaxed) == 2)
    }

    @Test func forwardedForIsBelievedOnlyFromATrustedProxy() throws {
        let (harness, server) = try Self.start { $0.trustedProxies = TrustedProxies([IPNetwork("127.0.0.1")!]) }
        defer { harness.stop() }
        let forged = "X-Forwarded-For: 203.0.113.9\r\n"
        let viaProxy = try Self.who(port: server.port, from: "127.0.0.1", headers: forged)
        #expect(viaProxy.hasPrefix("203.0.113.9 (via 127.0.0.1:"), "\(viaProxy)")
        let straight = try Self.who(port: server.port, from: "127.0.0.3", headers: forged)
        #expect(straight.hasPrefix("127.0.0.3:"), "\(straight)")
        #expect(!straight.contains("203.0.113.9"))
    }

    @Test func connectionsPerClientAddressAreCappedAndReleased() throws {
        let (harness, server) = try Self.start {
            $0.trustedProxies = TrustedProxies([IPNetwork("127.0.0.1")!])
            $0.addressLimits.maxConnectionsPerAddress = 2
            $0.addressLimits.handshakesPerSecond = 1000
            $0.addressLimits.limitsLoopback = true
        }
        defer { harness.stop() }
        let port = server.port
        let as7 = "X-Forwarded-For: 198.51.100.7\r\n"
        let first = try RawClient(port: port)
        #expect(try first.upgrade(path: "/", extraHeaders: as7).status == 101)
        let second = try RawClient(port: port)
        #expect(try second.upgrade(path: "/", extraHeaders: as7).status == 101)
        let third = try RawClient(port: port)
        let refused = try third.upgrade(path: "/", extraHeaders: as7)
        #expect(refused.status == 429)
        #expect(refused.head.contains("Retry-After: 1"))
        #expect(refused.body.contains("too many connections"))
        // Another client behind the same proxy is not affected.
        #expect(try RawClient(port: port).upgrade(path: "/", extraHeaders: "X-Forwarded-For: 198.51.100.8\r\n").status == 101)
        // One closes: a new one gets in.
        try first.sendFrame(opcode: 8, payload: RawClient.closePayload(1000))
        #expect(first.waitForEOF())
        #expect(waitUntil { (try? RawClient(port: port).upgrade(path: "/", extraHeaders: as7).status) == 101 })
        #expect(harness.loop.metrics.addressConnectionRefusals.load(ordering: .relaxed) >= 1)
    }

    @Test func directClientsOverTheirLimitGet429AtAccept() throws {
        let (harness, server) = try Self.start {
            $0.addressLimits.maxConnectionsPerAddress = 2
            $0.addressLimits.limitsLoopback = true
        }
        defer { harness.stop() }
        let held = try (0..<2).map { _ in try RawClient(port: server.port, localAddress: "127.0.0.5") }
        let over = try RawClient(port: server.port, localAddress: "127.0.0.5")
        let answer = try over.readResponse()
        #expect(answer.status == 429)
        #expect(over.waitForEOF())
        // Another address still gets in.
        #expect(try RawClient(port: server.port, localAddress: "127.0.0.6").upgrade(path: "/").status == 101)
        _ = held
    }

    @Test func handshakesPerSecondAreRateLimited() throws {
        let (harness, server) = try Self.start {
            $0.addressLimits.handshakesPerSecond = 4
            $0.addressLimits.handshakeBurst = 3
            $0.addressLimits.limitsLoopback = true
        }
        defer { harness.stop() }
        var held: [RawClient] = []
        for _ in 0..<3 {
            let client = try RawClient(port: server.port, localAddress: "127.0.0.7")
            #expect(try client.upgrade(path: "/").status == 101)
            held.append(client)
        }
        let refused = try RawClient(port: server.port, localAddress: "127.0.0.7").upgrade(path: "/")
        #expect(refused.status == 429)
        #expect(refused.body.contains("too many handshakes"))
        #expect(harness.loop.metrics.handshakeRateRefusals.load(ordering: .relaxed) == 1)
        // A quarter of a second later the bucket holds one more.
        #expect(waitUntil { (try? RawClient(port: server.port, localAddress: "127.0.0.7").upgrade(path: "/").status) == 101 })
    }

    @Test func quietConnectionsArePingedAndAPongKeepsThemOpen() throws {
        let (harness, server) = try Self.start {
            $0.pingInterval = 200_000_000
            $0.idleTimeout = 2_000_000_000
        }
        defer { harness.stop() }
        let client = try RawClient(port: server.port)
        try client.handshake()
        // Three pings answered in turn: the connection outlives the idle time-out.
        let start = Monotonic.now()
        var pings = 0
        while Monotonic.now() - start < 2_600_000_000 {
            guard let frame = try client.readFrame() else { break }
            if frame.opcode == 9 {
                pings += 1
                try client.sendFrame(opcode: 10, payload: frame.payload)
            }
        }
        #expect(pings >= 5)
        try client.sendFrame(opcode: 2, payload: [1, 2, 3])
        #expect(try client.readFrame()?.payload == [1, 2, 3])
    }

    @Test func withPingsOffAQuietConnectionHearsNothing() throws {
        let (harness, server) = try Self.start { $0.pingInterval = 0 }
        defer { harness.stop() }
        let client = try RawClient(port: server.port)
        try client.handshake()
        #expect(client.isQuiet(for: 0.8))
    }
}
