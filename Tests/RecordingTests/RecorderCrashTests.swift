import Glibc
import Testing
import Arena
import BotKit
import Simulation
import WebSocket
import Platform

@testable import Recording

/// `kill -9` in the middle of a match: the recording loses at most the last second and is
/// readable and verifiable up to its last complete chunk.
@Suite(.serialized) struct RecorderCrashTests {
    @Test func aServerKilledMidMatchLeavesAVerifiableRecording() throws {
        let directory = try TemporaryDirectory()
        let server = try ChildProcess.spawn(try ChildProcess.locate("game-server"), [
            "--port", "0", "--record-dir", directory.path, "--keyframe-seconds", "0.5", "--log-level", "warning",
            "--no-web-root", "--seed", "5",
        ])
        defer { close(server.output) }
        let port = try Self.readPort(from: server.output)
        let loop = try EventLoop()
        let loopThread = loop.startThread(name: "crash-bots")
        defer {
            loop.stop()
            loopThread.join()
        }
        let mix = try BehaviorMix.parse("wander:1,shooter:1").get()
        let fleet = BotFleet(loop: loop, plan: FleetPlan(port: port, players: 4, ramp: 40, behaviors: mix, seed: 2))
        try loop.submitAndWait { fleet.start() }
        // Until all four play and the room has run 150 ticks (2.5 s at 60 Hz), counted by the
        // server itself, so a slow machine waits longer instead of recording less.
        func ticksRun() -> Int { Int(MetricsScrape.fetch(port: port)["game_ticks_total"] ?? 0) }
        #expect(waitUntil(seconds: 30) { (try? loop.submitAndWait { fleet.summary().playing }) == 4 && ticksRun() >= 150 })
        // A lower bound of the ticks run when the kill lands.
        let ticksBeforeKill = ticksRun()
        kill(server.pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(server.pid, &status, 0) < 0 && errno == EINTR {}
        #expect(status & 0x7F == SIGKILL)
        try loop.submitAndWait { fleet.stop() }

        let names = directory.files()
        try #require(names.count == 1, "\(names)")
        let path = directory.path + "/" + names[0]
        let report = VerificationReport.verify(Arena.self, path: path)
        #expect(report.outcome == .verified, "\(report)")
        #expect(!report.complete)
        // At most the last second lost: every tick the room had run a second (60 ticks) before
        // the kill is in the file.
        #expect(ticksBeforeKill >= 150)
        #expect(Int(report.ticksVerified) >= ticksBeforeKill - 60, "\(report.ticksVerified) ticks verified of at least \(ticksBeforeKill) run")
        let index = try RecordingIndex(file: RecordingFile(path: path))
        #expect(index.everyone.count == 4)
        #expect(index.keyframes.count >= 2)
        #expect(try RecordingFile(path: path).endRecord() == nil)
    }

    /// Reads the child's output until its "listening on http://HOST:PORT/" line.
    static func readPort(from descriptor: Int32) throws -> Int {
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Monotonic.now() + 30_000_000_000
        while Monotonic.now() < deadline {
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { break }
            text += String(decoding: buffer[0..<got], as: UTF8.self)
            if let range = text.range(of: "listening on http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits), text[range.upperBound...].dropFirst(digits.count).first == "/" { return port }
            }
        }
        throw ChildProcess.Failure(description: "game-server did not report its port; it printed: \(text)")
    }
}
