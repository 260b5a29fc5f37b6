import Glibc
import Testing
import BotKit
import GameBots
import GameServer
import Pitch
import Platform
import Simulation
import Wire
@testable import Recording

/// The second game through the same server, bots and recordings as Arena, with nothing
/// written for it but its rules and its autopilot: a short match (halves of two seconds) played
/// by autopilot bots, every view hash equal, and its recording verified tick for tick.
@Suite(.serialized) struct PitchMatchTests {
    @Test func autopilotBotsPlayAMatchThatRecordsAndVerifies() throws {
        let directory = try TemporaryDirectory()
        var configuration = GameServerConfiguration()
        configuration.port = 0
        configuration.seed = 77
        configuration.webRoot = nil
        configuration.recording = true
        configuration.recordDirectory = directory.path
        configuration.keyframeSeconds = 0.5
        configuration.resumeGraceSeconds = 0
        configuration.settings = GameSettings([("countdownSeconds", 1), ("halfSeconds", 2), ("breakSeconds", 1), ("resultsSeconds", 1)])
        let server = try GameServer<Pitch>(configuration: configuration)
        let serverThread = server.start()
        let loop = try EventLoop()
        let loopThread = loop.startThread(name: "test-pitch-bots")
        var plan = FleetPlan(port: server.port, players: 6, ramp: 20, behaviors: try BehaviorMix.parse("autopilot:5,wander:1").get(), seed: 8)
        plan.autopilot = PitchBots()
        let fleet = BotFleet(loop: loop, plan: plan)
        try loop.submitAndWait { fleet.start() }
        usleep(4_000_000)
        let (playing, checked, mismatches, phases) = try loop.submitAndWait { () -> (Int, Int, Int, Set<Int32>) in
            var phases = Set<Int32>()
            for bot in fleet.bots {
                let view = bot.client.world.view
                for index in 0..<view.count where view.kinds[index] == PitchTables.matchKind {
                    if let phase = bot.client.world.value(of: view.ids[index], field: PitchTables.MatchField.phase) { phases.insert(phase) }
                }
            }
            return (fleet.bots.filter { $0.client.state == .playing }.count, fleet.bots.reduce(0) { $0 + $1.client.world.hashesChecked },
                    fleet.bots.reduce(0) { $0 + $1.client.hashMismatches }, phases)
        }
        try loop.submitAndWait { fleet.stop() }
        usleep(200_000)
        server.shutdown()
        serverThread.join()
        loop.stop()
        loopThread.join()

        #expect(playing == 6)
        #expect(checked >= 6 * 3, "each bot checks a view hash several times")
        #expect(mismatches == 0)
        #expect(!phases.isEmpty && !phases.contains(PitchPhase.waiting.rawValue), "six players start a match: \(phases)")
        let names = directory.files()
        #expect(names.count == 1)
        let path = directory.path + "/" + (names.first ?? "")
        let report = VerificationReport.verify(Pitch.self, path: path)
        #expect(report.outcome == .verified, "\(report)")
        #expect(report.ticksVerified > 200 && report.keyframesChecked >= 6)
        // Its inputs are Pitch's own three fields, recorded as such.
        let index = try RecordingIndex(file: RecordingFile(path: path))
        #expect(index.header.inputs == PitchInput.table)
    }
}
