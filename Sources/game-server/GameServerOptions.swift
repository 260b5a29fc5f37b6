import Auth
import Glibc
import Flags
import Logging
import GameServer
import Games
import Platform
import WebSocket

/// game-server's command line, parsed and checked into a `GameServerConfiguration`.
enum GameServerOptions {
    /// The games `--game` chooses from; the first is the default.
    static let games = ShippedGames.catalog

    /// The settings `--setting` may name for `game`, with their defaults and ranges.
    static func settings(of game: GameEntry) -> [NamedSetting] {
        game.settings.map { NamedSetting(name: $0.name, range: $0.range, defaultValue: $0.defaultValue) }
    }

    /// Every game with its settings, for --help.
    static var gamesHelp: String {
        games.games.map { game in
            let list = game.settings.isEmpty ? "no settings" : NamedSetting.describe(settings(of: game))
            return "\(game.name) (\(game.summary)): \(list)"
        }.joined(separator: "; ")
    }

    static let spec = CommandSpec(
        name: "game-server",
        summary: "Serves a game (Arena unless --game says otherwise): the page at /, players' WebSocket at /play and long-polling at /engine.io/, /healthz, /metrics and /replays.",
        usage: ["[--host ADDR] [--port PORT] [--tick-rate HZ] [options]"],
        flags: [
            FlagSpec(name: "game", valueName: "NAME", help: "The game every room plays: \(games.names).", kind: .value(default: games.defaultGame.name)),
            FlagSpec(name: "host", valueName: "ADDR", help: "Address or host name to listen on: IPv4 or IPv6, brackets allowed (127.0.0.1, ::1, [::1], localhost; 0.0.0.0 or :: for every interface, :: taking IPv4 too, and the URL printed is then the loopback one).", kind: .value(default: "127.0.0.1")),
            FlagSpec(name: "port", valueName: "PORT", help: "TCP port (0 = any free port; the chosen port is printed).", kind: .value(default: "8080")),
            FlagSpec(name: "tick-rate", valueName: "HZ", help: "Simulation ticks per second, 1 to 240.", kind: .value(default: "60")),
            FlagSpec(name: "snapshot-interval", valueName: "TICKS", help: "Send snapshots every N ticks (1 = every tick; 2 = 30 Hz at a 60 Hz tick).", kind: .value(default: "1")),
            FlagSpec(name: "hash-interval", valueName: "TICKS", help: "Every N ticks a snapshot carries the hash of the player's view.", kind: .value(default: "30")),
            FlagSpec(name: "room-cap", valueName: "PLAYERS", help: "Players per room; a new room opens when all are full.", kind: .value(default: "64")),
            FlagSpec(name: "max-rooms", valueName: "N", help: "Rooms that may run at once; beyond that players are refused (4004).", kind: .value(default: "64")),
            FlagSpec(name: "resume-grace", valueName: "SECONDS", help: "How long a disconnected player keeps its seat and entity; a reconnect with its resume token continues it (0 = leave at once).", kind: .value(default: "10")),
            FlagSpec(name: "max-connections", valueName: "N", help: "Open connections the server accepts at once (players, replay viewers, page loads); more are refused at accept (0 = no limit but the descriptor limit).", kind: .value(default: "10000")),
            FlagSpec(name: "hello-timeout", valueName: "SECONDS", help: "A socket on /play that sends no hello within this time is closed (4007).", kind: .value(default: "5")),
            FlagSpec(name: "view-allowance-ms", valueName: "MS", help: "Lag compensation's check of the view an input claims: at most the player's measured round trip plus this (its interpolation delay) old; older claims are judged at that age. 0…2000.", kind: .value(default: "150")),
            FlagSpec(name: "web-root", valueName: "DIR",
                     help: "Directory the game page and its modules are served from; a relative path is taken from the current directory, "
                        + "so run from the repository root or give an absolute path. Checked at start-up.",
                     kind: .value(default: "web")),
            .switch("no-web-root", help: "Serve no game page: / and every file path answer 404 (load tests, servers behind an orchestrator that only take players)."),
            FlagSpec(name: "record-dir", valueName: "DIR",
                     help: "Directory every room records its match into (see the replay command); created if missing, checked writable at start-up.",
                     kind: .value(default: "recordings")),
            FlagSpec(name: "record-max-mb", valueName: "MB", help: "Disk the recordings may use in all; the oldest are deleted first.", kind: .value(default: "1024")),
            FlagSpec(name: "keyframe-seconds", valueName: "S", help: "Seconds between keyframes in recordings (how far a replay seek simulates at most).", kind: .value(default: "5")),
            .switch("no-record", help: "Do not record matches."),
            FlagSpec(name: "max-replay-viewers", valueName: "N", help: "Replays watched at once (/replay.html); each re-simulates a match on the replay thread, one more is refused (4004).", kind: .value(default: "16")),
            FlagSpec(name: "max-spectators", valueName: "N", help: "Live spectators at once, all rooms (/spectate, /replay.html?live=ROOM); not players, one more is refused (4004); 0 turns spectating off.", kind: .value(default: "2000")),
            FlagSpec(name: "spectator-delay-seconds", valueName: "S", help: "How far behind the room spectators watch: 0 for casual rooms, a broadcast delay for competitive ones (0 to 600).", kind: .value(default: "0")),
            FlagSpec(name: "spectator-snapshot-interval", valueName: "TICKS", help: "A spectator snapshot every N ticks (2 = 30 Hz at a 60 Hz tick).", kind: .value(default: "2")),
            FlagSpec(name: "seed", valueName: "N", help: "Seed of the first room (room n uses seed + n - 1); random if not given.", kind: .value(default: nil)),
            FlagSpec(name: "drones", valueName: "N", help: "AI drones per room, for a game with a drones setting (the same as --setting drones=N).", kind: .value(default: nil)),
            FlagSpec(name: "setting", valueName: "NAME=VALUE",
                     help: "Sets one of the game's integer settings for every room; repeatable (the last value for a name wins). "
                        + "Each game's, with defaults and ranges: \(gamesHelp).",
                     kind: .value(default: nil), repeatable: true),
            FlagSpec(name: "trusted-proxy", valueName: "ADDRESS",
                     help: "A proxy in front of the server (IPv4 or IPv6, CIDR allowed, e.g. 127.0.0.1 or 10.0.0.0/8); repeatable. "
                        + "Only from these is X-Forwarded-For believed (read right to left; the first untrusted address is the client), "
                        + "with X-Forwarded-Proto and X-Forwarded-Host.",
                     kind: .value(default: nil), repeatable: true),
            FlagSpec(name: "allow-origin", valueName: "ORIGIN",
                     help: "A web origin whose pages may open /play and /replay besides the server's own (e.g. https://game.example.com); "
                        + "repeatable; * allows any. Other browser origins get 403; requests without Origin (bots) are allowed.",
                     kind: .value(default: nil), repeatable: true),
            FlagSpec(name: "ping-interval", valueName: "DURATION", help: "Ping a WebSocket quiet in either direction for this long, so proxies and NAT keep it open (0 = never).", kind: .value(default: "20s")),
            FlagSpec(name: "max-connections-per-address", valueName: "N", help: "Connections one client address may hold (IPv6: per /64); more get 429 (0 = no limit).", kind: .value(default: "64")),
            FlagSpec(name: "handshakes-per-second", valueName: "N", help: "WebSocket handshakes one client address may start per second, sustained; faster gets 429 (0 = no limit).", kind: .value(default: "10")),
            FlagSpec(name: "handshake-burst", valueName: "N", help: "Handshakes one client address may start at once before the rate applies.", kind: .value(default: "30")),
            .switch("limit-loopback", help: "Apply the per-address limits to clients on loopback too (by default the machine's own bots and tools are exempt)."),
            FlagSpec(name: "auth-secret-file", valueName: "FILE",
                     help: "Require a signed join token on /play (a JWT, HS256, with name, sub and exp claims) verified with the secret in FILE "
                        + "(at least 32 random bytes: openssl rand -hex 32 > FILE). Tokens come as ?token=... or Authorization: Bearer ...; "
                        + "the player's name is taken from the token. See the token subcommand.",
                     kind: .value(default: nil)),
            FlagSpec(name: "metrics-host", valueName: "ADDR", help: "Serve /metrics on its own listener at this address (with --metrics-port) instead of the public one.", kind: .value(default: nil)),
            FlagSpec(name: "metrics-port", valueName: "PORT", help: "Port of the separate /metrics listener (0 = any free port, printed); /metrics is then not served on --port.", kind: .value(default: nil)),
            .switch("no-replays", help: "Do not serve the recordings: /replays, /replay and the replay page answer 404 (matches are still recorded unless --no-record)."),
            .switch("no-polling", help: "Turn off Engine.IO long-polling at /engine.io/ (the fallback for networks that break WebSocket)."),
            .switch("refuse-websocket", help: "Answer every WebSocket upgrade 400, as a network that breaks WebSocket would (for testing the long-polling fallback)."),
            .switch("agones", help: "Run as an Agones GameServer: talk to the SDK server (also on when AGONES_SDK_HTTP_PORT is set), refuse players until allocated, ping health while every room's game thread is alive, track players, drain and call Shutdown on SIGTERM."),
            FlagSpec(name: "agones-sdk-port", valueName: "PORT", help: "The Agones SDK server's HTTP port on 127.0.0.1 (default: $AGONES_SDK_HTTP_PORT, else 9358).", kind: .value(default: nil)),
            FlagSpec(name: "agones-health-seconds", valueName: "S", help: "Seconds between health pings (keep it under the GameServer's spec.health.periodSeconds).", kind: .value(default: "2")),
            FlagSpec(name: "agones-stall-seconds", valueName: "S", help: "A room whose game thread has not woken for this long is stalled: health pings stop, so Agones replaces the server (a busy one still wakes).", kind: .value(default: "10")),
            .switch("agones-counters", help: "Also publish the players and rooms counts as Agones counters (beta: the GameServer spec must declare counters named players and rooms)."),
            FlagSpec(name: "shutdown-when-empty", valueName: "S", help: "With --agones: once allocated, drain and call Shutdown after this many seconds without players.", kind: .value(default: nil)),
            FlagSpec(name: "test-stall-at-tick", valueName: "TICK", help: "For tests of health checks only: every room's game thread wedges for good at this tick.", kind: .value(default: nil)),
            FlagSpec(name: "test-slow-wake-ms", valueName: "MS", help: "For tests of health checks only: every wake of a room's game thread takes this much longer (busy, not stalled).", kind: .value(default: nil)),
            FlagSpec(name: "log-level", valueName: "LEVEL", help: "trace, debug, info, notice, warning, error or critical.", kind: .value(default: "info")),
        ],
        subcommands: [
            CommandSpec(
                name: "token",
                summary: "Print a signed join token for a server run with --auth-secret-file, as a game's backend would mint it.",
                flags: [
                    FlagSpec(name: "secret-file", valueName: "FILE", help: "The server's secret (the file given to --auth-secret-file).", kind: .value(default: nil)),
                    FlagSpec(name: "name", valueName: "NAME", help: "The player's display name (the name claim).", kind: .value(default: nil)),
                    FlagSpec(name: "id", valueName: "ID", help: "The player's stable id (the sub claim); the name if not given.", kind: .value(default: nil)),
                    FlagSpec(name: "ttl", valueName: "DURATION", help: "How long the token is valid (exp = now + ttl).", kind: .value(default: "1h")),
                ]),
        ],
        examples: [
            "game-server",
            "game-server --port 0 --tick-rate 60 --snapshot-interval 2 --room-cap 1000",
            "game-server --drones 0 --setting spawnSpread=100 --setting respawnTicks=60",
            "game-server --trusted-proxy 127.0.0.1 --allow-origin https://game.example.com --auth-secret-file secret.key",
            "game-server token --secret-file secret.key --name Ada --ttl 1h",
        ],
        runsWithoutSubcommand: true)

