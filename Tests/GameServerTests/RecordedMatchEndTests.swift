import Glibc
import Testing
import Platform
import Arena
import Simulation
import Recording
@testable import GameServer

/// After the last player leaves, a room runs on for the resume grace (in case it comes back)
/// and then two empty seconds before it closes. Those ticks are recorded, so the recording
/// verifies, but they are not match time: the listed length of the replay and where its
/// playback ends stop at the tick the last connected player left.
@Suite struct RecordedMatchEndTests {
    final class Fixture: @unchecked Sendable {  // the room is driven only by the test's thread; connections only on the loop
        let clock = ManualClock()
        let loop: EventLoop
        let thread: PThread
        let room: Room<Arena>
        let writer: RecordingWriter
        let directory: String
        let start: UInt64

        init(grace: Double) throws {
            var template = Array("/tmp/match-end-tests-XXXXXX".utf8CString)
            directory = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
            writer = RecordingWriter(options: .init(directory: directory, maxBytes: 0))
            writer.start()
            var configuration = GameServerConfiguration()
            configuration.seed = 7
            configuration.resumeGraceSeconds = grace
            loop = try EventLoop()
            thread = loop.startThread(name: "test-loop")
            start = clock.now()
            room = Room<Arena>(id: 1, seed: 7, configuration: configuration, metrics: ServerMetrics(transport: loop.metrics),
                               loop: loop, recordingWriter: writer, clock: clock, onPlayerGone: { _ in }, onClosed: { _ in })
        }

        deinit {
            loop.stop()
            thread.join()
            for entry in RecordingDirectory.list(directory) { unlink(directory + "/" + entry.name) }
            rmdir(directory)
        }

        func join(_ name: String) throws -> (player: PlayerID, channel: SessionChannel) {
            let channel = try loop.submitAndWait { () -> SessionChannel in
                SessionChannel(connection: RoomClockTests.FakeConnection(loop: self.loop))
            }
            let player = try #require(room.inbox.join(name: name, channel: channel, resumeToken: UInt64(name.utf8.count) << 8 | 1))
            return (player, channel)
        }

        /// Runs ticks up to `ticks`, or until the room closes itself (then false).
        @discardableResult
        func runTicks(to ticks: Int) throws -> Bool {
            while room.tick < UInt32(ticks) {
                guard room.advance(to: start + UInt64(room.tick + 1) * room.driver.period) else { return false }
                try loop.submitAndWait {}
            }
            return true
        }

        /// Runs until the room closes itself, ends it as its thread would, and returns its file.
        func runToTheEnd() throws -> String {
            while try runTicks(to: Int(room.tick) + 1) {}
            room.finish()
            writer.stop()
            let names = RecordingDirectory.list(directory).map(\.name)
            try #require(names.count == 1, "\(names)")
            return directory + "/" + names[0]
        }
    }

    /// The number after `"ticks":` in the /replays listing's entry for `path`.
    static func listedTicks(_ path: String) -> Int? {
        let fields = Routes.describe(path)
        guard let range = fields.range(of: "\"ticks\":") else { return nil }
        return Int(fields[range.upperBound...].prefix { $0.isNumber })
    }

    @Test func theListedLengthExcludesTheResumeGraceAfterTheLastPlayerLeft() throws {
        let fixture = try Fixture(grace: 1)
        let (a, channelA) = try fixture.join("ann")
        let (b, channelB) = try fixture.join("bob")
        try fixture.runTicks(to: 20)
        fixture.room.inbox.disconnected(a, channel: channelA)
        try fixture.runTicks(to: 40)
        fixture.room.inbox.disconnected(b, channel: channelB)  // applied in tick 40, the last one bob played
        let path = try fixture.runToTheEnd()
        let grace = Int(fixture.room.configuration.resumeGraceTicks)
        let recorded = try RecordingIndex(file: RecordingFile(path: path))
        // Every tick the room ran is recorded (the file verifies), the grace and the empty wait too.
        #expect(Int(recorded.endTick) >= 41 + grace)
        #expect(Self.listedTicks(path) == 41, "\(Routes.describe(path))")
        // Playback ends there too; verification still covers every recorded tick.
        let replayer = try Replayer<Arena>(path: path)
        #expect(replayer.playbackEndTick == 41)
        #expect(replayer.endTick == recorded.endTick)
        #expect(VerificationReport.verify(Arena.self, path: path).ticksVerified == recorded.endTick)
    }

    /// A server shut down with players connected: every tick was match time.
    @Test func aMatchStoppedWithPlayersConnectedCountsEveryTick() throws {
        let fixture = try Fixture(grace: 1)
        _ = try fixture.join("ann")
        try fixture.runTicks(to: 50)
        fixture.room.finish()
        fixture.writer.stop()
        let names = RecordingDirectory.list(fixture.directory).map(\.name)
        try #require(names.count == 1)
        #expect(Self.listedTicks(fixture.directory + "/" + names[0]) == 50)
    }

    @Test func withoutAGraceTheEmptyWaitIsNotMatchTimeEither() throws {
        let fixture = try Fixture(grace: 0)
        let (a, channelA) = try fixture.join("ann")
        try fixture.runTicks(to: 30)
        fixture.room.inbox.disconnected(a, channel: channelA)
        let path = try fixture.runToTheEnd()
        #expect(Self.listedTicks(path) == 31, "\(Routes.describe(path))")
    }
}
