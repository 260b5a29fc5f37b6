import Testing
import Glibc
import WebSocket
import Platform
import Wire
import Simulation
import Arena
import BotKit
@testable import GameServer

/// The replay endpoint over loopback: a short match is played by BotKit clients against a
/// recording server, then watched through /replay by a viewer built from client-side code.
@Suite(.serialized) struct ReplayEndpointTests {
    typealias Fixture = GameServerIntegrationTests.Fixture

    /// A recorded match: its directory, file name, and each player's id and entity as the
    /// players' own welcomes said.
    struct Recorded: Sendable {
        var directory: String
        var fileName: String
        var players: [(player: UInt16, entity: UInt32)]
    }

    /// Two players moving for about two seconds at 60 Hz, keyframes every half second.
    static let recorded: Recorded = {
        let directory = replayTestDirectory
        // The directory goes when the test process ends (the suites share the recording).
        atexit { RecordingNames.removeDirectory(replayTestDirectory) }
        let fixture = try! Fixture { configuration in
            configuration.recording = true
            configuration.recordDirectory = directory
            configuration.keyframeSeconds = 0.5
            configuration.settings["drones"] = 4
        }
        let alice = try! fixture.connect("alice")
        let bob = try! fixture.connect("bob")
        _ = fixture.wait { alice.welcome != nil && bob.welcome != nil && alice.snapshotsReceived > 0 && bob.snapshotsReceived > 0 }
        let start = Monotonic.now()
        var step = 0
        while Monotonic.now() - start < 2_200_000_000 {
            _ = try? fixture.onClients {
                alice.sendInput(moveX: 1, moveY: step % 120 < 60 ? 1 : -1, buttons: step % 30 == 0 ? 1 : 0, aim: UInt16(truncatingIfNeeded: step * 300))
                bob.sendInput(moveX: -1, moveY: 0, aim: 0x4000)
            }
            step += 1
            usleep(16_000)
        }
        let players = try! fixture.onClients {
            [alice, bob].map { (UInt16($0.welcome!.playerID), $0.welcome!.entityID) }
        }
        fixture.stop()
        let names = RecordingNames.in(directory)
        precondition(names.count == 1, "expected one recording in \(directory), found \(names)")
        return Recorded(directory: directory, fileName: names[0], players: players)
    }()

    /// A server that replays from the recorded match's directory (and records nothing).
    static func replayServer(_ configure: (inout GameServerConfiguration) -> Void = { _ in }) throws -> Fixture {
        let directory = recorded.directory
        return try Fixture { configuration in
            configuration.recordDirectory = directory
            configure(&configuration)
        }
    }

    static func watch(_ fixture: Fixture, query: String) throws -> ReplayTestViewer {
        let viewer = ReplayTestViewer()
        try fixture.clientLoop.submitAndWait {
            _ = try WebSocketClient.connect(loop: fixture.clientLoop, host: "127.0.0.1", port: fixture.server.port,
                                            path: "/replay?" + query, delegate: viewer)
        }
        return viewer
    }

    @Test func aViewerGetsAWelcomeSnapshotsWithVerifiedHashesEventsAndStatus() throws {
        let recorded = Self.recorded
        let fixture = try Self.replayServer()
        defer { fixture.stop() }
        let viewer = try Self.watch(fixture, query: "file=" + recorded.fileName)
        #expect(fixture.wait { viewer.snapshotTicks.count > 30 && viewer.world.hashesChecked > 0 })
        try fixture.onClients {
            #expect(viewer.errors.isEmpty, "\(viewer.errors)")
            #expect(viewer.world.hashMismatches == 0)
            let welcome = viewer.welcomes.last!
            #expect(welcome.tickRate == 60)
            #expect(welcome.game == Arena.descriptor)
            // The viewer follows the first player, with that player's entity as in the match.
            #expect(recorded.players.contains { $0.player == welcome.playerID && $0.entity == welcome.entityID })
            let timeline = viewer.timeline!
            #expect(timeline.tickRate == 60)
            #expect(timeline.keyframeTicks.first == 0 && timeline.keyframeTicks.count >= 3)
            #expect(timeline.players.map(\.name) == ["alice", "bob"])
            #expect(viewer.events.contains(.joined(player: recorded.players[1].player, name: "bob")))
            let status = viewer.status!
            #expect(status.quarters == 4 && !status.paused && status.endTick > 100)
            // Ticks only move forward between welcomes.
            #expect(zip(viewer.snapshotTicks, viewer.snapshotTicks.dropFirst()).allSatisfy { $0 < $1 })
        }
    }