    /// What the command line asks for: run the server, or print a join token.
    enum Command {
        case serve(GameEntry, GameServerConfiguration, AgonesOptions?)
        case printToken(String)
    }

    /// `--agones` (or `AGONES_SDK_HTTP_PORT` in the environment) and its settings; nil: not on Agones.
    static func agones(from flags: ParsedFlags) throws(FlagError) -> AgonesOptions? {
        let environment = getenv("AGONES_SDK_HTTP_PORT").map { String(cString: $0) }
        guard flags.bool("agones") || environment != nil else {
            if try flags.string("shutdown-when-empty") != nil { throw FlagError("--shutdown-when-empty needs --agones (or AGONES_SDK_HTTP_PORT)") }
            return nil
        }
        var options = AgonesOptions()
        if let port = try flags.int("agones-sdk-port", in: 1...65535) {
            options.sdkPort = port
        } else if let environment {
            guard let port = Int(environment), (1...65535).contains(port) else {
                throw FlagError("AGONES_SDK_HTTP_PORT is '\(environment)', not a port")
            }
            options.sdkPort = port
        }
        options.healthSeconds = try flags.double("agones-health-seconds", in: 0.1...3600) ?? options.healthSeconds
        options.stallSeconds = try flags.double("agones-stall-seconds", in: 0.1...3600) ?? options.stallSeconds
        options.shutdownWhenEmpty = try flags.double("shutdown-when-empty", in: 0...86_400)
        options.counters = flags.bool("agones-counters")
        return options
    }

