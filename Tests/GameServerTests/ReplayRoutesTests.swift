import Testing
import Recording
import Arena
import Simulation
import Wire
import Glibc
@testable import WebSocket
@testable import Platform
@testable import GameServer

/// The replay routes without sockets: `/replays` lists only plain `*.rec` files, newest first,
/// with size and modification time, as JSON; `/replay` without an upgrade says what it is.
@Suite struct ReplayRoutesTests {
    final class NoDelegate: MessageHandler {}
    static let disk = BlockingWorker(name: "test-disk")

    static func routes(recordDirectory: String) -> Routes {
        Routes(staticFiles: nil, disk: Self.disk, metrics: ServerMetrics(transport: TransportMetrics()),
               recordDirectory: recordDirectory, play: { _ in NoDelegate() }, replay: { _ in NoDelegate() })
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

        let response = Routes.replayList(directory)
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "application/json")
        let short = ",\"error\":\"foreign at byte 0: not a recording: 3 bytes, shorter than the signature\""
        let wrong = ",\"error\":\"foreign at byte 0: not a recording: the first bytes are not the recording signature\""
        let one = ",\"error\":\"foreign at byte 0: not a recording: 1 bytes, shorter than the signature\""
        #expect(String(decoding: response.body, as: UTF8.self) ==
            "[{\"name\":\"new.rec\",\"bytes\":3,\"modified\":3000000\(short)}," +
            "{\"name\":\"old.rec\",\"bytes\":10,\"modified\":2000000\(wrong)}," +
            "{\"name\":\"we\\\"ird.rec\",\"bytes\":1,\"modified\":1000000\(one)}]\n")
    }

    /// Real recordings are described from their header and, when the match ended, from the
    /// end record at their tail: game, tick rate, start, length and players.
    @Test func replaysDescribesRecordingsFromHeaderAndEndRecord() throws {
        var template = Array("/tmp/replay-routes-XXXXXX".utf8CString)
        let directory = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        let writer = RecordingWriter(options: .init(directory: directory, maxBytes: 0))
        writer.start()
        func record(room: Int, at millis: UInt64, finish: Bool) -> String {
            let header = RecordingHeader(gameName: Arena.descriptor.name, gameVersion: Arena.descriptor.version, tickRate: 30, seed: 1,
                                         settings: GameSettings(), inputs: Arena.descriptor.inputs, keyframeInterval: 100, roomID: UInt32(room), startedAtMillis: millis)
            let sink = writer.open(roomID: room, startedAtMillis: millis)
            var recorder = MatchRecorder(sink: sink, header: header)
            var game = Arena(seed: 1, settings: GameSettings())
            var events: [GameEvent] = []
            recorder.keyframe(of: &game, tick: 0, roster: [])
            for tick in UInt32(0)..<3 {
                recorder.beginTick(tick)
                if tick == 1 { recorder.join(4, name: "ann \"the\" first", entity: game.addPlayer(4, name: "ann")) }
                game.step(tick: tick, events: &events)
                recorder.endTick(hash: WorldHash.of(game.entities))
            }
            if finish { recorder.finish(ticks: 3, reason: "room empty") }
            return sink.path
        }
        let finished = record(room: 1, at: 1_795_000_000_000, finish: true)
        let running = record(room: 2, at: 1_795_000_100_000, finish: false)
        writer.stop()
        defer {
            unlink(finished)
            unlink(running)
            rmdir(directory)
        }
        #expect(Routes.describe(finished) == ",\"game\":\"Arena\",\"tickRate\":30,\"startedAt\":1795000000000,\"complete\":true,\"ticks\":3,\"recordedTicks\":3,\"players\":1,\"names\":[\"ann \\\"the\\\" first\"]")
        #expect(Routes.describe(running) == ",\"game\":\"Arena\",\"tickRate\":30,\"startedAt\":1795000100000,\"complete\":false")
    }

    @Test func aMissingDirectoryIsAnEmptyList() {
        guard case .later = Self.routes(recordDirectory: "/nonexistent-recordings").route(HTTPRequest(target: "/replays/")) else {
            Issue.record("/replays/ is not read off the I/O thread")
            return
        }
        let response = Routes.replayList("/nonexistent-recordings")
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
        #expect(JSONString.quoted("a\"b\\c\nd\u{1}é") == "\"a\\\"b\\\\c\\nd\\u0001é\"")
    }
}
