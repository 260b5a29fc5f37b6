import Foundation
import Flags

let fleetSpec = CommandSpec(
    name: "fleet",
    summary: "A simulated Agones fleet on this machine: game-server processes, each with its own SDK stand-in, a Packed allocator, a Buffer autoscaler, and bots that arrive, play and leave.",
    usage: ["[--servers N] [--players N] [--duration S] [--capacity N] [--json FILE] [--html FILE]"],
    flags: [
        FlagSpec(name: "servers", valueName: "N", help: "Game-server processes that may run at once (the FleetAutoscaler's maximum).", kind: .value(default: "4")),
        FlagSpec(name: "initial", valueName: "N", help: "Game-servers started (and Ready) before the first player comes, the Fleet's initial replicas (default: --servers).", kind: .value(default: nil)),
        FlagSpec(name: "buffer", valueName: "N", help: "Ready servers kept waiting for players (the Buffer policy's bufferSize).", kind: .value(default: "1")),
        FlagSpec(name: "players", valueName: "N", help: "Bots that arrive over the run (over its first --arrival-window, a third of them in seeded bursts).", kind: .value(default: "400")),
        FlagSpec(name: "duration", valueName: "S", help: "How long the run lasts (120s, 2m, or seconds).", kind: .value(default: "120")),
        FlagSpec(name: "arrival-window", valueName: "F", help: "The fraction of the run over which the bots arrive (the rest is for leaving and draining).", kind: .value(default: "0.6")),
        FlagSpec(name: "lifetime", valueName: "MIN-MAX", help: "Seconds each bot plays once seated before it leaves (seeded, uniform).", kind: .value(default: "10-30")),
        FlagSpec(name: "capacity", valueName: "N", help: "Seats per game-server (its --room-cap, one room each).", kind: .value(default: "120")),
        FlagSpec(name: "shutdown-when-empty", valueName: "S", help: "Each game-server's --shutdown-when-empty: an allocated server this long without players drains and calls Shutdown.", kind: .value(default: "5")),
        FlagSpec(name: "seed", valueName: "N", help: "Seed of the arrivals, lifetimes and the bots' play.", kind: .value(default: "1")),
        FlagSpec(name: "server", valueName: "PATH", help: "The game-server executable (default: next to fleet).", kind: .value(default: nil)),
        FlagSpec(name: "standin", valueName: "PATH", help: "The SDK server stand-in (default: Tests/AgonesStandIn/agones_sdk_standin.py under the current directory).", kind: .value(default: nil)),
        FlagSpec(name: "json", valueName: "FILE", help: "Also write the report as JSON (with the once-a-second series).", kind: .value(default: nil)),
        FlagSpec(name: "html", valueName: "FILE", help: "Also write a self-contained HTML report with SVG charts.", kind: .value(default: nil)),
    ],
    examples: ["swift build -c release --product fleet && swift build -c release --product game-server",
               ".build/release/fleet --servers 4 --players 400 --duration 120s --json fleet.json --html fleet.html",
               ".build/debug/fleet --servers 2 --players 12 --duration 20s --capacity 8 --lifetime 2-5 --shutdown-when-empty 2"])

struct FleetOptions {
    var servers: Int
    /// Started before the first arrival.
    var initial: Int
    var buffer: Int
    var players: Int
    var duration: Double
    var arrivalWindow: Double
    var lifetime: ClosedRange<Double>
    var capacity: Int
    var shutdownWhenEmpty: Double
    var seed: UInt64
    var server: String
    var standIn: String
    var json: String?
    var html: String?
}

func makeFleetOptions(_ flags: ParsedFlags) throws(FlagError) -> FleetOptions {
    let lifetimeText = try flags.string("lifetime") ?? "10-30"
    let parts = lifetimeText.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, let low = Double(parts[0]), let high = Double(parts[1]), low > 0, low <= high else {
        throw FlagError("--lifetime must be MIN-MAX seconds with 0 < MIN ≤ MAX (got '\(lifetimeText)')")
    }
    let servers = try flags.int("servers", in: 1...64) ?? 4
    let options = FleetOptions(
        servers: servers,
        initial: try flags.int("initial", in: 1...servers) ?? servers,
        buffer: try flags.int("buffer", in: 1...64) ?? 1,
        players: try flags.int("players", in: 1...5000) ?? 400,
        duration: try flags.duration("duration", in: 1...3600) ?? 120,
        arrivalWindow: try flags.double("arrival-window", in: 0.01...1) ?? 0.6,
        lifetime: low...high,
        capacity: try flags.int("capacity", in: 1...2000) ?? 120,
        shutdownWhenEmpty: try flags.double("shutdown-when-empty", in: 0.5...600) ?? 5,
        seed: UInt64(try flags.int("seed", in: 0...Int.max) ?? 1),
        server: try flags.string("server") ?? siblingExecutable("game-server"),
        standIn: try flags.string("standin") ?? "Tests/AgonesStandIn/agones_sdk_standin.py",
        json: try flags.string("json"),
        html: try flags.string("html"))
    guard options.buffer <= options.servers else { throw FlagError("--buffer must not exceed --servers") }
    return options
}

/// .build/<config>/NAME beside this executable.
func siblingExecutable(_ name: String) -> String {
    let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    return me.deletingLastPathComponent().appendingPathComponent(name).path
}