    static func fromCommandLine() -> Command {
        FlagParser.parseOrExit(spec: spec) { flags throws(FlagError) in
            if flags.subcommand.first == "token" { return .printToken(try token(from: flags)) }
            let game = try game(from: flags)
            return .serve(game, try configuration(from: flags, game: game), try agones(from: flags))
        }
    }

    /// `game-server token`: a token the server run with the same secret accepts.
    static func token(from flags: ParsedFlags) throws(FlagError) -> String {
        guard let path = try flags.string("secret-file") else { throw FlagError("token needs --secret-file FILE") }
        guard let name = try flags.string("name"), !name.isEmpty else { throw FlagError("token needs --name NAME") }
        let ttl = try flags.duration("ttl", in: 1...(366 * 86_400)) ?? 3600
        let secret: [UInt8]
        do {
            secret = try SecretFile.load(path: path)
        } catch {
            throw FlagError("--secret-file: \(error)")
        }
        let id = try flags.string("id") ?? name
        guard name.utf8.count <= JoinClaims.maxFieldBytes, id.utf8.count <= JoinClaims.maxFieldBytes else {
            throw FlagError("--name and --id are at most \(JoinClaims.maxFieldBytes) bytes")
        }
        let now = Int64(time(nil))
        return JoinTokenMinter.mint(claims: JoinClaims(name: name, subject: id, expires: now + Int64(ttl), issuedAt: now), secret: secret)
    }

