import Foundation
import Flags
import WebSocket

// flags -> cells -> run each -> table (and JSON); nothing else lives here.
let spec = CommandSpec(
    name: "gamebench",
    summary: "Measures game-server with N headless players: server CPU per player-tick and per snapshot, tick durations, bytes per player against a naive full-state encoding.",
    usage: ["[--server PATH] [--players 100,500,1000] [--snapshot-intervals 1,2] [--seconds S]"],
    flags: [
        FlagSpec(name: "server", valueName: "PATH", help: "The game-server executable (a release build).", kind: .value(default: ".build/release/game-server")),
        FlagSpec(name: "players", valueName: "LIST", help: "Comma-separated player counts, one room each.", kind: .value(default: "100,500,1000")),
        FlagSpec(name: "tick-rate", valueName: "HZ", help: "Simulation tick rate.", kind: .value(default: "60")),
        FlagSpec(name: "snapshot-intervals", valueName: "LIST", help: "Comma-separated snapshot intervals in ticks (1 = 60 Hz, 2 = 30 Hz at 60 Hz).", kind: .value(default: "1,2")),
        FlagSpec(name: "seconds", valueName: "S", help: "Measuring window per cell.", kind: .value(default: "10")),
        FlagSpec(name: "warmup", valueName: "S", help: "Seconds after all players joined before measuring.", kind: .value(default: "3")),
        FlagSpec(name: "json", valueName: "FILE", help: "Also write every cell's figures as JSON.", kind: .value(default: nil)),
    ],
    examples: ["swift build -c release && .build/release/gamebench --players 100,500,1000 --snapshot-intervals 1,2"])

struct Options {
    var server: String
    var players: [Int]
    var tickRate: Int
    var intervals: [Int]
    var seconds: Double
    var warmup: Double
    var json: String?
}

func list(_ text: String, flag: String, range: ClosedRange<Int>) throws(FlagError) -> [Int] {
    var values: [Int] = []
    for part in text.split(separator: ",") {
        guard let value = Int(part), range.contains(value) else {
            throw FlagError("--\(flag) takes comma-separated integers from \(range.lowerBound) to \(range.upperBound); got '\(part)'")
        }
        values.append(value)
    }
    return values
}

let options = FlagParser.parseOrExit(spec: spec) { flags throws(FlagError) in
    Options(server: try flags.string("server") ?? ".build/release/game-server",
            players: try list(try flags.string("players") ?? "100,500,1000", flag: "players", range: 1...5000),
            tickRate: try flags.int("tick-rate", in: 1...240) ?? 60,
            intervals: try list(try flags.string("snapshot-intervals") ?? "1,2", flag: "snapshot-intervals", range: 1...60),
            seconds: try flags.double("seconds", in: 1...600) ?? 10,
            warmup: try flags.double("warmup", in: 0...60) ?? 3,
            json: try flags.string("json"))
}

Socket.raiseDescriptorLimit()
var results: [BenchCell.Result] = []
print("players  snap Hz  conn  µs/player-tick  µs/player-snap  tick p50/p99/max ms  late p99 ms  skipped  B/player/s  naive B/player/s  vs naive  hash ok/bad  RSS MB")
for interval in options.intervals {
    for players in options.players {
        let cell = BenchCell(players: players, tickRate: options.tickRate, snapshotInterval: interval)
        do {
            let r = try cell.run(server: options.server, warmup: options.warmup, seconds: options.seconds)
            results.append(r)
            print(String(format: "%7d  %7.0f  %4d  %14.2f  %14.2f  %6.2f/%5.2f/%5.2f  %11.2f  %7.0f  %10.0f  %16.0f  %7.1f%%  %5d/%-4d  %6.1f",
                         r.players, r.snapshotHz, r.playersConnected, r.serverCPUMicrosPerPlayerTick, r.serverCPUMicrosPerPlayerSnapshot,
                         r.tickP50Millis, r.tickP99Millis, r.tickMaxMillis, r.tickLatenessP99Millis, r.skippedTicks, r.downBytesPerPlayerPerSecond,
                         r.naiveBytesPerPlayerPerSecond, r.bytesVersusNaive * 100, r.hashesChecked, r.hashMismatches, r.serverRSSMegabytes))
        } catch {
            print("\(players) players, interval \(interval): failed: \(error)")
        }
    }
}
if let path = options.json {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(results).write(to: URL(fileURLWithPath: path))
}
