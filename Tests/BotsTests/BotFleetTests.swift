import Testing
import Glibc
import WebSocket
import Wire
import Simulation
import Arena
import BotKit
import GameServer

/// The bots' fleet against a real GameServer<Arena> on an ephemeral loopback port.
@Suite(.serialized) struct BotFleetTests {
    final class Fixture: @unchecked Sendable {  // server and loop are thread-safe at this API; the fleet is touched via submitAndWait
        let server: GameServer<Arena>
        let serverThread: PThread
        let loop: EventLoop
        let loopThread: PThread

        init() throws {
            var configuration = GameServerConfiguration()
            configuration.port = 0
            configuration.seed = 7
            configuration.webRoot = "/nonexistent-web-root"
            server = try GameServer<Arena>(configuration: configuration)
            serverThread = server.start()
            loop = try EventLoop()
            loopThread = loop.startThread(name: "test-bots")
        }

        func stop() {
            server.shutdown()
            serverThread.join()
            loop.stop()
            loopThread.join()
        }
    }

    @Test func aSmallMixedFleetPlaysWithExactViewsAndSaneStats() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let mix = try BehaviorMix.parse("idle:1,wander:1,chase:1,shooter:1").get()
        let fleet = BotFleet(loop: fixture.loop, plan: FleetPlan(port: fixture.server.port, players: 6, ramp: 30, behaviors: mix, seed: 3))
        try fixture.loop.submitAndWait { fleet.start() }
        usleep(2_200_000)
        let summary = try fixture.loop.submitAndWait { () -> FleetSummary in
            let s = fleet.summary()
            fleet.stop()
            return s
        }
        #expect(summary.attempted == 6)
        #expect(summary.connected == 6)
        #expect(summary.playing == 6)
        #expect(summary.failed == 0)
        #expect(summary.dropped == 0)
        #expect(summary.hashesChecked >= 6)
        #expect(summary.hashMismatches == 0)
        #expect(summary.clientErrors == 0, "\(summary.firstErrors)")
        #expect(summary.snapshots > 6 * 30)
        #expect(summary.rttMillis.count >= 6)
        #expect(summary.rttMillis.p50 > 0 && summary.rttMillis.p99 < 500)
        #expect(summary.inputAckMillis.count > 10)
        #expect(summary.inputAckMillis.p50 > 0 && summary.inputAckMillis.p99 < 1000)
        #expect(summary.jitterMillis.count > 6 * 30)
        #expect(summary.bytesDown > 0 && summary.bytesUp > 0)
    }

    @Test func aCorruptedViewIsCountedAsAMismatchAtTheNextHash() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let fleet = BotFleet(loop: fixture.loop, plan: FleetPlan(port: fixture.server.port, players: 2, ramp: 50,
                                                                 behaviors: BehaviorMix([(.idle, 1)]), seed: 1))
        try fixture.loop.submitAndWait { fleet.start() }
        func waitFor(_ seconds: Double, _ predicate: @escaping () -> Bool) -> Bool {
            let deadline = Monotonic.now() + UInt64(seconds * 1e9)
            while Monotonic.now() < deadline {
                if (try? fixture.loop.submitAndWait(predicate)) == true { return true }
                usleep(10_000)
            }
            return false
        }
        #expect(waitFor(10) { fleet.bots.count == 2 && fleet.bots.allSatisfy { $0.client.world.hashesChecked >= 1 } })
        // Flip the owner-player field of bot 0's own (idle, so otherwise unchanging) entity.
        let corrupted = try fixture.loop.submitAndWait { () -> Bool in
            let client = fleet.bots[0].client
            return client.entityID.map { client.corruptViewForTesting(entity: $0, field: ArenaTables.PlayerField.player) } ?? false
        }
        #expect(corrupted)
        #expect(waitFor(5) { fleet.bots[0].client.hashMismatches >= 1 })
        let summary = try fixture.loop.submitAndWait { () -> FleetSummary in
            let s = fleet.summary()
            fleet.stop()
            return s
        }
        #expect(summary.hashMismatches >= 1)
        #expect(summary.mismatchAt.first?.hasPrefix("bot0@") == true)
        #expect(summary.playing == 2)
        #expect(summary.clientErrors == 0, "\(summary.firstErrors)")
        // The other bot's view stayed exact.
        #expect(try fixture.loop.submitAndWait { fleet.bots[1].client.hashMismatches } == 0)
    }

    @Test func behaviorMixesParseAndPickByWeight() throws {
        let mix = try BehaviorMix.parse("wander:3,shooter:1").get()
        #expect(mix.description == "wander:3,shooter:1")
        var random = SeededRandom(seed: 9)
        var counts: [Behavior: Int] = [:]
        for _ in 0..<4000 { counts[mix.pick(&random), default: 0] += 1 }
        #expect((2700...3300).contains(counts[.wander] ?? 0))
        #expect(counts[.idle] == nil && counts[.chase] == nil)
        for bad in ["", "run", "wander:0", "wander:x", "wander:1:2"] {
            if case .success = BehaviorMix.parse(bad) { Issue.record("'\(bad)' should be refused") }
        }
    }

    @Test func percentilesAndAcknowledgements() {
        var set = SampleSet(capacity: 1000)
        for value in 1...100 { set.add(Double(value)) }
        let s = set.summary()
        #expect(s.p50 == 50 && s.p99 == 99 && s.max == 100 && s.count == 100)
        #expect(SampleSet().summary() == SampleSet.Summary())
        var stats = BotStats()
        stats.inputSent(sequence: 1, at: 1_000_000)
        stats.inputSent(sequence: 2, at: 2_000_000)
        stats.inputSent(sequence: 3, at: 3_000_000)
        stats.acknowledged(upTo: 2, at: 12_000_000)
        #expect(stats.inputAckMillis.samples == [10])
        #expect(stats.pendingInputs.count == 1)
        stats.acknowledged(upTo: 2, at: 20_000_000)
        #expect(stats.inputAckMillis.count == 1)
    }
}
