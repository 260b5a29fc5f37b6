import Auth
import Foundation
import Flags
import BotKit

let botsSpec = CommandSpec(
    name: "bots",
    summary: "Headless bots that play against a game-server, check every view hash and measure it.",
    usage: ["--url ws://127.0.0.1:8080/play --players N --duration S [--behavior MIX] [--json FILE] [--html FILE]",
            "--spawn-server --players N --duration S",
            "--scenario NAME [--json FILE] [--html FILE]"],
    flags: [
        FlagSpec(name: "url", valueName: "URL", help: "The server's players endpoint.", kind: .value(default: "ws://127.0.0.1:8080/play")),
        FlagSpec(name: "players", valueName: "N", help: "Bots to run.", kind: .value(default: "10")),
        FlagSpec(name: "duration", valueName: "S", help: "How long to play after the first join (10s, 2m, or seconds).", kind: .value(default: "10")),
        FlagSpec(name: "ramp", valueName: "R", help: "Joins per second.", kind: .value(default: "50")),
        FlagSpec(name: "behavior", valueName: "MIX", help: "idle, wander, chase, shooter, autopilot (the game's own play, where bots has one: Pitch's strikers and keepers; others wander), or a weighted mix like wander:3,shooter:1.", kind: .value(default: "wander:3,shooter:1")),
        FlagSpec(name: "transport", valueName: "T", help: "websocket, polling (Engine.IO long-polling at /engine.io/, as a browser where WebSocket is blocked), or mix:W,P (W bots on WebSocket for every P on polling); the report gives each transport's figures apart.", kind: .value(default: "websocket")),
        FlagSpec(name: "seed", valueName: "N", help: "Seed of the bots' choices.", kind: .value(default: "1")),
        FlagSpec(name: "json", valueName: "FILE", help: "Also write the report as JSON (with the once-a-second series).", kind: .value(default: nil)),
        FlagSpec(name: "html", valueName: "FILE", help: "Also write a self-contained HTML report with SVG charts (RTT, bandwidth, tick duration, memory).", kind: .value(default: nil)),
        FlagSpec(name: "slow-readers", valueName: "F", help: "Fraction 0…1 of bots that stop reading their socket 5 s after joining, for 30 s.", kind: .value(default: "0")),
        FlagSpec(name: "bad-actors", valueName: "F", help: "Fraction 0…1 of bots that break the protocol (garbage, truncated, no-hello, flood, oversized) 2 s after joining.", kind: .value(default: "0")),
        FlagSpec(name: "lifetime", valueName: "MIN-MAX", help: "Churn: each bot leaves after MIN…MAX seconds and a fresh one joins (e.g. 5-20).", kind: .value(default: nil)),
        FlagSpec(name: "token-secret-file", valueName: "FILE", help: "Mint each bot a join token (name = the bot's name, valid 1 h) with the secret a server's --auth-secret-file reads.", kind: .value(default: nil)),
        FlagSpec(name: "threads", valueName: "N", help: "Event-loop threads driving the bots (each runs its share of them).", kind: .value(default: "1")),
        .switch("spawn-server", help: "Run game-server (next to this executable) on a free port as a child, and report its CPU and memory."),
        FlagSpec(name: "game", valueName: "NAME", help: "The game the spawned server plays (game-server --game); the bots play any game whose entities have x and y as fields 0 and 1.", kind: .value(default: nil)),
        FlagSpec(name: "server-arg", valueName: "ARG", help: "One more argument for the spawned server (e.g. --server-arg=--snapshot-interval --server-arg=2).", kind: .value(default: nil), repeatable: true),
        FlagSpec(name: "server", valueName: "PATH", help: "The game-server executable for --spawn-server (default: next to bots).", kind: .value(default: nil)),
        FlagSpec(name: "link", valueName: "SPEC", help: "Play the bots through a simulated network: DELAY[±JITTER][,bw=RATE][,stall=DURATION/EVERY], one way, e.g. 75ms±20ms or 100ms±30ms,stall=300ms/5s (delivery stays in order, as on TCP); or classes with weights, direct@1;150ms±30ms@1, each reported apart.", kind: .value(default: nil)),
        FlagSpec(name: "spectators", valueName: "N", help: "Also run N live spectators of the server's first room (/spectate): each follows a random player or moves a free camera every few seconds, checks every view hash; the report gives their bytes/s and any mismatch (given, it overrides a scenario's).", kind: .value(default: nil)),
        FlagSpec(name: "spectator-ramp", valueName: "R", help: "Spectators joining per second.", kind: .value(default: "200")),
        FlagSpec(name: "scenario", valueName: "NAME", help: "Run Simulations/Scenarios/NAME.json (or a path): its players, duration, behavior and pass criteria; implies --spawn-server; exit 1 if a criterion fails.", kind: .value(default: nil)),
    ],
    examples: ["swift build -c release && .build/release/bots --scenario smoke",
               ".build/release/bots --url ws://127.0.0.1:8080/play --players 200 --duration 30s --behavior wander:3,shooter:1 --json bots.json",
               ".build/release/bots --spawn-server --players 200 --duration 60s --transport mix:3,1"])

