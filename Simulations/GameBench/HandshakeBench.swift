import Auth
import BotKit
import Foundation
import Glibc

/// The server's CPU per /play handshake with and without join-token verification: two
/// game-server processes, one with `--auth-secret-file`, take the same number of upgrades in
/// interleaved rounds (connect, upgrade, read the 101, close; no hello, so no room opens and
/// nearly all the process's CPU is the handshake's). Medians over the rounds, side by side.
enum HandshakeBench {
    struct Figures {
        var plainMicros: Double
        var tokenMicros: Double
    }

    static func run(server: String, handshakesPerRound: Int, rounds: Int) throws -> Figures {
        let directory = NSTemporaryDirectory() + "gamebench-handshakes-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let secretPath = directory + "/secret.key"
        // The server's key is the file's bytes: the hex text, as `openssl rand -hex 32` writes it.
        let fileSecret = Array((0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined().utf8)
        try Data(fileSecret).write(to: URL(fileURLWithPath: secretPath))
        let common = ["--port", "0", "--no-record", "--drones", "0", "--log-level", "error",
                      "--max-connections-per-address", "0", "--handshakes-per-second", "0", "--no-web-root"]
        let plain = try ServerProcess(executable: server, arguments: common)
        defer { plain.stop() }
        let tokens = try ServerProcess(executable: server, arguments: common + ["--auth-secret-file", secretPath])
        defer { tokens.stop() }
        var plainRounds: [Double] = []
        var tokenRounds: [Double] = []
        for _ in 0..<rounds {
            plainRounds.append(try measure(plain, count: handshakesPerRound, header: ""))
            let now = Int64(time(nil))
            let token = JoinTokenMinter.mint(claims: JoinClaims(name: "bench", subject: "bench-1", expires: now + 3600, issuedAt: now),
                                             secret: fileSecret)
            tokenRounds.append(try measure(tokens, count: handshakesPerRound, header: "Authorization: Bearer \(token)\r\n"))
        }
        return Figures(plainMicros: median(plainRounds), tokenMicros: median(tokenRounds))
    }

    /// The server's CPU µs per handshake over `count` sequential upgrades.
    private static func measure(_ server: ServerProcess, count: Int, header: String) throws -> Double {
        let request = Array(("GET /play HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\(header)\r\n").utf8)
        let before = ProcessStats.cpuSeconds(pid: server.pid) ?? 0
        for _ in 0..<count { try handshake(port: server.port, request: request) }
        let after = ProcessStats.cpuSeconds(pid: server.pid) ?? 0
        return (after - before) * 1e6 / Double(count)
    }

    private static func handshake(port: Int, request: [UInt8]) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw BenchFailure( "connect failed: errno \(errno)") }
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else {
            throw BenchFailure( "send failed")
        }
        var answer = [UInt8](repeating: 0, count: 512)
        let count = answer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 12, String(decoding: answer[0..<12], as: UTF8.self) == "HTTP/1.1 101" else {
            throw BenchFailure( "handshake refused: \(String(decoding: answer[0..<max(0, count)], as: UTF8.self))")
        }
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