    static func game(from flags: ParsedFlags) throws(FlagError) -> GameEntry {
        let name = try flags.string("game") ?? games.defaultGame.name
        guard let game = games.game(named: name) else {
            throw FlagError("--game: no game named '\(name.prefix(64))'; this build has \(games.names)")
        }
        return game
    }

    static func configuration(from flags: ParsedFlags, game: GameEntry) throws(FlagError) -> GameServerConfiguration {
        var configuration = GameServerConfiguration()
        if let level = try flags.string("log-level") {
            guard let parsed = LogLevel(string: level) else {
                throw FlagError("--log-level must be one of trace, debug, info, notice, warning, error, critical; got '\(level)'")
            }
            LogConfiguration.set(level: parsed)
        }
        configuration.host = try flags.string("host") ?? configuration.host
        try checkHost(configuration.host, flag: "host")
        configuration.port = try flags.int("port", in: 0...65535) ?? configuration.port
        configuration.tickRate = try flags.int("tick-rate", in: 1...240) ?? configuration.tickRate
        configuration.snapshotInterval = try flags.int("snapshot-interval", in: 1...60) ?? configuration.snapshotInterval
        configuration.hashInterval = try flags.int("hash-interval", in: 1...3600) ?? configuration.hashInterval
        configuration.roomCapacity = try flags.int("room-cap", in: 1...4000) ?? configuration.roomCapacity
        configuration.maxRooms = try flags.int("max-rooms", in: 1...1000) ?? configuration.maxRooms
        configuration.resumeGraceSeconds = try flags.double("resume-grace", in: 0...3600) ?? configuration.resumeGraceSeconds
        configuration.transport.maxConnections = try flags.int("max-connections", in: 0...10_000_000) ?? configuration.transport.maxConnections
        configuration.helloTimeoutSeconds = try flags.double("hello-timeout", in: 0.1...3600) ?? configuration.helloTimeoutSeconds
        if let millis = try flags.double("view-allowance-ms", in: 0...2000) { configuration.viewAllowanceSeconds = millis / 1000 }
        try applyDirectoryFlags(flags, to: &configuration)
        configuration.recordMaxBytes = Int64(try flags.int("record-max-mb", in: 1...1_048_576) ?? 1024) << 20
        configuration.keyframeSeconds = try flags.double("keyframe-seconds", in: 0.1...600) ?? configuration.keyframeSeconds
        configuration.replay.maxViewers = try flags.int("max-replay-viewers", in: 0...1000) ?? configuration.replay.maxViewers
        configuration.spectators.maxSpectators = try flags.int("max-spectators", in: 0...100_000) ?? configuration.spectators.maxSpectators
        configuration.spectators.delaySeconds = try flags.double("spectator-delay-seconds", in: 0...600) ?? configuration.spectators.delaySeconds
        configuration.spectators.snapshotInterval = try flags.int("spectator-snapshot-interval", in: 1...60) ?? configuration.spectators.snapshotInterval
        try applyNetworkFlags(flags, to: &configuration)
        if let seed = try flags.string("seed") {
            guard let value = UInt64(seed) else { throw FlagError("--seed must be an unsigned 64-bit integer, got '\(seed)'") }
            configuration.seed = value
        }
        let settings = try flags.namedSettings("setting", known: settings(of: game), owner: game.title)
        for (name, value) in settings { configuration.settings[name] = value }
        if let drones = try flags.int("drones", in: 0...10_000) {
            guard game.settings.contains(where: { $0.name == "drones" }) else {
                throw FlagError("--drones: \(game.title) has no drones setting")
            }
            if settings.contains(where: { $0.name == "drones" }) {
                throw FlagError("--drones and --setting drones=... both set the drones; give one of them")
            }
            configuration.settings["drones"] = Int32(drones)
        }
        if let problem = configuration.problem() { throw FlagError(problem) }
        return configuration
    }

