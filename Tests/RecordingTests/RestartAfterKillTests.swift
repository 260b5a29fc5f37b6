import Glibc
import Testing
import Arena
import BotKit
import NetworkTestSupport
import Platform

@testable import Recording

/// Injected fault: `kill -9` during a match, then a restart on the same directory (issue 16).
/// The restarted server starts beside the cut file, lists it as incomplete, serves it to a
/// replay viewer, counts it in the disk budget and records its new match in a file beside it;
/// the cut file verifies up to its end.
@Suite(.serialized) struct RestartAfterKillTests {
    @Test func aRestartOnTheDirectoryOfAKilledServerListsAndReplaysTheCutRecording() throws {
        let directory = try TemporaryDirectory()
        let arguments = [
            "--port", "0", "--record-dir", directory.path, "--keyframe-seconds", "0.5", "--log-level", "warning",
            "--no-web-root", "--seed", "11",
        ]
        let gameServer = try ChildProcess.locate("game-server")
        let loop = try EventLoop()
        let loopThread = loop.startThread(name: "restart-bots")
        defer {
            loop.stop()
            loopThread.join()
        }
        let mix = try BehaviorMix.parse("wander:1,shooter:1").get()

        // The first server records a match and is killed in the middle of it.
        let first = try ChildProcess.spawn(gameServer, arguments)
        var firstReaped = false
        defer {
            close(first.output)
            if !firstReaped { ChildProcess.stop(first.pid) }
        }
        let firstPort = try RecorderCrashTests.readPort(from: first.output)
        let fleet = BotFleet(loop: loop, plan: FleetPlan(port: firstPort, players: 3, ramp: 30, behaviors: mix, seed: 12))
        try loop.submitAndWait { fleet.start() }
        #expect(waitUntil(seconds: 30) {
            (try? loop.submitAndWait { fleet.summary().playing }) == 3
                && (MetricsScrape.fetch(port: firstPort)["game_ticks_total"] ?? 0) >= 150
        })
        kill(first.pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(first.pid, &status, 0) < 0 && errno == EINTR {}
        firstReaped = true
        try loop.submitAndWait { fleet.stop() }
        let names = directory.files()
        try #require(names.count == 1, "\(names)")
        let cut = names[0], cutPath = directory.path + "/" + cut
        let cutSize = RecordingDirectory.list(directory.path).first { $0.name == cut }?.size ?? 0
        #expect(cutSize > 0)

        // The second server starts on the same directory.
        let second = try ChildProcess.spawn(gameServer, arguments)
        defer { ChildProcess.stop(second.pid) }
        let port = try RecorderCrashTests.readPort(from: second.output)
        let output = ChildOutput(second.output)
        _ = output

        // /replays lists the cut file, as incomplete, with what its header says.
        let listing = try #require(MetricsScrape.httpGet(host: "127.0.0.1", port: port, path: "/replays"))
        let entry = try #require(listing.split(separator: "}").first { $0.contains("\"name\":\"\(cut)\"") }, "\(listing)")
        #expect(entry.contains("\"complete\":false") && entry.contains("\"game\":\"Arena\"") && !entry.contains("\"error\""), "\(entry)")

        // A replay viewer opens it: the socket upgrades and the first message is the replay's.
        let viewer = try RawClient(port: port, timeout: 10)
        let upgrade = try viewer.upgrade(path: "/replay?file=\(cut)")
        #expect(upgrade.status == 101, "\(upgrade.head)")
        let frame = try viewer.readFrame()
        #expect(frame?.opcode == 2, "\(String(describing: frame))")

        // It verifies to its end, and the replayer plays to its last tick.
        let report = VerificationReport.verify(Arena.self, path: cutPath)
        #expect(report.outcome == .verified && !report.complete && report.ticksVerified >= 90, "\(report)")
        let verify = try ChildProcess.run(try ChildProcess.locate("replay"), ["verify", cutPath])
        #expect(verify.status == 0, "\(verify.output)")
        var replayer = try Replayer<Arena>(path: cutPath)
        try replayer.seek(to: replayer.endTick)
        #expect(replayer.tick == replayer.endTick && replayer.endTick >= 90)
        #expect(replayer.firstDivergence == nil)

        // A new match is recorded beside it; the directory's budget counts both files.
        let newcomers = BotFleet(loop: loop, plan: FleetPlan(port: port, players: 2, ramp: 30, behaviors: mix, seed: 13))
        try loop.submitAndWait { newcomers.start() }
        defer { try? loop.submitAndWait { newcomers.stop() } }
        #expect(waitUntil(seconds: 30) {
            directory.files().count == 2 && RecordingDirectory.list(directory.path).allSatisfy { $0.size > 0 }
        }, "\(directory.files())")
        let counted = RecordingDirectory.list(directory.path)
        #expect(counted.contains { $0.name == cut && $0.size == cutSize }, "\(counted)")
        #expect(ChildProcess.isRunning(second.pid))
    }
}
