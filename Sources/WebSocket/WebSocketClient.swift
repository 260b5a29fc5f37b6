import Logging
import Platform

/// Opens client connections on a loop: the bots and the tests use it to hold thousands of
/// connections from one thread. Frames are masked with a fresh key each.
public enum WebSocketClient {
    /// Starts connecting to `ws://host:port/path`. Must be called on the loop thread (or before
    /// the loop runs). `headers` are sent as given after the handshake's own (an
    /// `Authorization`, or a test's forged `X-Forwarded-For`). The delegate hears `webSocketDidOpen` or, on any failure,
    /// `webSocketDidClose` with 1006 and a reason.
    @discardableResult
    public static func connect(loop: EventLoop, host: String, port: Int, path: String = "/",
                               subprotocols: [String] = [], origin: String? = nil,
                               headers: [(name: String, value: String)] = [],
                               configuration: WebSocketConfiguration = .init(),
                               delegate: any WebSocketDelegate) throws(SystemError) -> WebSocketConnection {
        let fd = try Socket.connect(host: host, port: port, receiveBufferBytes: configuration.clientReceiveBufferBytes,
                                    maximumSegmentSize: configuration.clientMaximumSegmentSize)
        var keyBytes = [UInt8](repeating: 0, count: 16)
        for index in stride(from: 0, to: 16, by: 8) {
            withUnsafeBytes(of: loop.random.next()) { raw in
                for offset in 0..<8 { keyBytes[index + offset] = raw[offset] }
            }
        }
        let key = Base64.encode(keyBytes)
        let connection = WebSocketConnection(
            loop: loop, fd: fd, role: .client, peer: "\(host):\(port)", configuration: configuration,
            id: loop.random.next())
        connection.delegate = delegate
        connection.clientKey = key
        connection.offeredSubprotocols = subprotocols
        connection.clientRequestBytes = WebSocketHandshake.clientRequest(
            host: Socket.authority(host: host, port: port), path: path, key: key, subprotocols: subprotocols, origin: origin, headers: headers)
        connection.interest = .write
        do {
            connection.token = try loop.register(connection, fd: fd, interest: .write)
        } catch {
            Socket.close(fd)
            throw error
        }
        loop.track(connection)
        return connection
    }

    /// Parses "ws://host:port/path" into its parts (no TLS: `wss` is refused).
    public static func parseURL(_ url: String) -> (host: String, port: Int, path: String)? {
        guard url.hasPrefix("ws://") else { return nil }
        let rest = url.dropFirst(5)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        let path = slash == rest.endIndex ? "/" : String(rest[slash...])
        var host = String(authority)
        var port = 80
        if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let parsed = Int(authority[authority.index(after: colon)...]), (1...65535).contains(parsed) else { return nil }
            port = parsed
        }
        guard !host.isEmpty else { return nil }
        return (host, port, path)
    }
}
