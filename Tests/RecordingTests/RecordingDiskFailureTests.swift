import Glibc
import Testing
import Arena
import BotKit
import Platform

@testable import Recording

/// Injected fault: the recordings' disk fails under a running match (issue 16). The
/// game-server runs under `ulimit -f 64` (a file size limit of 32 or 64 KiB, by the shell's
/// block size), so its recording hits EFBIG after a few seconds of play. Without SIGXFSZ
/// ignored that write kills the whole server; with it the recording is abandoned.
@Suite(.serialized) struct RecordingDiskFailureTests {
    @Test func aFileSizeLimitAbandonsTheRecordingNotTheMatch() throws {
        let directory = try TemporaryDirectory()
        let server = try ChildProcess.spawn(try ChildProcess.locate("game-server"), [
            "--port", "0", "--record-dir", directory.path, "--keyframe-seconds", "0.5", "--log-level", "warning",
            "--no-web-root", "--seed", "6",
        ], limits: "ulimit -f 64")
        var reaped = false
        defer { if !reaped { ChildProcess.stop(server.pid) } }
        let port = try RecorderCrashTests.readPort(from: server.output)
        let output = ChildOutput(server.output)
        let loop = try EventLoop()
        let loopThread = loop.startThread(name: "disk-bots")
        defer {
            loop.stop()
            loopThread.join()
        }
        let mix = try BehaviorMix.parse("wander:1,shooter:1").get()
        let fleet = BotFleet(loop: loop, plan: FleetPlan(port: port, players: 3, ramp: 30, behaviors: mix, seed: 7))
        try loop.submitAndWait { fleet.start() }
        defer { try? loop.submitAndWait { fleet.stop() } }
        func summary() -> FleetSummary { (try? loop.submitAndWait { fleet.summary() }) ?? FleetSummary() }
        func metric(_ name: String) -> Double { MetricsScrape.fetch(port: port)[name] ?? 0 }

        // The file grows to the limit and the next write fails: the recording is abandoned.
        #expect(waitUntil(seconds: 60) { metric("game_recordings_abandoned_total") >= 1 || !ChildProcess.isRunning(server.pid) })
        try #require(ChildProcess.isRunning(server.pid), "the server died: \(output.printed)")
        #expect(metric("game_recordings_abandoned_total") == 1)

        // The match plays on: ticks advance, every player still gets snapshots, none dropped.
        let ticks = metric("game_ticks_total"), snapshots = summary().snapshots
        #expect(waitUntil(seconds: 20) { metric("game_ticks_total") >= ticks + 120 && summary().snapshots >= snapshots + 120 })
        #expect(ChildProcess.isRunning(server.pid))
        let end = summary()
        #expect(end.playing == 3 && end.dropped == 0 && end.hashMismatches == 0, "\(end)")

        // The recording ends readably at its cut, and verifies up to it.
        let names = directory.files()
        try #require(names.count == 1, "\(names)")
        let path = directory.path + "/" + names[0]
        let report = VerificationReport.verify(Arena.self, path: path)
        #expect(report.outcome == .verified, "\(report)")
        #expect(!report.complete)
        #expect(report.ticksVerified > 0)
        let verify = try ChildProcess.run(try ChildProcess.locate("replay"), ["verify", path])
        #expect(verify.status == 0, "\(verify.output)")
        #expect(try RecordingIndex(file: RecordingFile(path: path)).keyframes.count >= 1)

        ChildProcess.stop(server.pid)
        reaped = true
        // Logged once: the writer's reason and the room's notice, a line each.
        let printed = output.finish()
        #expect(printed.components(separatedBy: "stopped: ").count - 1 == 1, "\(printed)")
        #expect(printed.components(separatedBy: "recording abandoned at tick").count - 1 == 1, "\(printed)")
    }
}
