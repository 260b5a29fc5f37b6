import Foundation
import Flags
import WebSocket
import Platform

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
        FlagSpec(name: "record", valueName: "MODES", help: "off, on, or off,on: whether the server records the match; with both, each cell runs both ways, interleaved, and the game thread's CPU per tick is compared.", kind: .value(default: "off")),
        .switch("recording-overhead", help: "Instead of the cells: the game thread's CPU per tick with and without recording, in process (no network), at each --players count."),
        .switch("snapshot-encoding", help: "Instead of the cells: the snapshot encoder alone, in process: time per tick and bytes per snapshot for 200 players in a 2,000-entity world."),
        .switch("arena-rules", help: "Instead of the cells: the Arena's rules alone (inputs and step, no snapshots), in process: time per tick at each --players count."),
        FlagSpec(name: "handshakes", valueName: "N", help: "Instead of the cells: server CPU per /play handshake with and without join-token verification, N upgrades per round, 5 × --reps interleaved rounds.", kind: .value(default: nil)),
        FlagSpec(name: "reps", valueName: "N", help: "Runs of every cell (medians are reported when N > 1).", kind: .value(default: "1")),
        FlagSpec(name: "json", valueName: "FILE", help: "Also write every cell's figures as JSON.", kind: .value(default: nil)),
    ],
    examples: ["swift build -c release && .build/release/gamebench --players 100,500,1000 --snapshot-intervals 1,2",
               ".build/release/gamebench --players 1000 --snapshot-intervals 1 --record off,on --reps 3",
               ".build/release/gamebench --snapshot-encoding --reps 3",
               ".build/release/gamebench --arena-rules --players 1000",
               ".build/release/gamebench --handshakes 5000 --reps 2"])

struct Options {
    var server: String
    var players: [Int]
    var tickRate: Int
    var intervals: [Int]
    var seconds: Double
    var warmup: Double
    var json: String?
    var recordModes: [Bool]
    var reps: Int
    var recordingOverhead: Bool
    var snapshotEncoding: Bool
    var arenaRules: Bool
    var handshakes: Int?
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
            json: try flags.string("json"),
            recordModes: try recordModes(try flags.string("record") ?? "off"),
            reps: try flags.int("reps", in: 1...20) ?? 1,
            recordingOverhead: flags.bool("recording-overhead"),
            snapshotEncoding: flags.bool("snapshot-encoding"),
            arenaRules: flags.bool("arena-rules"),
            handshakes: try flags.int("handshakes", in: 100...1_000_000))
}

