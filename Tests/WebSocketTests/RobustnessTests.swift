import NetworkTestSupport
import Testing
import Glibc
@testable import WebSocket
@testable import Platform

/// Bad input of every kind over real sockets: each is answered with the right status or close
/// code within a bounded time, while a well-behaved client on the same loop carries on.
@Suite(.serialized) struct RobustnessTests {
    static func quickConfiguration() -> WebSocketConfiguration {
        var configuration = WebSocketConfiguration()
        configuration.handshakeTimeout = 300_000_000
        configuration.closeTimeout = 500_000_000
        configuration.maxMessageSize = 64 * 1024
        configuration.maxOutboundBytes = 256 * 1024
        configuration.stallTimeout = 1_000_000_000
        return configuration
    }

    /// Asserts that an honest client on the same server still gets its echo.
    private func assertHonestClientWorks(port: Int) throws {
        let honest = try RawClient(port: port)
        try honest.handshake()
        try honest.sendFrame(opcode: 2, payload: [9, 8, 7])
        #expect(try honest.readFrame() == RawClient.Frame(fin: true, rsv: 0, opcode: 2, payload: [9, 8, 7]))
    }

    @Test func slowLorisHeadersAreCutOffAtTheHandshakeTimeout() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let server = try startEchoServer(harness, configuration: Self.quickConfiguration())
        let loris = try RawClient(port: server.port)
        let started = Monotonic.now()
        try loris.send(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8))
        var closed = false
        for index in 0..<40 {
            // One header byte every 50 ms: never completes, never passes the size limit.
            let sent = Array("X-Slow-\(index): y\r\n".utf8).withUnsafeBytes { Glibc.send(loris.fd, $0.baseAddress, 1, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { closed = true; break }
            usleep(50_000)
            try assertHonestClientWorksIfFirst(index, port: server.port)
        }
        let elapsed = Double(Monotonic.now() - started) / 1e9
        #expect(closed || loris.waitForEOF())
        #expect(elapsed < 2.0, "the slow client was cut off after \(elapsed) s")
    }

    private func assertHonestClientWorksIfFirst(_ index: Int, port: Int) throws {
        if index == 2 { try assertHonestClientWorks(port: port) }
    }

    @Test func oversizedHeadersGet431() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let server = try startEchoServer(harness, configuration: Self.quickConfiguration())
        let client = try RawClient(port: server.port)
        let big = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 10_000))\r\n\r\n"
        try client.send(Array(big.utf8))
        #expect(try client.readHTTPHead().hasPrefix("HTTP/1.1 431"))
        #expect(client.waitForEOF())
        try assertHonestClientWorks(port: server.port)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n", "HTTP/1.1 426"),
        ("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n", "HTTP/1.1 400"),
        ("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n\r\n", "HTTP/1.1 400"),
        ("POST / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", "HTTP/1.1 405"),
        ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", "HTTP/1.1 505"),
        ("BLAH\r\n\r\n", "HTTP/1.1 400"),
    ])
    func badHandshakesGetTheRightStatus(request: String, expected: String) throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let server = try startEchoServer(harness, configuration: Self.quickConfiguration())
        let client = try RawClient(port: server.port)
        try client.send(Array(request.utf8))
        let head = try client.readHTTPHead()
        #expect(head.hasPrefix(expected), "got \(head)")
        #expect(client.waitForEOF())
        try assertHonestClientWorks(port: server.port)
    }

    @Test(arguments: [
        ("unmasked frame", RawClient.frame(opcode: 2, payload: [1, 2, 3], masked: false), UInt16(1002)),
        ("reserved opcode", RawClient.frame(opcode: 3, payload: []), UInt16(1002)),
        ("RSV1 without extension", RawClient.frame(opcode: 2, payload: [1], rsv: 4), UInt16(1002)),
        ("message over the limit", RawClient.frame(opcode: 2, payload: [UInt8](repeating: 0, count: 64 * 1024 + 1)), UInt16(1009)),
        ("invalid UTF-8", RawClient.frame(opcode: 1, payload: [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80]), UInt16(1007)),
        ("continuation without start", RawClient.frame(opcode: 0, payload: [1]), UInt16(1002)),
        ("fragmented ping", RawClient.frame(opcode: 9, payload: [1], fin: false), UInt16(1002)),
        ("close with 1-byte payload", RawClient.frame(opcode: 8, payload: [3]), UInt16(1002)),
        ("close with code 1005", RawClient.frame(opcode: 8, payload: RawClient.closePayload(1005)), UInt16(1002)),
    ])
    func protocolViolationsCloseWithTheirCode(name: String, bytes: [UInt8], code: UInt16) throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let server = try startEchoServer(harness, configuration: Self.quickConfiguration())
        let client = try RawClient(port: server.port)
        try client.handshake()
        try client.send(bytes)
        let close = try client.readUntilClose()
        #expect(close?.closeCode == code, "\(name): got \(String(describing: close))")
        #expect(client.waitForEOF(), "\(name): the server must close the TCP connection")
        try assertHonestClientWorks(port: server.port)
    }

    @Test func aPeerThatNeverReadsIsDroppedAndMemoryStaysBounded() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let configuration = Self.quickConfiguration()
        let server = try startEchoServer(harness, configuration: configuration)
        let hog = try RawClient(port: server.port)
        var size: Int32 = 4096
        setsockopt(hog.fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        try hog.handshake()
        hog.setTimeout(0.2)
        // Send echo requests and never read the echoes: the server's queue for us must hit its
        // limit and the server must drop us instead of buffering without bound.
        let message = RawClient.frame(opcode: 2, payload: [UInt8](repeating: 0x55, count: 32 * 1024))
        var maxQueued = 0
        var dropped = false
        for _ in 0..<400 {
            if (try? hog.send(message)) == nil { dropped = true; break }
            let queued = try harness.sync { () -> Int in
                var most = 0
                harness.loop.forEachConnection { most = max(most, ($0 as? WebSocketConnection)?.queuedByteCount ?? 0) }
                return most
            }
            maxQueued = max(maxQueued, queued)
            if try harness.sync({ harness.loop.connectionCount }) == 0 { dropped = true; break }
        }
        #expect(dropped, "a peer that never reads must be disconnected")
        #expect(maxQueued <= configuration.maxOutboundBytes + 64 * 1024)
        #expect(try harness.sync { harness.loop.metrics.outboundLimitCloses.load(ordering: .relaxed) } >= 1)
        try assertHonestClientWorks(port: server.port)
    }

    @Test func aPeerThatSendsButNeverReadsIsThrottledThenDroppedWhenItStalls() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        var configuration = Self.quickConfiguration()
        configuration.maxOutboundBytes = 64 << 20
        configuration.readPauseBytes = 128 * 1024
        let server = try startEchoServer(harness, configuration: configuration)
        let hog = try RawClient(port: server.port)
        var size: Int32 = 4096
        setsockopt(hog.fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        try hog.handshake()
        hog.setTimeout(0.1)
        // Echo requests, never reading the echoes: the server must stop reading (so TCP pushes
        // back on us) instead of queueing our echoes without bound, then drop us for stalling.
        let message = RawClient.frame(opcode: 2, payload: [UInt8](repeating: 0x55, count: 16 * 1024))
        var maxQueued = 0
        let started = Monotonic.now()
        while Monotonic.now() - started < 4_000_000_000 {
            _ = try? hog.send(message)
            let (queued, open) = try harness.sync { () -> (Int, Int) in
                var most = 0
                harness.loop.forEachConnection { most = max(most, ($0 as? WebSocketConnection)?.queuedByteCount ?? 0) }
                return (most, harness.loop.connectionCount)
            }
            maxQueued = max(maxQueued, queued)
            if open == 0 { break }
        }
        #expect(try harness.sync { harness.loop.connectionCount } == 0, "a stalled peer must be dropped")
        // One read's worth of requests may still be answered after reading pauses.
        #expect(maxQueued <= configuration.readPauseBytes + 256 * 1024 + 32 * 1024, "queued \(maxQueued) bytes")
        #expect(try harness.sync { harness.loop.metrics.timeouts.load(ordering: .relaxed) } >= 1)
        try assertHonestClientWorks(port: server.port)
    }

    @Test func idleConnectionsAreClosedWith1001() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        var configuration = Self.quickConfiguration()
        configuration.idleTimeout = 300_000_000
        let server = try startEchoServer(harness, configuration: configuration)
        let client = try RawClient(port: server.port)
        try client.handshake()
        let close = try client.readUntilClose()
        #expect(close?.closeCode == 1001)
    }

    @Test func randomGarbageNeverCrashesTheServer() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let server = try startEchoServer(harness, configuration: Self.quickConfiguration())
        var random = FastRandom(seed: 0x5eed)
        for round in 0..<60 {
            let client = try RawClient(port: server.port, timeout: 2)
            if round % 2 == 0 { try client.handshake() }
            let count = Int(random.next() % 3000) + 1
            let garbage = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            _ = try? client.send(garbage)
            // Whatever the server answers, it must end the connection, not hang or crash.
            #expect(client.waitForEOF(), "round \(round): connection left open after garbage")
        }
        try assertHonestClientWorks(port: server.port)
        #expect(try harness.sync { harness.loop.connectionCount } == 0)
    }

    /// The cap is enforced at accept: with the handshake time-out far away (60 s), a client
    /// beyond the limit is closed at once, without a byte from the server; the held connections
    /// are untouched and still work; and once one of them goes, a new client gets its slot.
    @Test func connectionsBeyondTheLimitAreRefused() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        var configuration = Self.quickConfiguration()
        configuration.maxConnections = 5
        configuration.handshakeTimeout = 60_000_000_000
        let server = try startEchoServer(harness, configuration: configuration)
        var held = try (0..<5).map { _ in try RawClient(port: server.port) }
        #expect(try waitUntil { try harness.sync { harness.loop.connectionCount } == 5 }, "the five held connections were not all accepted")

        // Only the cap can close it this fast: the handshake time-out is 60 s away, and if it
        // were accepted the 2 s read time-out would expire first and waitForEOF return false.
        let extra = try RawClient(port: server.port, timeout: 2)
        let started = Monotonic.now()
        #expect(extra.waitForEOF(), "a connection beyond the limit must be closed at accept")
        let elapsed = Double(Monotonic.now() - started) / 1e9
        #expect(elapsed < 1.0, "the extra connection took \(elapsed) s to be closed")
        #expect(try harness.sync { harness.loop.connectionCount } == 5)
        #expect(try harness.sync { harness.loop.metrics.acceptedConnections.load(ordering: .relaxed) } == 5,
                "the refused connection must never have been accepted")

        // The held connections were not disturbed: each completes a handshake and an echo.
        for (index, client) in held.enumerated() {
            try client.handshake()
            try client.sendFrame(opcode: 2, payload: [UInt8(index), 1, 2])
            #expect(try client.readFrame() == RawClient.Frame(fin: true, rsv: 0, opcode: 2, payload: [UInt8(index), 1, 2]))
        }

        // A slot that frees up is given to the next client.
        held.removeLast()
        #expect(try waitUntil { try harness.sync { harness.loop.connectionCount } == 4 })
        try assertHonestClientWorks(port: server.port)
    }
}
