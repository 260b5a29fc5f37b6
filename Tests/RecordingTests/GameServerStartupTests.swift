import Glibc
import Testing
import Platform

/// What a new user meets in the first minutes, checked on the real `game-server` binary: a
/// `--web-root` or `--record-dir` that cannot work is refused at start-up with the usual flag
/// error (exit 64) and a message saying what it resolved to and how to fix it, instead of a
/// 500 on the first page load or recordings that silently never appear; `--no-web-root` serves
/// no page on purpose; a wildcard `--host` prints a URL a browser can open.
@Suite(.serialized) struct GameServerStartupTests {
    static func server() throws -> String { try ChildProcess.locate("game-server") }

    static var workingDirectory: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(cString: buffer)
    }

    @Test func aRelativeWebRootThatDoesNotExistIsRefusedAtStartUpWithAHint() throws {
        let name = "no-such-web-root-\(getpid())"
        let run = try ChildProcess.runBriefly(try Self.server(), ["--port", "0", "--no-record", "--web-root", name])
        #expect(run.status == 64, "it should refuse to start; it printed: \(run.output)")
        #expect(run.output.contains("--web-root"), "\(run.output)")
        #expect(run.output.contains(Self.workingDirectory + "/" + name), "the message names what the path resolved to: \(run.output)")
        #expect(run.output.contains("absolute path"), "the message says how to fix it: \(run.output)")
        #expect(run.output.contains("--no-web-root"), "the message names the way to serve no page: \(run.output)")
    }

    @Test func aWebRootThatIsAFileIsRefusedAtStartUp() throws {
        let directory = try TemporaryDirectory()
        try directory.write(Array("<html></html>".utf8), to: directory.path + "/index.html")
        let run = try ChildProcess.runBriefly(try Self.server(), ["--port", "0", "--no-record", "--web-root", directory.path + "/index.html"])
        #expect(run.status == 64, "\(run.output)")
        #expect(run.output.contains("not a directory"), "\(run.output)")
    }

    @Test func noWebRootServesNoPageAndAnswers404() throws {
        let server = try ChildProcess.spawn(try Self.server(), ["--port", "0", "--no-record", "--no-web-root", "--log-level", "warning"])
        defer {
            ChildProcess.stop(server.pid)
            close(server.output)
        }
        let line = try ChildProcess.readLine(containing: "listening on", from: server.output)
        let port = try #require(Self.port(in: line), "\(line)")
        let answer = try #require(Self.get(port: port, path: "/"))
        #expect(answer.hasPrefix("HTTP/1.1 404"), "\(answer)")
        #expect(Self.get(port: port, path: "/healthz")?.hasPrefix("HTTP/1.1 200") == true)
    }

    @Test(arguments: [
        ("/etc/hostname/recordings", "cannot be created"),  // under a regular file
        ("/etc/hostname", "not a directory"),
        ("/sys", "not writable"),  // a directory even root cannot write in
    ])
    func anUnusableRecordDirIsRefusedAtStartUp(path: String, problem: String) throws {
        let web = try TemporaryDirectory()
        let run = try ChildProcess.runBriefly(try Self.server(), ["--port", "0", "--web-root", web.path, "--record-dir", path])
        #expect(run.status == 64, "it should refuse to start; it printed: \(run.output)")
        #expect(run.output.contains("--record-dir"), "\(run.output)")
        #expect(run.output.contains(problem), "\(run.output)")
    }

    @Test func aRecordDirThatDoesNotExistYetIsCreated() throws {
        let directory = try TemporaryDirectory()
        let records = directory.path + "/records"
        defer { rmdir(records) }
        let server = try ChildProcess.spawn(try Self.server(), ["--port", "0", "--web-root", directory.path, "--record-dir", records, "--log-level", "warning"])
        defer {
            ChildProcess.stop(server.pid)
            close(server.output)
        }
        _ = try ChildProcess.readLine(containing: "listening on", from: server.output)
        var info = stat()
        #expect(stat(records, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR)
    }

    /// 0.0.0.0 is not an address a browser can open on every system: the line says where to go.
    @Test func listeningOnEveryIPv4AddressPrintsALoopbackURL() throws {
        let web = try TemporaryDirectory()
        let server = try ChildProcess.spawn(try Self.server(), ["--host", "0.0.0.0", "--port", "0", "--web-root", web.path, "--no-record", "--log-level", "warning"])
        defer {
            ChildProcess.stop(server.pid)
            close(server.output)
        }
        let line = try ChildProcess.readLine(containing: "listening on", from: server.output)
        #expect(line.contains("http://127.0.0.1:"), "\(line)")
        #expect(!line.contains("http://0.0.0.0"), "\(line)")
        #expect(line.contains("every IPv4 address"), "it says that it listens on every address: \(line)")
        let port = try #require(Self.port(in: line), "\(line)")
        #expect(Self.get(port: port, path: "/healthz")?.hasPrefix("HTTP/1.1 200") == true)
    }

    @Test(.enabled(if: Self.hasIPv6Loopback, "this machine has no ::1"), arguments: ["::", "[::]"])
    func listeningOnEveryIPv6AddressPrintsALoopbackURL(host: String) throws {
        let web = try TemporaryDirectory()
        let server = try ChildProcess.spawn(try Self.server(), ["--host", host, "--port", "0", "--web-root", web.path, "--no-record", "--log-level", "warning"])
        defer {
            ChildProcess.stop(server.pid)
            close(server.output)
        }
        let line = try ChildProcess.readLine(containing: "listening on", from: server.output)
        #expect(line.contains("http://[::1]:"), "\(line)")
        #expect(!line.contains("http://[::]"), "\(line)")
    }

    @Test func aHostThatIsNeitherAnAddressNorAKnownNameIsAFlagError() throws {
        let web = try TemporaryDirectory()
        let run = try ChildProcess.runBriefly(try Self.server(), ["--host", "no-such-host.invalid", "--port", "0", "--web-root", web.path, "--no-record"])
        #expect(run.status == 64, "\(run.output)")
        #expect(run.output.contains("--host"), "\(run.output)")
    }

    @Test func localhostIsAcceptedAsAHost() throws {
        let web = try TemporaryDirectory()
        let server = try ChildProcess.spawn(try Self.server(), ["--host", "localhost", "--port", "0", "--web-root", web.path, "--no-record", "--log-level", "warning"])
        defer {
            ChildProcess.stop(server.pid)
            close(server.output)
        }
        let line = try ChildProcess.readLine(containing: "listening on", from: server.output)
        let port = try #require(Self.port(in: line), "\(line)")
        #expect(Self.get(port: port, path: "/healthz")?.hasPrefix("HTTP/1.1 200") == true)
    }

    /// Already accepted before issue 16's changes; kept so the URL stays bracketed and usable.
    @Test(.enabled(if: Self.hasIPv6Loopback, "this machine has no ::1"), arguments: ["::1", "[::1]"])
    func anIPv6LoopbackHostPrintsABracketedURL(host: String) throws {
        let web = try TemporaryDirectory()
        let server = try ChildProcess.spawn(try Self.server(), ["--host", host, "--port", "0", "--web-root", web.path, "--no-record", "--log-level", "warning"])
        defer {
            ChildProcess.stop(server.pid)
            close(server.output)
        }
        let line = try ChildProcess.readLine(containing: "listening on", from: server.output)
        #expect(line.contains("listening on http://[::1]:"), "\(line)")
        #expect(!line.contains("every IP"), "\(line)")
    }

    static var hasIPv6Loopback: Bool {
        guard let fd = try? Socket.listen(host: "::1", port: 0) else { return false }
        Socket.close(fd)
        return true
    }

    /// The port of the first `http://HOST:PORT/` in `line`.
    static func port(in line: String) -> Int? {
        guard let range = line.range(of: "http://") else { return nil }
        let rest = line[range.upperBound...]
        guard let slash = rest.firstIndex(of: "/"), let colon = rest[..<slash].lastIndex(of: ":") else { return nil }
        return Int(rest[rest.index(after: colon)..<slash])
    }

    /// A blocking GET on 127.0.0.1: the whole answer (status line, head and body), or nil.
    static func get(port: Int, path: String) -> String? {
        guard var address = try? Socket.socketAddress(host: "127.0.0.1", port: port) else { return nil }
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let length = address.length
        let connected = withUnsafePointer(to: &address.storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else { return nil }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            response.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: response, as: UTF8.self)
    }
}
