import Glibc
import Testing
import BotKit
import NetworkTestSupport
import Platform

/// Injected fault: the server's descriptor limit reached while clients keep connecting
/// (issue 16). A game-server runs under `ulimit -n 64`; a player keeps playing while the test
/// holds more connections than the server can take and keeps opening new ones.
@Suite(.serialized) struct DescriptorLimitTests {
    @Test func outOfDescriptorsRefusesNewConnectionsWithoutSpinningAndRecovers() throws {
        let server = try ChildProcess.spawn(try ChildProcess.locate("game-server"), [
            "--port", "0", "--no-record", "--no-web-root", "--log-level", "warning", "--seed", "3", "--drones", "0",
        ], limits: "ulimit -n 64")
        var reaped = false
        defer { if !reaped { ChildProcess.stop(server.pid) } }
        let port = try RecorderCrashTests.readPort(from: server.output)
        let output = ChildOutput(server.output)
        let loop = try EventLoop()
        let loopThread = loop.startThread(name: "descriptor-bots")
        defer {
            loop.stop()
            loopThread.join()
        }
        let mix = try BehaviorMix.parse("wander:1").get()
        let player = BotFleet(loop: loop, plan: FleetPlan(port: port, players: 1, ramp: 10, behaviors: mix, seed: 4))
        try loop.submitAndWait { player.start() }
        defer { try? loop.submitAndWait { player.stop() } }
        func playerSummary() -> FleetSummary { (try? loop.submitAndWait { player.summary() }) ?? FleetSummary() }
        try #require(waitUntil(seconds: 30) { playerSummary().playing == 1 && playerSummary().snapshots > 0 })

        // More connections than 64 descriptors allow: the first ones are accepted (and wait
        // for a request), the rest must be answered 503 and closed at accept.
        var held: [RawClient] = []
        for _ in 0..<100 { held.append(try RawClient(port: port, timeout: 5)) }
        usleep(300_000)
        var refusedWhileHolding = 0
        var kept: [RawClient] = []
        for client in held {
            if client.isQuiet(for: 0.02) { kept.append(client) } else { refusedWhileHolding += 1 }
        }
        held = kept
        #expect(refusedWhileHolding >= 36, "\(refusedWhileHolding) of 100 refused under a limit of 64 descriptors")
        #expect(!held.isEmpty)

        // Keep connecting for two seconds: each is refused at once, and the server does not
        // spin (a level-triggered listener it cannot accept from would burn a whole core).
        let snapshotsBefore = playerSummary().snapshots
        let cpuBefore = try #require(ChildProcess.cpuSeconds(server.pid))
        let start = Monotonic.now()
        var attempts = 0, refused = 0
        while Monotonic.now() - start < 2_000_000_000 {
            let client = try RawClient(port: port, timeout: 3)
            attempts += 1
            if let response = try? client.readResponse(), response.status == 503, client.waitForEOF() { refused += 1 }
            usleep(20_000)
        }
        let wall = Double(Monotonic.now() - start) / 1e9
        let cpu = try #require(ChildProcess.cpuSeconds(server.pid)) - cpuBefore
        #expect(attempts > 0 && refused == attempts, "\(refused) of \(attempts) connections refused with 503")
        #expect(cpu < 0.5 * wall, "the server used \(cpu) s of CPU in \(wall) s while out of descriptors")
        // The player already in kept playing: snapshots still came, it was never dropped.
        #expect(waitUntil(seconds: 10) { playerSummary().snapshots > snapshotsBefore + 30 })
        #expect(playerSummary().dropped == 0)
        #expect(playerSummary().playing == 1)

        // Descriptors free again: a new player joins, and the refusals were counted.
        held.removeAll()
        // Until the server has seen those closes: its /metrics answers again.
        #expect(waitUntil(seconds: 20) { !MetricsScrape.fetch(port: port).isEmpty })
        let newcomer = BotFleet(loop: loop, plan: FleetPlan(port: port, players: 1, ramp: 10, behaviors: mix, seed: 5))
        try loop.submitAndWait { newcomer.start() }
        defer { try? loop.submitAndWait { newcomer.stop() } }
        #expect(waitUntil(seconds: 30) { (try? loop.submitAndWait { newcomer.summary().playing }) == 1 },
                "\((try? loop.submitAndWait { newcomer.summary() }).map { "\($0)" } ?? ""); the server printed: \(output.printed)")
        let metrics = MetricsScrape.fetch(port: port)
        let counted = metrics["game_refused_total{reason=\"descriptors\"}"] ?? 0
        #expect(Int(counted) >= refusedWhileHolding + refused, "\(counted) refusals counted")
        #expect(playerSummary().hashMismatches == 0)

        ChildProcess.stop(server.pid)
        reaped = true
        let printed = output.finish()
        let episodes = printed.components(separatedBy: "out of descriptors").count - 1
        #expect(episodes >= 1 && episodes <= 3, "logged \(episodes) times: \(printed)")
    }
}
