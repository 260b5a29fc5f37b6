import Testing
import Glibc
import Platform
import BotKit

/// Bots through a simulated network: the delay shows in the round trip, jitter never reorders
/// (every view hash still matches), a stall holds everything and then lets it through, and the
/// link's written form parses strictly.
@Suite(.serialized) struct SimulatedLinkTests {
    @Test(arguments: ["75ms±20ms", "150ms+-30ms,bw=2mbit", "100ms±30ms,stall=300ms/5s", "0ms", "1s"])
    func linksParseAndPrint(text: String) throws {
        let link = try LinkSpec.parse(text)
        #expect(try LinkSpec.parse(link.description) == link, "\(text) → \(link)")
    }

    @Test func linkSpecsMeanWhatTheySay() throws {
        let link = try LinkSpec.parse("150ms±30ms,bw=2mbit,stall=300ms/5s")
        #expect(link.delay == 0.15 && link.jitter == 0.03 && link.bitsPerSecond == 2e6)
        #expect(link.stall?.duration == 0.3 && link.stall?.every == 5)
        #expect(link.description == "150ms±30ms,bw=2mbit,stall=300ms/5s")
    }

    @Test(arguments: ["", "fast", "75", "20ms±40ms", "75ms,bw=9", "75ms,stall=1s/1s", "75ms,loss=1%", "11s", "-5ms"])
    func badLinksAreRefusedWithTheReason(text: String) {
        #expect(throws: LinkSpec.ParseError.self) { _ = try LinkSpec.parse(text) }
    }

