import Glibc
import Testing
import Platform

/// Browsers open connections ahead of need (preconnect, speculative sockets) and close them,
/// or let the server time them out, without ever sending a request. Those are not errors: at
/// the default level they print nothing, and they are counted in /metrics. A malformed
/// request still warns.
@Suite(.serialized) struct IdleConnectionLogTests {
    /// A blocking loopback connection from the test, and the port it came from (what the
    /// server's log lines name it by).
    static func connect(port: Int) throws -> (fd: Int32, localPort: Int) {
        var address = try Socket.socketAddress(host: "127.0.0.1", port: port)
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let length = address.length
        let connected = withUnsafePointer(to: &address.storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) }
        }
        try #require(connected == 0, "connect failed: errno \(errno)")
        return (fd, Socket.localPort(fd))
    }

    /// Reads until the server closes (EOF); true if it did.
    static func serverCloses(_ fd: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if got < 0 && errno == EINTR { continue }
            if got == 0 { return true }
            if got < 0 { return false }
        }
    }

    @Test func idlePreconnectionsAreNotLoggedAtTheDefaultLevelButMalformedRequestsWarn() throws {
        let web = try TemporaryDirectory()
        let server = try ChildProcess.spawn(try ChildProcess.locate("game-server"),
                                            ["--port", "0", "--web-root", web.path, "--no-record", "--log-level", "info"])
        var running = true
        defer {
            if running { ChildProcess.stop(server.pid) }
            close(server.output)
        }
        let line = try ChildProcess.readLine(containing: "listening on", from: server.output)
        let port = try #require(GameServerStartupTests.port(in: line), "\(line)")

        // Opened and closed without a byte.
        let closed = try Self.connect(port: port)
        close(closed.fd)
        // Opened and left to the server's request time-out.
        let idle = try Self.connect(port: port)
        #expect(Self.serverCloses(idle.fd), "the server closes an idle connection")
        close(idle.fd)
        // A malformed request: still a warning.
        let bad = try Self.connect(port: port)
        let request = Array("GET / HTTP/1.1\r\nno colon here\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(bad.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        #expect(Self.serverCloses(bad.fd))
        close(bad.fd)

        let metrics = try #require(GameServerStartupTests.get(port: port, path: "/metrics"))
        let counted = metrics.split(separator: "\n").first { $0.hasPrefix("game_idle_connections_closed_total ") }
        #expect(counted.flatMap { Double($0.split(separator: " ").last!) } ?? 0 >= 2, "both idle connections counted: \(counted ?? "no such metric")")

        ChildProcess.stop(server.pid)
        running = false
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(server.output, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { break }
            output.append(contentsOf: buffer[0..<got])
        }
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        for quiet in [closed.localPort, idle.localPort] {
            let mentions = lines.filter { $0.contains("127.0.0.1:\(quiet)") }
            #expect(mentions.isEmpty, "an idle preconnection is not logged at info or above: \(mentions)")
        }
        #expect(lines.contains { $0.contains(" warning ") && $0.contains("127.0.0.1:\(bad.localPort)") },
                "a malformed request still warns: \(lines)")
    }
}
