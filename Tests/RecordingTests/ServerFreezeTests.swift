import Glibc
import Testing
import BotKit
import Platform

/// Injected fault: the server process stopped (SIGSTOP) for 4 s, then continued (issue 16).
/// The freeze is the server's fault, not the players': nobody is dropped as too slow (the
/// stall rule counts snapshots the server tried to send, and none were tried while it was
/// stopped), every bot's view hashes still match, and the room does not run the missed ticks
/// in a burst: it catches up at most 3 and counts the rest as skipped.
@Suite(.serialized) struct ServerFreezeTests {
    @Test func aStoppedAndContinuedServerSkipsTheMissedTicksAndKeepsItsPlayers() throws {
        let server = try ChildProcess.spawn(try ChildProcess.locate("game-server"), [
            "--port", "0", "--no-record", "--log-level", "warning", "--no-web-root", "--seed", "8",
        ])
        defer {
            kill(server.pid, SIGCONT)
            ChildProcess.stop(server.pid)
        }
        let port = try RecorderCrashTests.readPort(from: server.output)
        let output = ChildOutput(server.output)
        let loop = try EventLoop()
        let loopThread = loop.startThread(name: "freeze-bots")
        defer {
            loop.stop()
            loopThread.join()
        }
        let mix = try BehaviorMix.parse("wander:1,shooter:1").get()
        let fleet = BotFleet(loop: loop, plan: FleetPlan(port: port, players: 3, ramp: 30, behaviors: mix, seed: 9))
        try loop.submitAndWait { fleet.start() }
        defer { try? loop.submitAndWait { fleet.stop() } }
        func summary() -> FleetSummary { (try? loop.submitAndWait { fleet.summary() }) ?? FleetSummary() }
        func metrics() -> (ticks: Double, skipped: Double) {
            let values = MetricsScrape.fetch(port: port)
            return (values["game_ticks_total"] ?? 0, values["game_ticks_skipped_total"] ?? 0)
        }
        try #require(waitUntil(seconds: 30) { summary().playing == 3 && metrics().ticks >= 120 })
        let rate = 60.0

        let before = metrics()
        let startedAt = Monotonic.now()
        kill(server.pid, SIGSTOP)
        usleep(4_000_000)
        let snapshotsFrozen = summary().snapshots
        kill(server.pid, SIGCONT)
        let continuedAt = Monotonic.now()
        let frozen = Double(continuedAt - startedAt) / 1e9

        // Play resumes: snapshots flow again, for a couple of seconds of play.
        #expect(waitUntil(seconds: 20) { summary().snapshots >= snapshotsFrozen + 3 * 120 })
        usleep(1_000_000)
        let after = metrics()
        let elapsed = Double(Monotonic.now() - startedAt) / 1e9
        let run = after.ticks - before.ticks, skipped = after.skipped - before.skipped
        // About the freeze's ticks skipped (a second's slack either way for the scrapes), and
        // ticks run tracking the time awake, not the whole elapsed time in a burst.
        #expect(skipped >= (frozen - 1) * rate, "\(skipped) ticks skipped over a \(frozen) s freeze")
        #expect(skipped <= (frozen + 1) * rate, "\(skipped) ticks skipped over a \(frozen) s freeze")
        #expect(run <= (elapsed - frozen + 1) * rate, "\(run) ticks run in \(elapsed) s, \(frozen) s of them frozen")
        #expect(run + skipped >= (elapsed - 1) * rate && run + skipped <= (elapsed + 1) * rate, "\(run) + \(skipped) ticks in \(elapsed) s")

        let end = summary()
        #expect(end.playing == 3 && end.dropped == 0, "\(end.dropCodes)")
        #expect(end.hashMismatches == 0, "\(end.mismatchAt)")
        #expect(end.hashesChecked > 0)
        #expect((MetricsScrape.fetch(port: port)["game_kicks_total{reason=\"too_slow\"}"] ?? 0) == 0)
        _ = output
    }
}