    /// Bots at 100 ms ± 30 ms each way: RTT about 200 ms, inputs acknowledged after at least
    /// that, no hash mismatch and no client error although every message was held.
    @Test func theRoundTripCarriesTheDelayAndJitterNeverReorders() throws {
        let fixture = try BotFleetTests.Fixture()
        defer { fixture.stop() }
        var plan = FleetPlan(port: fixture.server.port, players: 3, ramp: 50, behaviors: BehaviorMix([(.wander, 1)]), seed: 5)
        plan.links = try LinkMix.parse("100ms±30ms")
        let fleet = BotFleet(loop: fixture.loop, plan: plan)
        try fixture.loop.submitAndWait { fleet.start() }
        #expect(fixture.waitFor(30) {
            let s = fleet.summary()
            return s.playing == 3 && s.rttMillis.count >= 6 && s.hashesChecked >= 9 && s.inputAckMillis.count > 30
        })
        let summary = try fixture.loop.submitAndWait { () -> FleetSummary in
            let s = fleet.summary()
            fleet.stop()
            return s
        }
        #expect(summary.rttMillis.p50 >= 140 && summary.rttMillis.p50 <= 280, "RTT p50 \(summary.rttMillis.p50) ms")
        #expect(summary.inputAckMillis.p50 >= 140, "input→ack p50 \(summary.inputAckMillis.p50) ms")
        #expect(summary.hashMismatches == 0 && summary.clientErrors == 0, "\(summary.firstErrors)")
        #expect(summary.dropped == 0)
    }

    /// A 400 ms stall every 1.5 s on a 0 ms link: some round trips wait out a stall.
    @Test func aStallHoldsEverythingThenLetsItThrough() throws {
        let fixture = try BotFleetTests.Fixture()
        defer { fixture.stop() }
        var plan = FleetPlan(port: fixture.server.port, players: 2, ramp: 50, behaviors: BehaviorMix([(.wander, 1)]), seed: 6)
        plan.links = try LinkMix.parse("0ms,stall=400ms/1500ms")
        let fleet = BotFleet(loop: fixture.loop, plan: plan)
        try fixture.loop.submitAndWait { fleet.start() }
        #expect(fixture.waitFor(30) { let s = fleet.summary(); return s.playing == 2 && s.rttMillis.count >= 8 && s.hashesChecked >= 6 })
        let summary = try fixture.loop.submitAndWait { () -> FleetSummary in
            let s = fleet.summary()
            fleet.stop()
            return s
        }
        #expect(summary.rttMillis.max >= 100, "a ping caught in a stall waits for its end: max \(summary.rttMillis.max) ms")
        #expect(summary.rttMillis.p50 < 100, "most do not")
        #expect(summary.hashMismatches == 0 && summary.clientErrors == 0, "\(summary.firstErrors)")
    }

    /// The server measures each player's round trip with its own probes, which a bot answers
    /// through its link: on a 60 ms ± 10 ms link an honest bot's views are never clamped, and a
    /// bot claiming views 40 ticks (667 ms) older than it has is, on every input.
    @Test func viewsOlderThanTheMeasuredRoundTripAllowsAreClamped() throws {
        let fixture = try BotFleetTests.Fixture()
        defer { fixture.stop() }
        var plan = FleetPlan(port: fixture.server.port, players: 2, ramp: 50, behaviors: BehaviorMix([(.wander, 1)]), seed: 12)
        plan.links = try LinkMix.parse("60ms±10ms")
        let fleet = BotFleet(loop: fixture.loop, plan: plan)
        try fixture.loop.submitAndWait { fleet.start() }
        let metrics = fixture.server.metrics
        #expect(fixture.waitFor(30) { fleet.summary().playing == 2 && fleet.summary().inputAckMillis.count > 200 })
        usleep(2_000_000)  // a few probes answered
        #expect(metrics.viewClaimsClamped.current == 0, "honest views on a 120 ms round trip")
        try fixture.loop.submitAndWait { fleet.bots[0].client.claimsOlderViewsForTesting = 40 }
        let applied = metrics.inputsApplied.current
        #expect(fixture.waitFor(10) { metrics.viewClaimsClamped.current >= 60 })
        try fixture.loop.submitAndWait { fleet.stop() }
        #expect(metrics.inputsApplied.current > applied, "the cheater's inputs are still applied, their views moved up")
    }

    /// Two classes, reported apart: the direct half's round trip is loopback's, the other's
    /// carries its delay; the classes alternate through the join order.
    @Test func aMixOfLinksIsReportedByClass() throws {
        let mix = try LinkMix.parse("direct@1;80ms±10ms@1")
        #expect(mix.isMixed && (0..<6).map(mix.linkClass(of:)) == [0, 1, 0, 1, 0, 1])
        #expect(mix.description == "direct@1;80ms±10ms@1" && mix.name(of: 1) == "80ms±10ms")
        #expect(throws: LinkSpec.ParseError.self) { _ = try LinkMix.parse("direct@0") }
        let fixture = try BotFleetTests.Fixture()
        defer { fixture.stop() }
        var plan = FleetPlan(port: fixture.server.port, players: 4, ramp: 50, behaviors: BehaviorMix([(.wander, 1)]), seed: 8)
        plan.links = mix
        let fleet = BotFleet(loop: fixture.loop, plan: plan)
        try fixture.loop.submitAndWait { fleet.start() }
        #expect(fixture.waitFor(30) {
            let direct = fleet.totals(ofLinkClass: 0).summary, far = fleet.totals(ofLinkClass: 1).summary
            return direct.playing == 2 && far.playing == 2 && direct.rttMillis.count >= 4 && far.rttMillis.count >= 4
        })
        let (direct, far) = try fixture.loop.submitAndWait { () -> (FleetSummary, FleetSummary) in
            let result = (fleet.totals(ofLinkClass: 0).summary, fleet.totals(ofLinkClass: 1).summary)
            fleet.stop()
            return result
        }
        #expect(direct.rttMillis.p50 < 60, "direct: \(direct.rttMillis.p50) ms")
        #expect(far.rttMillis.p50 >= 140 && far.rttMillis.p50 < 240, "80 ms each way: \(far.rttMillis.p50) ms")
        #expect(direct.hashMismatches == 0 && far.hashMismatches == 0)
    }

    /// Duelists fire at each other; each class counts its own shots and the hits it saw them
    /// make (what the fairness scenario compares), and a hit is never counted without a shot.
    @Test func duelistsShotsAndHitsAreCountedByLinkClass() throws {
        let fixture = try BotFleetTests.Fixture()
        defer { fixture.stop() }
        var plan = FleetPlan(port: fixture.server.port, players: 4, ramp: 50, behaviors: BehaviorMix([(.duelist, 1)]), seed: 9)
        plan.links = try LinkMix.parse("direct@1;60ms±10ms@1")
        let fleet = BotFleet(loop: fixture.loop, plan: plan)
        try fixture.loop.submitAndWait { fleet.start() }
        #expect(fixture.waitFor(40) {
            let direct = fleet.totals(ofLinkClass: 0).summary, far = fleet.totals(ofLinkClass: 1).summary
            return direct.hits >= 3 && far.hits >= 3
        })
        let (direct, far) = try fixture.loop.submitAndWait { () -> (FleetSummary, FleetSummary) in
            let result = (fleet.totals(ofLinkClass: 0).summary, fleet.totals(ofLinkClass: 1).summary)
            fleet.stop()
            return result
        }
        for part in [direct, far] {
            #expect(part.hits <= part.shots && part.hitRatePercent != nil, "\(part.hits) of \(part.shots)")
            #expect(part.hashMismatches == 0)
        }
    }

    /// Recovery after a freeze is measured by how long after a stall's end an input was sent:
    /// the buckets fill by that, and the recovery point is where every later bucket's p50 is
    /// within the round trip's p50 plus 3 ticks.
    @Test func recoveryAfterAStallIsWhereLatencyStaysWithinTheRoundTrip() {
        var latencies = FleetLatencies()
        for _ in 0..<50 { latencies.rtt.add(200) }
        let profile: [Double] = [450, 420, 380, 300, 270, 240, 235, 240]
        for (bucket, millis) in profile.enumerated() {
            for sample in 0..<20 { latencies.addAfterStall(millis, since: UInt64(bucket) * 100_000_000 + UInt64(sample) * 1_000_000) }
        }
        latencies.addAfterStall(999, since: 3_100_000_000)  // past the last bucket: ignored
        var summary = FleetSummary()
        latencies.summarize(into: &summary, tickMillis: 1_000.0 / 60)
        #expect(abs(summary.stallRecoveryBoundMillis! - 250) < 5, "RTT p50 (histogram: 2 % buckets) + 50")
        // 270 at 400 ms is above 250; from 500 ms on every bucket is within.
        #expect(summary.stallRecoveryMillis == 500)
        #expect(summary.inputAckAfterStallP50Millis?.count == FleetLatencies.afterStallBuckets)
        #expect(summary.inputAckAfterStallP50Millis?[20] == -1, "a bucket without samples")
        var merged = FleetLatencies()
        merged.merge(latencies)
        var again = FleetSummary()
        merged.summarize(into: &again)
        #expect(again.stallRecoveryMillis == 500)
        var direct = FleetSummary()
        FleetLatencies().summarize(into: &direct)
        #expect(direct.stallRecoveryMillis == nil && direct.inputAckAfterStallP50Millis == nil)
    }
}