struct BotOptions {
    /// The secret to mint join tokens with (`--token-secret-file`).
    var tokenSecret: [UInt8]?
    var host: String
    var port: Int
    var path: String
    var players: Int
    var duration: Double
    var ramp: Double
    var behaviors: BehaviorMix
    var transports = TransportMix.allWebSocket
    /// `--link`: the networks the bots play through, by class.
    var links = LinkMix.direct
    var seed: UInt64
    var json: String?
    var html: String?
    var slowReaders: Double
    var slowReaderAfter = 5.0
    var slowReaderPause = 30.0
    var badActors: Double
    var badActorAfter = 2.0
    var lifetime: ClosedRange<Double>?
    var replaceMisbehaving = false
    var threads = 1
    var spawnServer: Bool
    var server: String?
    var serverArguments: [String] = []
    /// `--game` for the spawned server (nil: its default).
    var game: String?
    var scenario: Scenario?
    var spectators = 0
    var spectatorRamp = 200.0
}

/// Splits ws://host:port/path (an IPv6 host in brackets: ws://[::1]:8080/play).
func parseURL(_ text: String) throws(FlagError) -> (host: String, port: Int, path: String) {
    guard text.hasPrefix("ws://") else { throw FlagError("--url must start with ws:// (got '\(text)')") }
    let rest = text.dropFirst(5)
    let slash = rest.firstIndex(of: "/") ?? rest.endIndex
    let authority = rest[..<slash]
    let path = slash == rest.endIndex ? "/play" : String(rest[slash...])
    let host: Substring, portText: Substring?
    if authority.hasPrefix("[") {
        guard let close = authority.firstIndex(of: "]") else { throw FlagError("--url has an unclosed [ in its host: '\(text)'") }
        host = authority[authority.index(after: authority.startIndex)..<close]
        let after = authority[authority.index(after: close)...]
        guard after.isEmpty || after.hasPrefix(":") else { throw FlagError("--url is malformed: '\(text)'") }
        portText = after.isEmpty ? nil : after.dropFirst()
    } else {
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw FlagError("--url is malformed (an IPv6 host goes in brackets): '\(text)'") }
        host = parts[0]
        portText = parts.count == 2 ? parts[1] : nil
    }
    guard !host.isEmpty else { throw FlagError("--url has no host: '\(text)'") }
    var port = 80
    if let portText {
        guard let p = Int(portText), (1...65535).contains(p) else { throw FlagError("--url has a bad port: '\(text)'") }
        port = p
    }
    return (String(host), port, path)
}