    /// `--web-root` (or `--no-web-root`) and `--record-dir`, checked on disk now: a directory
    /// that cannot work is a flag error at start-up, with what a relative path resolved to and
    /// how to fix it, rather than a 500 on the first page load or recordings that never appear.
    static func applyDirectoryFlags(_ flags: ParsedFlags, to configuration: inout GameServerConfiguration) throws(FlagError) {
        let webRoot = try flags.string("web-root")
        if flags.bool("no-web-root") {
            if flags.isGiven("web-root") { throw FlagError("--web-root and --no-web-root contradict each other; give one of them") }
            configuration.webRoot = nil
        } else {
            let path = webRoot ?? configuration.webRoot ?? "web"
            if let problem = DirectoryCheck.readable(path) {
                throw FlagError("--web-root '\(path)' \(problem)" + resolution(of: path)
                    + ". Run game-server from the repository root (where web/ is), pass an absolute path (--web-root /path/to/web), "
                    + "or --no-web-root to serve no page")
            }
            if access(path + "/index.html", F_OK) != 0 {
                FileDescriptor.printLine("note: --web-root '\(path)'\(resolution(of: path)) has no index.html: / will answer 404", to: 2)
            }
            configuration.webRoot = path
        }
        configuration.recordDirectory = try flags.string("record-dir") ?? configuration.recordDirectory
        configuration.recording = !flags.bool("no-record")
        if configuration.recording, let problem = DirectoryCheck.writable(creating: configuration.recordDirectory) {
            let path = configuration.recordDirectory
            throw FlagError("--record-dir '\(path)' \(problem)" + resolution(of: path)
                + ". Pass a directory this user can create or write in, or --no-record to record nothing")
        }
    }