    @Test func pauseStopsTheTicksAndSeekLandsOnTheRequestedTick() throws {
        let recorded = Self.recorded
        let fixture = try Self.replayServer()
        defer { fixture.stop() }
        let viewer = try Self.watch(fixture, query: "file=" + recorded.fileName)
        #expect(fixture.wait { viewer.snapshotTicks.count > 10 && viewer.timeline != nil })
        try fixture.onClients { viewer.send(.pause) }
        #expect(fixture.wait { viewer.status?.paused == true })
        let (pausedTick, snapshots) = try fixture.onClients { (viewer.status!.tick, viewer.snapshotTicks.count) }
        usleep(400_000)
        try fixture.onClients {
            #expect(viewer.status!.tick == pausedTick, "ticks advanced while paused")
            #expect(viewer.status!.paused)
            #expect(viewer.snapshotTicks.count == snapshots, "snapshots while paused")
        }

        // A tick that is not a keyframe: the server restores the one before and simulates on.
        let keyframes = try fixture.onClients { viewer.timeline!.keyframeTicks }
        let target = keyframes[1] + 7
        #expect(!keyframes.contains(target))
        try fixture.onClients { viewer.send(.seek(tick: target)) }
        #expect(fixture.wait { viewer.welcome?.currentTick == target && viewer.snapshotTicks.last == target && viewer.status?.tick == target })
        try fixture.onClients {
            #expect(viewer.status!.paused)
            #expect(viewer.world.tick == target)
            #expect(viewer.world.hashMismatches == 0)
        }

        // Play to the end at 8×: it stops there, paused, with every hash verified.
        try fixture.onClients {
            viewer.send(.speed(quarters: 32))
            viewer.send(.play)
        }
        #expect(fixture.wait { viewer.status?.paused == true && viewer.status?.tick == viewer.status?.endTick })
        try fixture.onClients {
            #expect(viewer.welcomes.last!.tickRate == 480)
            #expect(viewer.welcomes.last!.snapshotInterval == 8)
            #expect(viewer.world.hashesChecked > 0)
            #expect(viewer.world.hashMismatches == 0)
            #expect(viewer.errors.isEmpty, "\(viewer.errors)")
        }

        // Play at the end starts over.
        let welcomesAtEnd = try fixture.onClients { viewer.welcomes.count }
        try fixture.onClients { viewer.send(.play) }
        #expect(fixture.wait { viewer.welcomes.count > welcomesAtEnd && viewer.status?.paused == false })
        try fixture.onClients {
            // From tick 0, plus the one frame of 8× simulated before the welcome went out.
            #expect(viewer.welcomes[welcomesAtEnd].currentTick <= 8)
            #expect(viewer.status!.tick < viewer.status!.endTick)
        }
    }

    @Test func followingAPlayerShowsTheirViewWithTheirEntity() throws {
        let recorded = Self.recorded
        let fixture = try Self.replayServer()
        defer { fixture.stop() }
        let viewer = try Self.watch(fixture, query: "file=" + recorded.fileName)
        #expect(fixture.wait { viewer.status != nil && viewer.status!.followed != 0 && viewer.events.count >= 2 })
        let followed = try fixture.onClients { viewer.status!.followed }
        let other = recorded.players.first { $0.player != followed }!
        try fixture.onClients { viewer.send(.follow(player: other.player)) }
        #expect(fixture.wait { viewer.welcome?.playerID == other.player && viewer.status?.followed == other.player && viewer.world.tick != nil })
        try fixture.onClients {
            #expect(viewer.welcome!.entityID == other.entity)
            #expect(viewer.world.view.index(of: other.entity) != nil)
        }
        // Someone who is not in the match is not followed.
        try fixture.onClients { viewer.send(.follow(player: 999)) }
        usleep(200_000)
        #expect(try fixture.onClients { viewer.status!.followed } == other.player)
    }

