import Testing
import Glibc
import WebSocket
import Platform
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

        init(stallSeconds: Double? = nil) throws {
            var configuration = GameServerConfiguration()
            configuration.port = 0
            configuration.seed = 7
            configuration.webRoot = nil
            if let stallSeconds {
                configuration.stallSeconds = stallSeconds
                // A quiet test world sends little: a small kernel send buffer fills in seconds.
                configuration.transport.serverSendBufferBytes = 4096
            }
            server = try GameServer<Arena>(configuration: configuration)
            serverThread = server.start()
            loop = try EventLoop()
            loopThread = loop.startThread(name: "test-bots")
        }

        /// Polls `predicate` on the loop until it holds or `seconds` pass.
        func waitFor(_ seconds: Double, _ predicate: @escaping () -> Bool) -> Bool {
            let deadline = Monotonic.now() + UInt64(seconds * 1e9)
            while Monotonic.now() < deadline {
                if (try? loop.submitAndWait(predicate)) == true { return true }
                usleep(20_000)
            }
            return false
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
        // Until every figure below has samples (about 2 s on an idle machine), not a fixed sleep.
        #expect(fixture.waitFor(30) {
            let s = fleet.summary()
            return s.playing == 6 && s.hashesChecked >= 6 && s.snapshots > 6 * 30 && s.rttMillis.count >= 6
                && s.inputAckMillis.count > 10 && s.jitterMillis.count > 6 * 30
        })
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

    @Test func aDeltaCorruptedOnTheWireIsCaughtByTheViewHashWithBotAndTick() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let fleet = BotFleet(loop: fixture.loop, plan: FleetPlan(port: fixture.server.port, players: 2, ramp: 50,
                                                                 behaviors: BehaviorMix([(.wander, 1)]), seed: 1))
        try fixture.loop.submitAndWait { fleet.start() }
        #expect(fixture.waitFor(10) { fleet.bots.count == 2 && fleet.bots.allSatisfy { $0.client.world.hashesChecked >= 1 } })
        // One bit of a changed field's value flipped in the bytes of bot 0's next hashed delta:
        // the snapshot still decodes, so only the view hash can notice.
        try fixture.loop.submitAndWait { fleet.bots[0].client.corruptNextDeltaForTesting = true }
        #expect(fixture.waitFor(10) { fleet.bots[0].client.hashMismatches >= 1 })
        let (summary, tick, errors) = try fixture.loop.submitAndWait { () -> (FleetSummary, UInt32?, [String]) in
            let s = fleet.summary()
            fleet.stop()
            return (s, fleet.bots[0].client.corruptedSnapshotTick, fleet.bots[0].client.errors)
        }
        let corruptedTick = try #require(tick)
        #expect(errors.isEmpty, "the corrupted snapshot must decode: \(errors)")
        #expect(summary.hashMismatches >= 1)
        // Reported with the bot and exactly the tick of the corrupted snapshot.
        #expect(summary.mismatchAt.first == "bot0@\(corruptedTick)")
        #expect(summary.playing == 2)
        #expect(try fixture.loop.submitAndWait { fleet.bots[1].client.hashMismatches } == 0)
    }

    @Test func aViewCorruptedInMemoryIsCountedAtTheNextHash() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let fleet = BotFleet(loop: fixture.loop, plan: FleetPlan(port: fixture.server.port, players: 1, ramp: 50,
                                                                 behaviors: BehaviorMix([(.idle, 1)]), seed: 1))
        try fixture.loop.submitAndWait { fleet.start() }
        #expect(fixture.waitFor(10) { fleet.bots.first?.client.world.hashesChecked ?? 0 >= 1 })
        // Flip the owner-player field of the bot's own (idle, so otherwise unchanging) entity.
        let corrupted = try fixture.loop.submitAndWait { () -> Bool in
            let client = fleet.bots[0].client
            return client.entityID.map { client.corruptViewForTesting(entity: $0, field: ArenaTables.PlayerField.player) } ?? false
        }
        #expect(corrupted)
        #expect(fixture.waitFor(5) { fleet.bots[0].client.hashMismatches >= 1 })
        try fixture.loop.submitAndWait { fleet.stop() }
    }

    /// Slow readers and every kind of bad actor beside two honest bots: each misbehaving bot
    /// is closed with its code, the honest ones see no drop and no mismatch.
    @Test(arguments: ["websocket", "polling"])
    func misbehavingBotsAreClosedWithTheirCodesWhileHonestOnesPlayOn(transport: String) throws {
        let fixture = try Fixture(stallSeconds: 0.5)
        defer { fixture.stop() }
        var plan = FleetPlan(port: fixture.server.port, players: 8, ramp: 50, behaviors: BehaviorMix([(.wander, 1)]), seed: 2)
        plan.transports = try TransportMix.parse(transport).get()
        plan.slowReaderFraction = 1.0 / 8
        plan.slowReaderAfter = 0.5
        // The quiet test world sends a slow reader about 600 B/s: its buffers (the server's
        // 4 KiB send buffer, the bot's small receive window) fill in a few seconds, then the
        // server waits the stall limit. The pause outlasts both comfortably.
        plan.slowReaderPause = 16
        plan.badActorFraction = 5.0 / 8
        plan.badActorAfter = 0.5
        #expect((0..<8).map { plan.role(of: $0).name } == ["honest", "garbage", "truncated", "slow-reader", "no-hello", "flood", "honest", "oversized"])
        let fleet = BotFleet(loop: fixture.loop, plan: plan)
        try fixture.loop.submitAndWait { fleet.start() }
        // Everyone misbehaving has been closed (the slow reader reads again after its pause).
        #expect(fixture.waitFor(40) {
            fleet.bots.count == 8 && fleet.bots.allSatisfy { bot in
                if bot.role.isHonest { return true }
                if case .closed = bot.client.state { return true }
                return false
            }
        })
        let summary = try fixture.loop.submitAndWait { () -> FleetSummary in
            let s = fleet.summary()
            fleet.stop()
            return s
        }
        #expect(summary.attempted == 2 && summary.playing == 2)
        #expect(summary.dropped == 0, "\(summary.dropCodes)")
        #expect(summary.hashMismatches == 0)
        #expect(summary.hashesChecked >= 2)
        #expect(summary.allBots == 8)
        let expected: [String: UInt16] = ["garbage": 4001, "truncated": 4001, "no-hello": 4006, "flood": 4002,
                                          "oversized": 1009, "slow-reader": 4003]
        #expect(Set(summary.dishonest.keys) == Set(expected.keys))
        for (role, code) in expected {
            let outcome = summary.dishonest[role]
            #expect(outcome?.bots == 1 && outcome?.expectedCode == code)
            #expect(outcome?.closedAsExpected == 1, "\(role): \(outcome?.closeCodes ?? [:])")
        }
    }

    @Test func churnReplacesLeaversAndCountsThemApartFromDrops() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        var plan = FleetPlan(port: fixture.server.port, players: 3, ramp: 50, behaviors: BehaviorMix([(.wander, 1)]), seed: 4)
        plan.lifetime = 0.5...1.0
        let fleet = BotFleet(loop: fixture.loop, plan: plan)
        try fixture.loop.submitAndWait { fleet.start() }
        #expect(fixture.waitFor(15) { fleet.summary().left >= 6 })
        let summary = try fixture.loop.submitAndWait { () -> FleetSummary in
            let s = fleet.summary()
            fleet.stop()
            return s
        }
        #expect(summary.attempted >= 9)
        #expect(summary.dropped == 0, "\(summary.dropCodes)")
        #expect(summary.failed == 0)
        #expect(summary.hashMismatches == 0)
        #expect(summary.attempted - summary.left - summary.playing <= 3)  // the rest are still joining
    }

    @Test func aFleetSplitOverBothTransportsPlaysAndReportsEachApart() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        var plan = FleetPlan(port: fixture.server.port, players: 8, ramp: 40, behaviors: BehaviorMix([(.wander, 1)]), seed: 5)
        plan.transports = try TransportMix.parse("mix:3,1").get()
        let fleet = BotFleet(loop: fixture.loop, plan: plan)
        try fixture.loop.submitAndWait { fleet.start() }
        #expect(fixture.waitFor(30) {
            let s = fleet.summary(of: .polling)
            return fleet.summary().playing == 8 && s.hashesChecked >= 2 && s.rttMillis.count >= 2 && s.inputAckMillis.count > 10
        })
        let (all, webSocket, polling, carriers) = try fixture.loop.submitAndWait { () -> (FleetSummary, FleetSummary, FleetSummary, [ClientTransport?]) in
            let parts = (fleet.summary(), fleet.summary(of: .webSocket), fleet.summary(of: .polling), fleet.bots.map(\.client.transport))
            fleet.stop()
            return parts
        }
        #expect(carriers.filter { $0 == .polling }.count == 2 && carriers.filter { $0 == .webSocket }.count == 6)
        #expect(webSocket.playing == 6 && polling.playing == 2)
        #expect(webSocket.attempted + polling.attempted == all.attempted)
        #expect(webSocket.snapshots + polling.snapshots == all.snapshots)
        #expect(webSocket.hashesChecked + polling.hashesChecked == all.hashesChecked)
        #expect(all.hashMismatches == 0 && all.dropped == 0 && all.clientErrors == 0, "\(all.firstErrors)")
        #expect(polling.rttMillis.count >= 2 && polling.rttMillis.p99 < 1000)
        #expect(webSocket.rttMillis.count + polling.rttMillis.count == all.rttMillis.count)
    }

    @Test func transportMixesParseAndSpreadEvenly() throws {
        #expect(try TransportMix.parse("websocket").get() == .allWebSocket)
        #expect(try TransportMix.parse("polling").get() == TransportMix(webSocket: 0, polling: 1))
        let mix = try TransportMix.parse("mix:3,1").get()
        #expect(mix.isMixed && mix.description == "mix:3,1")
        let first200 = (0..<200).map { mix.transport(of: $0) }
        #expect(first200.filter { $0 == .polling }.count == 50)
        // Every prefix keeps the ratio within one bot: a ramp or a short run is split too.
        for count in 1...200 {
            let polling = first200.prefix(count).filter { $0 == .polling }.count
            #expect(abs(polling * 4 - count) <= 4, "\(count)")
        }
        #expect((0..<10).allSatisfy { TransportMix(webSocket: 0, polling: 1).transport(of: $0) == .polling })
        #expect((0..<10).allSatisfy { TransportMix.allWebSocket.transport(of: $0) == .webSocket })
        for bad in ["", "ws", "mix:", "mix:1", "mix:0,0", "mix:-1,2", "mix:1,2,3", "mix:a,b", "Polling"] {
            #expect(throws: BehaviorMix.ParseError.self) { try TransportMix.parse(bad).get() }
        }
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
        var histogram = LatencyHistogram()
        for value in 1...100 { histogram.add(Double(value)) }
        let h = histogram.summary()
        #expect(h.count == 100 && h.max == 100)
        #expect(h.p50 >= 50 && h.p50 <= 50 * 1.02)
        #expect(h.p99 >= 99 && h.p99 <= 100)
        histogram.reset()
        #expect(histogram.summary() == SampleSet.Summary())
        var stats = BotStats()
        stats.inputSent(sequence: 1, at: 1_000_000)
        stats.inputSent(sequence: 2, at: 2_000_000)
        stats.inputSent(sequence: 3, at: 3_000_000)
        #expect(stats.acknowledged(upTo: 2, at: 12_000_000) == 10)
        #expect(stats.pendingInputs.count == 1)
        #expect(stats.acknowledged(upTo: 2, at: 20_000_000) == nil)
        #expect(stats.snapshotArrived(at: 0, expectedIntervalNanos: 10_000_000) == nil)
        #expect(stats.snapshotArrived(at: 13_000_000, expectedIntervalNanos: 10_000_000) == 3)
    }

    @Test func rolesAreSpreadEvenlyByFraction() {
        var plan = FleetPlan(port: 1, players: 1000)
        plan.slowReaderFraction = 0.05
        plan.badActorFraction = 0.1
        let roles = (0..<1000).map { plan.role(of: $0) }
        #expect(roles.filter { $0 == .slowReader }.count == 50)
        let bad = roles.compactMap { role -> Misbehavior? in if case .badActor(let m) = role { m } else { nil } }
        #expect((95...100).contains(bad.count))
        for misbehavior in Misbehavior.allCases { #expect(bad.filter { $0 == misbehavior }.count >= 18) }
        #expect((0..<100).allSatisfy { FleetPlan(port: 1, players: 100).role(of: $0) == .honest })
    }
}