    /// An address or a name this machine resolves, found now rather than as a bind failure.
    static func checkHost(_ host: String, flag: String) throws(FlagError) {
        do {
            _ = try Socket.socketAddress(host: host, port: 0)
        } catch {
            throw FlagError("--\(flag) '\(host.prefix(200))' is not an IPv4 or IPv6 address or a host name this machine resolves "
                + "(\(error.call)); try 127.0.0.1, ::1, localhost, 0.0.0.0 or ::")
        }
    }

    /// ` (resolved to /abs/path)` for a relative path, nothing for an absolute one.
    private static func resolution(of path: String) -> String {
        path.hasPrefix("/") ? "" : " (resolved to \(DirectoryCheck.absolute(path)) from the current directory)"
    }

    /// Proxies, origins, keep-alive pings, per-address limits and the listeners.
    static func applyNetworkFlags(_ flags: ParsedFlags, to configuration: inout GameServerConfiguration) throws(FlagError) {
        var proxies: [IPNetwork] = []
        for value in flags.values("trusted-proxy") {
            guard let network = IPNetwork(value) else {
                throw FlagError("--trusted-proxy must be an IPv4 or IPv6 address or CIDR block (like 127.0.0.1, 10.0.0.0/8 or fd00::/8), got '\(value)'")
            }
            proxies.append(network)
        }
        configuration.transport.trustedProxies = TrustedProxies(proxies)
        do {
            configuration.transport.handshakePolicy.origins = try OriginPolicy(allowing: flags.values("allow-origin"))
        } catch {
            throw FlagError("--allow-origin: \(error)")
        }
        if let seconds = try flags.duration("ping-interval", in: 0...3600) {
            configuration.transport.pingInterval = UInt64(seconds * 1e9)
        }
        var limits = configuration.transport.addressLimits
        limits.maxConnectionsPerAddress = try flags.int("max-connections-per-address", in: 0...1_000_000) ?? limits.maxConnectionsPerAddress
        limits.handshakesPerSecond = try flags.double("handshakes-per-second", in: 0...1_000_000) ?? limits.handshakesPerSecond
        limits.handshakeBurst = try flags.int("handshake-burst", in: 1...1_000_000) ?? limits.handshakeBurst
        limits.limitsLoopback = flags.bool("limit-loopback")
        configuration.transport.addressLimits = limits
        let metricsHost = try flags.string("metrics-host")
        let metricsPort = try flags.int("metrics-port", in: 0...65535)
        if metricsHost != nil || metricsPort != nil {
            guard let metricsPort else { throw FlagError("--metrics-host needs --metrics-port") }
            if let metricsHost { try checkHost(metricsHost, flag: "metrics-host") }
            configuration.metricsListener = .init(host: metricsHost ?? "127.0.0.1", port: metricsPort)
        }
        configuration.servesReplays = !flags.bool("no-replays")
        if flags.bool("no-polling") { configuration.engineIO = nil }
        configuration.testStallAfterTicks = try flags.int("test-stall-at-tick", in: 0...Int(UInt32.max)).map { UInt32($0) }
        configuration.testSlowWakeMillis = try flags.int("test-slow-wake-ms", in: 1...10_000).map { UInt32($0) }
        configuration.refusesWebSocket = flags.bool("refuse-websocket")
        if let path = try flags.string("auth-secret-file") {
            do {
                configuration.joinTokens = JoinTokenVerifier(secret: try SecretFile.load(path: path))
            } catch {
                throw FlagError("--auth-secret-file: \(error)")
            }
        }
    }
}