func makeOptions(_ flags: ParsedFlags) throws(FlagError) -> BotOptions {
    let (host, port, path) = try parseURL(try flags.string("url") ?? "ws://127.0.0.1:8080/play")
    let mixText = try flags.string("behavior") ?? "wander"
    let behaviors: BehaviorMix
    switch BehaviorMix.parse(mixText) {
    case .success(let mix): behaviors = mix
    case .failure(let error): throw FlagError("--behavior: \(error.message)")
    }
    var options = BotOptions(
        host: host, port: port, path: path,
        players: try flags.int("players", in: 1...20_000) ?? 10,
        duration: try flags.duration("duration", in: 0.1...86_400) ?? 10,
        ramp: try flags.double("ramp", in: 0.1...100_000) ?? 50,
        behaviors: behaviors,
        seed: UInt64(try flags.int("seed", in: 0...Int.max) ?? 1),
        json: try flags.string("json"),
        html: try flags.string("html"),
        slowReaders: try flags.double("slow-readers", in: 0...1) ?? 0,
        badActors: try flags.double("bad-actors", in: 0...1) ?? 0,
        lifetime: try parseLifetime(try flags.string("lifetime"), flag: "--lifetime"),
        spawnServer: flags.bool("spawn-server"),
        server: try flags.string("server"),
        scenario: nil)
    options.transports = try parseTransport(try flags.string("transport") ?? "websocket", flag: "--transport")
    if let text = try flags.string("link") { options.links = try parseLinks(text, flag: "--link") }
    let spectators = try flags.int("spectators", in: 0...100_000)
    options.spectators = spectators ?? 0
    options.spectatorRamp = try flags.double("spectator-ramp", in: 0.1...100_000) ?? options.spectatorRamp
    if let name = try flags.string("scenario") {
        let scenario: Scenario
        do { scenario = try Scenario.load(name) } catch { throw FlagError("--scenario \(name): \(error)") }
        options.scenario = scenario
        options.spawnServer = true
        options.players = scenario.players
        options.duration = scenario.duration
        if let ramp = scenario.ramp { options.ramp = ramp }
        if let seed = scenario.seed { options.seed = seed }
        if let value = scenario.slowReaders { options.slowReaders = value }
        if let value = scenario.slowReaderAfter { options.slowReaderAfter = value }
        if let value = scenario.slowReaderPause { options.slowReaderPause = value }
        if let value = scenario.badActors { options.badActors = value }
        if let value = scenario.badActorAfter { options.badActorAfter = value }
        if let value = scenario.spectators, spectators == nil { options.spectators = value }
        if let value = scenario.lifetime { options.lifetime = value[0]...value[1] }
        if let value = scenario.replaceMisbehaving { options.replaceMisbehaving = value }
        if let text = scenario.transport { options.transports = try parseTransport(text, flag: "--scenario \(name): transport") }
        if let text = scenario.link, try flags.string("link") == nil { options.links = try parseLinks(text, flag: "--scenario \(name): link") }
        if let text = scenario.behavior {
            switch BehaviorMix.parse(text) {
            case .success(let mix): options.behaviors = mix
            case .failure(let error): throw FlagError("--scenario \(name): behavior: \(error.message)")
            }
        }
    }
    options.threads = try flags.int("threads", in: 1...64) ?? 1
    options.serverArguments = (options.scenario?.serverArguments ?? []) + flags.values("server-arg")
    options.game = try flags.string("game") ?? options.scenario?.game
    if let path = try flags.string("token-secret-file") {
        do {
            options.tokenSecret = try SecretFile.load(path: path)
        } catch {
            throw FlagError("--token-secret-file: \(error)")
        }
    }
    guard options.slowReaders + options.badActors <= 1 else { throw FlagError("--slow-readers plus --bad-actors exceed 1") }
    return options
}

func parseTransport(_ text: String, flag: String) throws(FlagError) -> TransportMix {
    switch TransportMix.parse(text) {
    case .success(let mix): return mix
    case .failure(let error): throw FlagError("\(flag): \(error.message)")
    }
}

/// "5-20" (seconds) → 5...20.
func parseLifetime(_ text: String?, flag: String) throws(FlagError) -> ClosedRange<Double>? {
    guard let text else { return nil }
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, let low = Double(parts[0]), let high = Double(parts[1]), low > 0, low <= high else {
        throw FlagError("\(flag) must be MIN-MAX seconds with 0 < MIN ≤ MAX (got '\(text)')")
    }
    return low...high
}

/// `--link SPEC` or `SPEC@W;SPEC@W` (`direct` for no link).
func parseLinks(_ text: String, flag: String) throws(FlagError) -> LinkMix {
    do { return try LinkMix.parse(text) } catch { throw FlagError("\(flag): \(error)") }
}