func recordModes(_ text: String) throws(FlagError) -> [Bool] {
    var modes: [Bool] = []
    for part in text.split(separator: ",") {
        switch part {
        case "off": modes.append(false)
        case "on": modes.append(true)
        default: throw FlagError("--record takes off, on or off,on; got '\(part)'")
        }
    }
    guard !modes.isEmpty else { throw FlagError("--record takes off, on or off,on") }
    return modes
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

if options.recordingOverhead {
    print("players  game thread µs/tick off  on (median of blocks)  overhead  recorded kB/s")
    for players in options.players {
        let figures = RecordingOverhead.run(players: players, blocks: 10 * options.reps, ticksPerBlock: 120, tickRate: options.tickRate)
        print(String(format: "%7d  %24.0f  %22.0f  %+7.1f%%  %13.1f", players, figures.offMicros, figures.onMicros,
                     (figures.onMicros / figures.offMicros - 1) * 100, figures.recordedBytesPerSecond / 1000))
    }
    exit(0)
}

if options.snapshotEncoding {
    print("players  entities  encode µs/tick  B/snapshot")
    for _ in 0..<options.reps {
        let figures = SnapshotEncodingBench.run(ticks: 120)
        print(String(format: "%7d  %8d  %14.0f  %10d", SnapshotEncodingBench.players, SnapshotEncodingBench.entities,
                     figures.microsPerTick, figures.bytesPerSnapshot))
    }
    exit(0)
}

if let handshakes = options.handshakes {
    do {
        let figures = try HandshakeBench.run(server: options.server, handshakesPerRound: handshakes, rounds: 5 * options.reps)
        print("server CPU µs per /play handshake (medians of \(5 * options.reps) interleaved rounds of \(handshakes)):")
        print(String(format: "  no token %.1f   HS256 join token %.1f   ratio %.2f×", figures.plainMicros, figures.tokenMicros,
                     figures.tokenMicros / figures.plainMicros))
        exit(0)
    } catch {
        print("handshake benchmark failed: \(error)")
        exit(1)
    }
}

if options.arenaRules {
    print("players  drones  entities  rules µs/tick (inputs included)")
    for players in options.players {
        for _ in 0..<options.reps {
            let figures = ArenaRulesBench.run(players: players, warmup: 120, ticks: 120)
            print(String(format: "%7d  %6d  %8d  %13.0f", players, figures.drones, figures.entities, figures.microsPerTick))
        }
    }
    exit(0)
}

Socket.raiseDescriptorLimit()
var results: [BenchCell.Result] = []
print("players  snap Hz  rec  conn  µs/player-tick  µs/player-snap  game µs/tick  tick p50/p99/max ms  late p99 ms  skipped  B/player/s  naive B/player/s  vs naive  hash ok/bad  RSS MB  rec kB/s")
for interval in options.intervals {
    for players in options.players {
        for _ in 0..<options.reps {
            for recording in options.recordModes {
                let cell = BenchCell(players: players, tickRate: options.tickRate, snapshotInterval: interval, recording: recording)
                do {
                    let r = try cell.run(server: options.server, warmup: options.warmup, seconds: options.seconds)
                    results.append(r)
                    print(String(format: "%7d  %7.0f  %3@  %4d  %14.2f  %14.2f  %12.0f  %6.2f/%5.2f/%5.2f  %11.2f  %7.0f  %10.0f  %16.0f  %7.1f%%  %5d/%-4d  %6.1f  %8.1f",
                                 r.players, r.snapshotHz, recording ? "on" : "off", r.playersConnected, r.serverCPUMicrosPerPlayerTick,
                                 r.serverCPUMicrosPerPlayerSnapshot, r.gameThreadMicrosPerTick,
                                 r.tickP50Millis, r.tickP99Millis, r.tickMaxMillis, r.tickLatenessP99Millis, r.skippedTicks, r.downBytesPerPlayerPerSecond,
                                 r.naiveBytesPerPlayerPerSecond, r.bytesVersusNaive * 100, r.hashesChecked, r.hashMismatches, r.serverRSSMegabytes,
                                 r.recordingBytesPerSecond / 1000))
                } catch {
                    print("\(players) players, interval \(interval): failed: \(error)")
                }
            }
        }
        if options.recordModes.count == 2 {
            let cells = results.filter { $0.players == players && $0.snapshotHz == Double(options.tickRate) / Double(interval) }
            let off = median(cells.filter { !$0.recording }.map(\.gameThreadMicrosPerTick))
            let on = median(cells.filter { $0.recording }.map(\.gameThreadMicrosPerTick))
            let snapOff = median(cells.filter { !$0.recording }.map(\.gameThreadMicrosPerSnapshot))
            let snapOn = median(cells.filter { $0.recording }.map(\.gameThreadMicrosPerSnapshot))
            print(String(format: "recording cost at %d players (medians of %d): game thread %.0f -> %.0f µs/tick, %+.1f%%; per snapshot built %.2f -> %.2f µs, %+.1f%%",
                         players, options.reps, off, on, (on / max(off, 1e-9) - 1) * 100, snapOff, snapOn, (snapOn / max(snapOff, 1e-9) - 1) * 100))
        }
    }
}
if let path = options.json {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(results).write(to: URL(fileURLWithPath: path))
}
