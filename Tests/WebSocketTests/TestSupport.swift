import Dispatch
import Glibc
import Synchronization
@testable import WebSocket
@testable import Platform

/// An event loop on its own thread for a test, with a way to run code on it and wait.
final class LoopHarness: @unchecked Sendable {  // `loop` is only touched on its thread via `sync`
    let loop: EventLoop
    private let thread: PThread

    init() throws {
        loop = try EventLoop()
        thread = loop.startThread(name: "test-loop")
    }

    /// Runs `body` on the loop thread and returns its result.
    @discardableResult
    func sync<T>(_ body: @escaping () throws -> T) throws -> T {
        try loop.submitAndWait(body)
    }

    func stop() {
        loop.stop()
        thread.join()
    }
}

/// Echoes every message with its opcode; the server side of most tests.
final class EchoDelegate: WebSocketDelegate, @unchecked Sendable {  // used on the loop thread only; counters behind a Mutex
    struct Closed: Equatable { var code: UInt16; var reason: String }
    let closes = Mutex<[Closed]>([])
    func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) {
        connection.send(binary: payload)
    }
    func webSocket(_ connection: WebSocketConnection, didReceiveText payload: UnsafeRawBufferPointer) {
        connection.send(textBytes: payload)
    }
    func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        closes.withLock { $0.append(Closed(code: code.rawValue, reason: reason)) }
    }
}

/// Records everything a client connection hears, for assertions from the test thread.
final class RecordingDelegate: WebSocketDelegate, @unchecked Sendable {  // mutated on the loop thread, read under `state`'s lock
    enum Event: Equatable {
        case open
        case binary([UInt8])
        case text(String)
        case pong([UInt8])
        case closed(UInt16, String)

        var isClose: Bool { if case .closed = self { true } else { false } }
    }
    let state = Mutex<[Event]>([])

    func webSocketDidOpen(_ connection: WebSocketConnection) { record(.open) }
    func webSocket(_ connection: WebSocketConnection, didReceiveBinary payload: UnsafeRawBufferPointer) { record(.binary(Array(payload))) }
    func webSocket(_ connection: WebSocketConnection, didReceiveText payload: UnsafeRawBufferPointer) {
        record(.text(String(decoding: payload, as: UTF8.self)))
    }
    func webSocket(_ connection: WebSocketConnection, didReceivePong payload: UnsafeRawBufferPointer) { record(.pong(Array(payload))) }
    func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        record(.closed(code.rawValue, reason))
    }

    private func record(_ event: Event) { state.withLock { $0.append(event) } }

    var events: [Event] { state.withLock { $0 } }

    /// Polls until `predicate` holds over the events so far, or `seconds` pass.
    @discardableResult
    func wait(seconds: Double = 10, until predicate: ([Event]) -> Bool) -> Bool {
        let deadline = Monotonic.now() + UInt64(seconds * 1e9)
        while Monotonic.now() < deadline {
            if state.withLock({ predicate($0) }) { return true }
            usleep(1000)
        }
        return state.withLock { predicate($0) }
    }

    /// Waits for the close callback and returns its code and reason.
    func waitForClose(seconds: Double = 10) -> (UInt16, String)? {
        wait(seconds: seconds) { $0.contains(where: \.isClose) }
        return closeEvent
    }

    var closeEvent: (UInt16, String)? {
        for case .closed(let code, let reason) in events { return (code, reason) }
        return nil
    }
}

/// A server on an ephemeral loopback port running `delegate` for every upgrade, on a harness loop.
func startEchoServer(_ harness: LoopHarness, configuration: WebSocketConfiguration = .init(),
                     delegate: any WebSocketDelegate & Sendable = EchoDelegate(),
                     routes: @escaping @Sendable (HTTPRequest) -> HTTPResponse? = { _ in nil }) throws -> WebSocketServer {
    let box = ServerBox()
    try harness.sync {
        let server = try WebSocketServer(loop: harness.loop, host: "127.0.0.1", port: 0, configuration: configuration) { request in
            if let response = routes(request) { return .response(response) }
            return .webSocket(delegate)
        }
        try server.start()
        box.server = server
    }
    return box.server!
}

final class ServerBox: @unchecked Sendable {  // set on the loop thread before `sync` returns
    var server: WebSocketServer?
}

/// Polls `condition` for up to `seconds`: tests wait for an outcome, never for a fixed time.
func waitUntil(seconds: Double = 5, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Monotonic.now() + UInt64(seconds * 1e9)
    while Monotonic.now() < deadline {
        if try condition() { return true }
        usleep(1000)
    }
    return try condition()
}
