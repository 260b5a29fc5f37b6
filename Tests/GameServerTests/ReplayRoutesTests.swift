import Testing
import Glibc
@testable import WebSocket
@testable import GameServer

/// The replay routes without sockets: `/replays` lists only plain `*.rec` files, newest first,
/// with size and modification time, as JSON; `/replay` without an upgrade says what it is.
@Suite struct ReplayRoutesTests {
    final class NoDelegate: WebSocketDelegate {}

    static func routes(recordDirectory: String) -> Routes {
        Routes(staticFiles: StaticFiles(root: "/nonexistent-web-root"), metrics: ServerMetrics(transport: TransportMetrics()),
               recordDirectory: recordDirectory, service: NoDelegate(), replays: NoDelegate())
    }

    static func write(_ path: String, bytes: Int, modifiedSeconds: Int) {
        let handle = fopen(path, "w")!
        fputs(String(repeating: "x", count: bytes), handle)
        fclose(handle)
        var times = [timespec(tv_sec: modifiedSeconds, tv_nsec: 250_000_000), timespec(tv_sec: modifiedSeconds, tv_nsec: 250_000_000)]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
    }

    @Test func replaysListsRecordingsNewestFirstWithSizeAndTime() throws {
        var template = Array("/tmp/replay-routes-XXXXXX".utf8CString)
        let directory = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        defer {
            for name in ["old.rec", "new.rec", "notes.txt", ".hidden.rec", "we\"ird.rec"] { unlink(directory + "/" + name) }
            rmdir(directory + "/folder.rec")
            rmdir(directory)
        }
        Self.write(directory + "/old.rec", bytes: 10, modifiedSeconds: 2_000)
        Self.write(directory + "/new.rec", bytes: 3, modifiedSeconds: 3_000)
        Self.write(directory + "/we\"ird.rec", bytes: 1, modifiedSeconds: 1_000)
        Self.write(directory + "/notes.txt", bytes: 1, modifiedSeconds: 4_000)
        Self.write(directory + "/.hidden.rec", bytes: 1, modifiedSeconds: 4_000)
        mkdir(directory + "/folder.rec", 0o700)

        guard case .response(let response) = Self.routes(recordDirectory: directory).route(HTTPRequest(target: "/replays")) else {
            Issue.record("/replays did not answer with a response")
            return
        }
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(String(decoding: response.body, as: UTF8.self) ==
            "[{\"name\":\"new.rec\",\"bytes\":3,\"modified\":3000000}," +
            "{\"name\":\"old.rec\",\"bytes\":10,\"modified\":2000000}," +
            "{\"name\":\"we\\\"ird.rec\",\"bytes\":1,\"modified\":1000000}]\n")
    }

    @Test func aMissingDirectoryIsAnEmptyList() {
        guard case .response(let response) = Self.routes(recordDirectory: "/nonexistent-recordings").route(HTTPRequest(target: "/replays/")) else {
            Issue.record("/replays/ did not answer with a response")
            return
        }
        #expect(String(decoding: response.body, as: UTF8.self) == "[]\n")
    }

    @Test func replayWithoutAnUpgradeIsExplained() {
        guard case .response(let response) = Self.routes(recordDirectory: "/tmp").route(HTTPRequest(target: "/replay?file=a.rec")) else {
            Issue.record("a plain GET /replay was upgraded")
            return
        }
        #expect(response.status == .upgradeRequired)
        #expect(String(decoding: response.body, as: UTF8.self).contains("/replay.html"))
    }

    @Test func jsonStringsAreEscaped() {
        #expect(Routes.jsonString("a\"b\\c\nd\u{1}é") == "\"a\\\"b\\\\c\\nd\\u0001é\"")
    }
}
