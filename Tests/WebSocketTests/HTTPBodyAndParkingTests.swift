import NetworkTestSupport
import Glibc
import Synchronization
@testable import WebSocket
@testable import Platform
import Testing

/// Routes that take a body or answer later, over real loopback sockets: bodies are read only
/// where a route asks and within its bound, refusals come before the body, and a parked
/// request holds back the requests pipelined behind it.
@Suite struct HTTPBodyAndParkingTests {
    /// What the routes saw, for the assertions.
    final class Record: @unchecked Sendable {  // behind a Mutex
        let cancelled = Atomic<Int>(0)
        let bodies = Mutex<[String]>([])
    }

    static func startServer(_ harness: LoopHarness, record: Record,
                            configuration: WebSocketConfiguration = .init()) throws -> WebSocketServer {
        let box = ServerBox()
        try harness.sync {
            let server = try WebSocketServer(loop: harness.loop, host: "127.0.0.1", port: 0, configuration: configuration) { request in
                switch request.path {
                case "/upload":
                    return .readBody(maxBytes: 16) { request in
                        let text = String(decoding: request.body, as: UTF8.self)
                        record.bodies.withLock { $0.append(text) }
                        return .response(.text(.ok, "got \(request.body.count): \(text)"))
                    }
                case "/park":
                    return .later { responder in
                        responder.onCancel = { record.cancelled.wrappingAdd(1, ordering: .relaxed) }
                        responder.loop.schedule(at: responder.loop.now + 150_000_000) {
                            responder.respond(.text(.ok, "parked answer"))
                        }
                    }
                case "/never":
                    return .later { responder in
                        responder.onCancel = { record.cancelled.wrappingAdd(1, ordering: .relaxed) }
                    }
                case "/elsewhere":
                    return .later { responder in
                        let bound = LoopBound(responder, loop: responder.loop)
                        let thread = PThread.start(name: "test-answer") {
                            usleep(20_000)
                            bound.loop.execute { bound.value.respond(.text(.ok, "from another thread")) }
                        }
                        thread.detach()
                    }
                default:
                    return .response(.text(.methodNotAllowed, "no body here"))
                }
            }
            try server.start()
            box.server = server
        }
        return box.server!
    }

    static func post(_ path: String, body: String, close: Bool = false) -> [UInt8] {
        Array("POST \(path) HTTP/1.1\r\nHost: a\r\nContent-Length: \(body.utf8.count)\r\n\(close ? "Connection: close\r\n" : "")\r\n\(body)".utf8)
    }

    @Test func aRouteGetsItsBodyAndTheConnectionStaysUsable() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let record = Record()
        let server = try Self.startServer(harness, record: record)
        let client = try RawClient(port: server.port)
        // Sent in small pieces: the body is collected across reads.
        try client.sendSlowly(Self.post("/upload", body: "hello, body"), chunk: 5)
        let first = try client.readHTTPHead()
        #expect(first.hasPrefix("HTTP/1.1 200"))
        try client.send(Self.post("/upload", body: "again"))
        #expect(try client.readHTTPHead().hasPrefix("HTTP/1.1 200"))
        #expect(record.bodies.withLock { $0 } == ["hello, body", "again"])
    }

    @Test func aBodyOverTheRoutesBoundIs413AndIsNotRead() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let record = Record()
        let server = try Self.startServer(harness, record: record)
        let client = try RawClient(port: server.port)
        // Only the head: the answer must not wait for the 17 bytes announced.
        try client.send(Array("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 17\r\n\r\n".utf8))
        #expect(try client.readHTTPHead().hasPrefix("HTTP/1.1 413"))
        #expect(client.waitForEOF())
        #expect(record.bodies.withLock { $0 }.isEmpty)
    }

    @Test func aRouteWithoutBodiesAnswersBeforeTheBodyAndCloses() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let server = try Self.startServer(harness, record: Record())
        let client = try RawClient(port: server.port)
        try client.send(Array("POST /index.html HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n".utf8))
        let head = try client.readHTTPHead()
        #expect(head.hasPrefix("HTTP/1.1 405"))
        #expect(head.contains("Connection: close"))
        #expect(client.waitForEOF())
    }

    @Test func aParkedRequestIsAnsweredLaterAndPipelinedRequestsWaitTheirTurn() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let server = try Self.startServer(harness, record: Record())
        let client = try RawClient(port: server.port)
        try client.send(Array("GET /park HTTP/1.1\r\nHost: a\r\n\r\nGET /other HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        let started = Monotonic.now()
        let first = try client.readHTTPHead()
        #expect(first.hasPrefix("HTTP/1.1 200"))
        #expect(Monotonic.now() - started >= 100_000_000)
        // The second answer comes after the first, never before it.
        #expect(try client.readHTTPHead().hasPrefix("HTTP/1.1 405"))
    }

    @Test func aResponderAnswersFromAnotherThread() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let server = try Self.startServer(harness, record: Record())
        let client = try RawClient(port: server.port)
        try client.send(Array("GET /elsewhere HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(try client.readHTTPHead().hasPrefix("HTTP/1.1 200"))
    }

    @Test func aRequestNobodyAnswersIs503AtTheParkTimeoutAndTheRouteHearsOfIt() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let record = Record()
        var configuration = WebSocketConfiguration()
        configuration.parkTimeout = 300_000_000
        let server = try Self.startServer(harness, record: record, configuration: configuration)
        let client = try RawClient(port: server.port)
        try client.send(Array("GET /never HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(try client.readHTTPHead().hasPrefix("HTTP/1.1 503"))
        #expect(record.cancelled.load(ordering: .relaxed) == 1)
    }

    @Test func aParkedRequestWhoseConnectionEndsIsCancelledOnce() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let record = Record()
        let server = try Self.startServer(harness, record: record)
        do {
            let client = try RawClient(port: server.port)
            try client.send(Array("GET /never HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
            usleep(50_000)
        }
        // The server shuts the connection down (as on shutdown); the route is told once.
        try harness.sync { server.closeAll(code: .goingAway, reason: "test") }
        let deadline = Monotonic.now() + 5_000_000_000
        while record.cancelled.load(ordering: .relaxed) == 0 && Monotonic.now() < deadline { usleep(1_000) }
        #expect(record.cancelled.load(ordering: .relaxed) == 1)
    }
}