    @Test func badRequestsAreClosedWithAReason() throws {
        let recorded = Self.recorded
        // A file that is not a recording, beside the real one.
        let junk = recorded.directory + "/junk.rec"
        let handle = fopen(junk, "w")!
        fputs("not a recording at all", handle)
        fclose(handle)
        let fixture = try Self.replayServer { $0.replay.maxViewers = 1 }
        defer { fixture.stop() }
        func closeOf(_ query: String) throws -> (code: UInt16, reason: String)? {
            let viewer = try Self.watch(fixture, query: query)
            _ = fixture.wait { viewer.closed != nil }
            return try fixture.onClients { viewer.closed }
        }
        let traversal = try closeOf("file=..%2F..%2Fetc%2Fpasswd.rec")
        #expect(traversal?.code == 4008 && traversal?.reason == "replay unavailable: not a plain file name")
        let missing = try closeOf("file=nothing-here.rec")
        #expect(missing?.code == 4008 && missing?.reason == "replay unavailable: no recording named nothing-here.rec")
        let notRec = try closeOf("file=notes.txt")
        #expect(notRec?.code == 4008)
        let damaged = try closeOf("file=junk.rec")
        #expect(damaged?.code == 4008 && damaged?.reason.hasPrefix("replay unavailable: foreign") == true, "\(String(describing: damaged))")

        // One viewer at most here: a second is refused; a malformed control closes the first.
        let first = try Self.watch(fixture, query: "file=" + recorded.fileName)
        #expect(fixture.wait { first.welcome != nil })
        let second = try closeOf("file=" + recorded.fileName)
        #expect(second?.code == 4004 && second?.reason.contains("replays") == true)
        try fixture.onClients { first.connection?.send(binary: [0x05, 0x07]) }
        #expect(fixture.wait { first.closed != nil })
        #expect(try fixture.onClients { first.closed?.code } == 4001)
        let hello = try Self.watch(fixture, query: "file=" + recorded.fileName)
        #expect(fixture.wait { hello.welcome != nil }, "the place of a closed viewer is free again")
        try fixture.onClients { hello.connection?.send(binary: HelloMessage(name: "x").encoded()) }
        #expect(fixture.wait { hello.closed != nil })
        #expect(try fixture.onClients { hello.closed?.code } == 4001)
    }

    /// A match still being played can be watched: the viewer's end tick grows as the room
    /// records, a viewer at the live edge plays on, and the views stay exact.
    @Test func aRunningMatchIsWatchedLiveAsItIsRecorded() throws {
        var template = Array("/tmp/replay-live-XXXXXX".utf8CString)
        let directory = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        defer { RecordingNames.removeDirectory(directory) }
        let fixture = try Fixture { configuration in
            configuration.recording = true
            configuration.recordDirectory = directory
            configuration.keyframeSeconds = 0.5
            configuration.settings["drones"] = 4
        }
        defer { fixture.stop() }
        let alice = try fixture.connect("alice")
        #expect(fixture.wait { alice.snapshotsReceived > 10 })
        usleep(400_000)  // the recorder writes a few times a second
        let names = RecordingNames.in(directory)
        try #require(names.count == 1)
        let viewer = try Self.watch(fixture, query: "file=" + names[0])
        #expect(fixture.wait { viewer.status != nil })
        let firstEnd = try fixture.onClients { viewer.status!.endTick }
        // Alice keeps playing for a second and a half while the viewer watches.
        let start = Monotonic.now()
        while Monotonic.now() - start < 1_500_000_000 {
            _ = try fixture.onClients { alice.sendInput(moveX: 1, aim: 0x2000) }
            usleep(16_000)
        }
        try fixture.onClients {
            let status = viewer.status!
            #expect(status.endTick >= firstEnd + 45, "the end tick grew from \(firstEnd) to \(status.endTick)")
            #expect(!status.paused, "a viewer at the live edge keeps playing")
            #expect(status.tick > firstEnd, "the viewer played past where the recording ended when it opened")
            #expect(viewer.world.hashesChecked > 0 && viewer.world.hashMismatches == 0)
            #expect(viewer.errors.isEmpty, "\(viewer.errors)")
        }
    }
}

/// Where the shared recording is made: a fresh directory per test process.
let replayTestDirectory: String = {
    var template = Array("/tmp/replay-endpoint-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
}()

/// The `*.rec` names in a directory.
enum RecordingNames {
    /// Removes a flat directory and its files.
    static func removeDirectory(_ directory: String) {
        guard let handle = opendir(directory) else { return }
        var names: [String] = []
        while let entry = readdir(handle) {
            names.append(withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            })
        }
        closedir(handle)
        for name in names where name != "." && name != ".." { unlink(directory + "/" + name) }
        rmdir(directory)
    }

    static func `in`(_ directory: String) -> [String] {
        var names: [String] = []
        guard let handle = opendir(directory) else { return [] }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".rec") { names.append(name) }
        }
        closedir(handle)
        return names.sorted()
    }
}
