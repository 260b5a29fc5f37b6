import BotKit
import Foundation
import GameServer
import Orbs
import Platform
import Recording

// Serves Orbs with the server's library, plays it with eight of its bots for three seconds,
// records the match and verifies the recording by re-simulation; exits 0 only if every bot
// played, every view hash matched and the recording verified.
let recordings = NSTemporaryDirectory() + "orbs-recordings-\(getpid())"
defer { try? FileManager.default.removeItem(atPath: recordings) }
var configuration = GameServerConfiguration()
configuration.port = 0
configuration.seed = 5
configuration.webRoot = nil
configuration.settings["speed"] = 30
configuration.recording = true
configuration.recordDirectory = recordings
let server = try GameServer<Orbs>(configuration: configuration)
let serverThread = server.start()
let loop = try EventLoop()
let loopThread = loop.startThread(name: "orbs-bots")
let fleet = BotFleet(loop: loop, plan: FleetPlan(port: server.port, players: 8, ramp: 40, behaviors: BehaviorMix([(.wander, 1)]), seed: 2))
try loop.submitAndWait { fleet.start() }
sleep(3)
let summary = try loop.submitAndWait { () -> FleetSummary in
    let summary = fleet.summary()
    fleet.stop()
    return summary
}
usleep(100_000)
server.shutdown(timeout: 2)
serverThread.join()
loop.stop()
loopThread.join()
// The catalog entry a game-server executable for Orbs would list; here it verifies the match.
let orbs = GameEntry(Orbs.self, summary: "move your dot onto the orb")
let files = (try? FileManager.default.contentsOfDirectory(atPath: recordings))?.filter { $0.hasSuffix(".rec") } ?? []
let reports = files.map { orbs.verify(path: recordings + "/" + $0) }
let verified = !reports.isEmpty && reports.allSatisfy { $0.exitStatus == 0 && $0.ticksVerified > 60 }
print("orbs: \(summary.playing)/8 playing, \(summary.snapshots) snapshots, \(summary.hashesChecked) view hashes, "
      + "\(summary.hashMismatches) mismatched, \(summary.clientErrors) client errors; "
      + "\(reports.count) recording(s): \(reports.map { "\($0.ticksVerified) ticks, \($0.outcome)" })")
let passed = summary.playing == 8 && summary.hashesChecked >= 8 && summary.hashMismatches == 0 && summary.clientErrors == 0 && verified
exit(passed ? 0 : 1)
