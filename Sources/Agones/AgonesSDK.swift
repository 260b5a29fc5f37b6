import EngineIO
import Logging
import Platform
import WebSocket

/// The game server's client of the Agones SDK server (the sidecar at
/// `http://127.0.0.1:$AGONES_SDK_HTTP_PORT`), on the I/O loop. Nothing here blocks and nothing
/// waits for the sidecar: calls are queued and sent one at a time on a keep-alive connection,
/// a newer call of the same kind replaces a waiting one (a health ping, a label's value), and a
/// call that fails for want of an answer (the sidecar not up yet, a time-out, a 5xx) is retried
/// with exponential back-off, logged rate-limited. A call the SDK server refuses (4xx) is
/// logged and dropped: sending it again would not change the answer.
///
/// `watch()` follows `GET /watch/gameserver` on a second connection: the current GameServer
/// first, then one line per change, each handed to `onGameServer`; a stream that ends or fails
/// is reopened after the back-off. Loop thread only.
public final class AgonesSDK: HTTPClientConnectionDelegate {
    static var logger: Logger { Logger(label: "agones.sdk") }

    public let loop: EventLoop
    public let host: String
    public let port: Int
    /// Every GameServer the SDK server reported (watch lines and `gameServer` answers).
    public var onGameServer: ((AgonesGameServer) -> Void)?
    /// A call the SDK server answered with 2xx.
    public var onSucceeded: ((AgonesCall) -> Void)?

    /// Seconds to wait before the first retry, doubled per failure up to `maxBackoff`.
    public var firstBackoff = 0.25
    public var maxBackoff = 5.0
    public var requestTimeout = 5.0

    private let requests: HTTPClientConnection
    private let stream: HTTPClientConnection
    private var queue: [AgonesCall] = []
    private var inFlight: AgonesCall?
    private var retryScheduled = false
    private var backoff = 0.0
    private var watching = false
    private var watchBackoff = 0.0
    private var line: [UInt8] = []
    private var closed = false

    /// Calls answered 2xx, retries after failures, calls refused (4xx), watch lines read.
    public private(set) var succeeded = 0
    public private(set) var retries = 0
    public private(set) var refused = 0
    public private(set) var watchUpdates = 0
    /// The longest line of the watch stream accepted (a GameServer is a few kB).
    public static let maxLineBytes = 1 << 20

    public init(loop: EventLoop, host: String = "127.0.0.1", port: Int) {
        self.loop = loop
        self.host = host
        self.port = port
        requests = HTTPClientConnection(loop: loop, host: host, port: port, maxResponseBytes: 1 << 20)
        stream = HTTPClientConnection(loop: loop, host: host, port: port)
        requests.delegate = self
        stream.delegate = self
    }

    /// Calls waiting or in flight.
    public var pending: Int { queue.count + (inFlight == nil ? 0 : 1) }

    /// Queues `call`, replacing a waiting call of the same kind.
    public func call(_ call: AgonesCall) {
        guard !closed else { return }
        if let key = call.coalescingKey, let index = queue.firstIndex(where: { $0.coalescingKey == key }) {
            queue[index] = call
        } else {
            queue.append(call)
        }
        sendNext()
    }

    /// Follows the GameServer's changes until `close`.
    public func watch() {
        guard !watching, !closed else { return }
        watching = true
        openWatch()
    }

    /// Stops everything: queued calls are dropped, the connections closed.
    public func close() {
        closed = true
        queue.removeAll()
        inFlight = nil
        watching = false
        requests.close()
        stream.close()
    }

    // MARK: Requests

    private func sendNext() {
        guard inFlight == nil, !retryScheduled, !queue.isEmpty, !closed else { return }
        let call = queue.removeFirst()
        inFlight = call
        let body = Array(call.body.utf8)
        body.withUnsafeBytes { raw in
            requests.send(method: call.method, target: call.path, body: raw, contentType: call.body.isEmpty ? nil : "application/json",
                          timeout: UInt64(requestTimeout * 1e9))
        }
    }

