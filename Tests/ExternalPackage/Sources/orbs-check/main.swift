import BotKit
import GameServer
import Glibc
import Orbs
import Platform

// Serves Orbs with the server's library, plays it with eight of its bots for three seconds,
// and exits 0 only if every bot played and every view hash matched.
var configuration = GameServerConfiguration()
configuration.port = 0
configuration.seed = 5
configuration.webRoot = "/nonexistent"
configuration.settings["speed"] = 30
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
print("orbs: \(summary.playing)/8 playing, \(summary.snapshots) snapshots, \(summary.hashesChecked) view hashes, "
      + "\(summary.hashMismatches) mismatched, \(summary.clientErrors) client errors")
exit(summary.playing == 8 && summary.hashesChecked >= 8 && summary.hashMismatches == 0 && summary.clientErrors == 0 ? 0 : 1)
