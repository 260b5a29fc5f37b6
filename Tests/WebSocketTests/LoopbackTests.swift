import NetworkTestSupport
import Testing
import Synchronization
@testable import WebSocket
@testable import Platform

/// The project's own server and client talking over 127.0.0.1: echo at every length boundary,
/// ping/pong and both directions of the closing handshake.
@Suite(.serialized) struct LoopbackTests {
    static let sizes = [0, 1, 125, 126, 127, 65535, 65536, 1 << 20]

    private func connect(_ harness: LoopHarness, port: Int, path: String = "/", delegate: RecordingDelegate,
                         configuration: WebSocketConfiguration = .init()) throws -> ConnectionBox {
        let box = ConnectionBox()
        try harness.sync {
            box.connection = try WebSocketClient.connect(
                loop: harness.loop, host: "127.0.0.1", port: port, path: path,
                configuration: configuration, delegate: delegate)
        }
        #expect(delegate.wait { $0.contains(.open) })
        return box
    }

    @Test(arguments: sizes)
    func echoesBinaryAndTextAtLengthBoundaries(size: Int) throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let server = try startEchoServer(harness)
        let client = RecordingDelegate()
        let box = try connect(harness, port: server.port, delegate: client)
        let binary = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let text = String(repeating: "é", count: size / 2) + (size % 2 == 1 ? "x" : "")
        try harness.sync {
            box.connection!.send(binary: binary)
            box.connection!.send(text: text)
        }
        #expect(client.wait { $0.count >= 3 })
        #expect(client.events == [.open, .binary(binary), .text(text)])
    }

    @Test func manyMessagesArriveInOrder() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let server = try startEchoServer(harness)
        let client = RecordingDelegate()
        let box = try connect(harness, port: server.port, delegate: client)
        let count = 2000
        try harness.sync {
            for index in 0..<count {
                withUnsafeBytes(of: UInt32(index).littleEndian) { _ = box.connection!.send(binary: $0) }
            }
        }
        #expect(client.wait { $0.count >= count + 1 })
        let received = client.events.compactMap { event -> UInt32? in
            guard case .binary(let bytes) = event, bytes.count == 4 else { return nil }
            return bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
        }
        #expect(received == (0..<UInt32(count)).map { $0 })
    }

    @Test func pingIsAnsweredWithPong() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let server = try startEchoServer(harness)
        let client = RecordingDelegate()
        let box = try connect(harness, port: server.port, delegate: client)
        try harness.sync { box.connection!.ping([1, 2, 3]) }
        #expect(client.wait { $0.contains(.pong([1, 2, 3])) })
    }

    @Test func clientInitiatedCloseIsEchoedAndBothSidesHearTheCode() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let echo = EchoDelegate()
        let server = try startEchoServer(harness, delegate: echo)
        let client = RecordingDelegate()
        let box = try connect(harness, port: server.port, delegate: client)
        try harness.sync { box.connection!.close(code: WebSocketCloseCode(rawValue: 4000), reason: "bye") }
        #expect(client.waitForClose() != nil)
        #expect(client.closeEvent?.0 == 4000)
        #expect(client.closeEvent?.1 == "bye")
        let serverSaw = { echo.closes.withLock { $0 } }
        #expect(client.wait { _ in !serverSaw().isEmpty })
        #expect(serverSaw() == [EchoDelegate.Closed(code: 4000, reason: "bye")])
        #expect(try harness.sync { harness.loop.connectionCount } == 0)
    }

    @Test func serverInitiatedCloseReachesTheClient() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let server = try startEchoServer(harness)
        let client = RecordingDelegate()
        _ = try connect(harness, port: server.port, delegate: client)
        try harness.sync { server.closeAll(code: .goingAway, reason: "shutting down") }
        #expect(client.waitForClose() != nil)
        #expect(client.closeEvent?.0 == 1001)
        #expect(client.closeEvent?.1 == "shutting down")
    }

    /// Regression: data frames that cross our close frame must not stop the decoder, or the
    /// peer's close reply behind them is never seen and the handshake waits for the time-out.
    @Test func closeHandshakeCompletesWhileThePeerIsStillSendingData() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        var configuration = WebSocketConfiguration()
        configuration.closeTimeout = 10_000_000_000
        let server = try startEchoServer(harness, configuration: configuration)
        let raw = try RawClient(port: server.port)
        try raw.handshake()
        try harness.sync { server.closeAll(code: WebSocketCloseCode(rawValue: 4002), reason: "enough") }
        // The client, not yet aware, sends data; then it reads the close and answers it.
        for index in 0..<50 { try raw.sendFrame(opcode: 2, payload: [UInt8(index)]) }
        let close = try raw.readUntilClose()
        #expect(close?.closeCode == 4002)
        try raw.sendFrame(opcode: 8, payload: RawClient.closePayload(4002))
        let started = Monotonic.now()
        #expect(raw.waitForEOF())
        #expect(Monotonic.now() - started < 1_000_000_000, "the server waited for its close time-out")
    }

    @Test func connectingToAClosedPortReportsAbnormalClosure() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let port = try harness.sync { () -> Int in
            let fd = try Socket.listen(host: "127.0.0.1", port: 0)
            let port = Socket.localPort(fd)
            Socket.close(fd)
            return port
        }
        let client = RecordingDelegate()
        try harness.sync {
            _ = try WebSocketClient.connect(loop: harness.loop, host: "127.0.0.1", port: port, delegate: client)
        }
        #expect(client.waitForClose() != nil)
        #expect(client.closeEvent?.0 == 1006)
        #expect(client.closeEvent?.1.contains("connect failed") == true)
    }

    @Test func plainHTTPRoutesAreServedAndUnknownUpgradesRefused() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let server = try startEchoServer(harness, routes: { request in
            request.path == "/healthz" ? .text(.ok, "ok\n") : nil
        })
        let raw = try RawClient(port: server.port)
        try raw.send(Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        let head = try raw.readHTTPHead()
        #expect(head.hasPrefix("HTTP/1.1 200"))
        // Keep-alive: a second request on the same connection is answered too.
        try raw.send(Array("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        let second = try raw.readHTTPHead()
        #expect(second.hasPrefix("HTTP/1.1 200"))
    }

    @Test func manyClientsOnOneLoop() throws {
        let harness = try LoopHarness()
        defer { harness.stop() }
        let server = try startEchoServer(harness)
        let clients = (0..<200).map { _ in RecordingDelegate() }
        let boxes = try clients.map { client -> ConnectionBox in
            let box = ConnectionBox()
            try harness.sync {
                box.connection = try WebSocketClient.connect(loop: harness.loop, host: "127.0.0.1", port: server.port, delegate: client)
            }
            return box
        }
        for client in clients { #expect(client.wait { $0.contains(.open) }) }
        try harness.sync {
            for (index, box) in boxes.enumerated() { box.connection!.send(text: "client \(index)") }
        }
        for (index, client) in clients.enumerated() {
            #expect(client.wait { $0.contains(.text("client \(index)")) })
        }
        #expect(try harness.sync { harness.loop.connectionCount } == 400)
    }
}

final class ConnectionBox: @unchecked Sendable {  // set and used on the loop thread only
    var connection: WebSocketConnection?
}