    private func retryLater(_ call: AgonesCall, because why: String) {
        retries += 1
        // The failed call goes back to the front, unless a newer one of its kind is waiting.
        if let key = call.coalescingKey, queue.contains(where: { $0.coalescingKey == key }) {
            // the newer one stands for it
        } else {
            queue.insert(call, at: 0)
        }
        backoff = backoff == 0 ? firstBackoff : min(maxBackoff, backoff * 2)
        Self.logger.warning("Agones SDK at \(Socket.authority(host: host, port: port)): \(call.method) \(call.path) failed (\(why)); retrying in \(backoff) s")
        retryScheduled = true
        loop.schedule(at: loop.now + UInt64(backoff * 1e9)) { [weak self] in
            guard let self else { return }
            self.retryScheduled = false
            self.sendNext()
        }
    }

    public func httpClient(_ connection: HTTPClientConnection, didReceive head: HTTPResponseHead, body: UnsafeRawBufferPointer) {
        guard connection === requests, let call = inFlight else { return }
        inFlight = nil
        switch head.status {
        case 200..<300:
            backoff = 0
            succeeded += 1
            if case .gameServer = call, case .success(let tree) = JSONObjectReader.parseTree(body), let server = AgonesGameServer(tree) {
                onGameServer?(server)
            }
            onSucceeded?(call)
            sendNext()
        case 500...:
            retryLater(call, because: "status \(head.status)")
        default:
            refused += 1
            let text = String(decoding: body.prefix(200), as: UTF8.self)
            Self.logger.warning("Agones SDK refused \(call.method) \(call.path) with \(head.status): \(LogText.quoted(text))")
            sendNext()
        }
    }

    public func httpClient(_ connection: HTTPClientConnection, didFail error: HTTPClientError) {
        if connection === stream {
            watchFailed("\(error)")
            return
        }
        guard let call = inFlight else { return }
        inFlight = nil
        retryLater(call, because: "\(error)")
    }

    // MARK: Watch

    private func openWatch() {
        guard watching, !closed else { return }
        line.removeAll(keepingCapacity: true)
        stream.stream(target: "/watch/gameserver", timeout: UInt64(requestTimeout * 1e9))
    }

    private func watchFailed(_ why: String) {
        guard watching, !closed else { return }
        watchBackoff = watchBackoff == 0 ? firstBackoff : min(maxBackoff, watchBackoff * 2)
        Self.logger.warning("Agones SDK watch at \(Socket.authority(host: host, port: port)) ended (\(why)); reopening in \(watchBackoff) s")
        loop.schedule(at: loop.now + UInt64(watchBackoff * 1e9)) { [weak self] in self?.openWatch() }
    }

    public func httpClient(_ connection: HTTPClientConnection, didReceiveStreamHead head: HTTPResponseHead) {
        guard (200..<300).contains(head.status) else {
            connection.close()
            watchFailed("status \(head.status)")
            return
        }
    }

    public func httpClient(_ connection: HTTPClientConnection, didReceiveStreamData data: UnsafeRawBufferPointer) {
        for byte in data {
            if byte == 0x0A {
                takeLine()
            } else if line.count < Self.maxLineBytes {
                line.append(byte)
            } else {
                connection.close()
                watchFailed("a line longer than \(Self.maxLineBytes) bytes")
                return
            }
        }
    }

    public func httpClientStreamDidEnd(_ connection: HTTPClientConnection) {
        if !line.isEmpty { takeLine() }
        watchFailed("the stream ended")
    }

    private func takeLine() {
        defer { line.removeAll(keepingCapacity: true) }
        guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { return }
        switch JSONObjectReader.parseTree(line) {
        case .success(let tree):
            guard let server = AgonesGameServer(tree) else {
                Self.logger.warning("Agones SDK watch: a line without status.state: \(LogText.quoted(String(decoding: line.prefix(200), as: UTF8.self)))")
                return
            }
            watchBackoff = 0
            watchUpdates += 1
            onGameServer?(server)
        case .failure(let error):
            Self.logger.warning("Agones SDK watch: a line that is not JSON (\(error))")
        }
    }
}
