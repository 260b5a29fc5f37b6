import Arena
import Flags
import Logging
import GameServer

/// game-server's command line, parsed and checked into a `GameServerConfiguration`.
enum GameServerOptions {
    /// The served game's name and the settings `--setting` may name (Arena's, from
    /// `ArenaSettings.entries`, with their defaults and ranges).
    static let gameName = "Arena"
    static let gameSettings: [NamedSetting] = ArenaSettings.entries.map {
        NamedSetting(name: $0.name, range: $0.range, defaultValue: $0.defaultValue)
    }

    static let spec = CommandSpec(
        name: "game-server",
        summary: "Serves the Arena game: the page at /, players' WebSocket at /play, /healthz, /metrics and /replays.",
        usage: ["[--host ADDR] [--port PORT] [--tick-rate HZ] [options]"],
        flags: [
            FlagSpec(name: "host", valueName: "ADDR", help: "IPv4 address to listen on.", kind: .value(default: "127.0.0.1")),
            FlagSpec(name: "port", valueName: "PORT", help: "TCP port (0 = any free port; the chosen port is printed).", kind: .value(default: "8080")),
            FlagSpec(name: "tick-rate", valueName: "HZ", help: "Simulation ticks per second, 1 to 240.", kind: .value(default: "60")),
            FlagSpec(name: "snapshot-interval", valueName: "TICKS", help: "Send snapshots every N ticks (1 = every tick; 2 = 30 Hz at a 60 Hz tick).", kind: .value(default: "1")),
            FlagSpec(name: "hash-interval", valueName: "TICKS", help: "Every N ticks a snapshot carries the hash of the player's view.", kind: .value(default: "30")),
            FlagSpec(name: "room-cap", valueName: "PLAYERS", help: "Players per room; a new room opens when all are full.", kind: .value(default: "64")),
            FlagSpec(name: "max-rooms", valueName: "N", help: "Rooms that may run at once; beyond that players are refused (4004).", kind: .value(default: "64")),
            FlagSpec(name: "resume-grace", valueName: "SECONDS", help: "How long a disconnected player keeps its seat and entity; a reconnect with its resume token continues it (0 = leave at once).", kind: .value(default: "10")),
            FlagSpec(name: "max-connections", valueName: "N", help: "Open connections the server accepts at once (players, replay viewers, page loads); more are refused at accept (0 = no limit but the descriptor limit).", kind: .value(default: "10000")),
            FlagSpec(name: "hello-timeout", valueName: "SECONDS", help: "A socket on /play that sends no hello within this time is closed (4007).", kind: .value(default: "5")),
            FlagSpec(name: "web-root", valueName: "DIR", help: "Directory the game page and its modules are served from.", kind: .value(default: "web")),
            FlagSpec(name: "record-dir", valueName: "DIR", help: "Directory every room records its match into (see the replay command).", kind: .value(default: "recordings")),
            FlagSpec(name: "record-max-mb", valueName: "MB", help: "Disk the recordings may use in all; the oldest are deleted first.", kind: .value(default: "1024")),
            FlagSpec(name: "keyframe-seconds", valueName: "S", help: "Seconds between keyframes in recordings (how far a replay seek simulates at most).", kind: .value(default: "5")),
            .switch("no-record", help: "Do not record matches."),
            FlagSpec(name: "max-replay-viewers", valueName: "N", help: "Replays watched at once (/replay.html); each re-simulates a match on the replay thread, one more is refused (4004).", kind: .value(default: "16")),
            FlagSpec(name: "seed", valueName: "N", help: "Seed of the first room (room n uses seed + n - 1); random if not given.", kind: .value(default: nil)),
            FlagSpec(name: "drones", valueName: "N", help: "AI drones per room (the same as --setting drones=N).", kind: .value(default: nil)),
            FlagSpec(name: "setting", valueName: "NAME=VALUE",
                     help: "Sets one of the game's integer settings for every room; repeatable (the last value for a name wins). "
                        + "\(gameName)'s, with defaults and ranges: \(NamedSetting.describe(gameSettings)).",
                     kind: .value(default: nil), repeatable: true),
            FlagSpec(name: "log-level", valueName: "LEVEL", help: "trace, debug, info, notice, warning, error or critical.", kind: .value(default: "info")),
        ],
        examples: [
            "game-server",
            "game-server --port 0 --tick-rate 60 --snapshot-interval 2 --room-cap 1000",
            "game-server --drones 0 --setting spawnSpread=100 --setting respawnTicks=60",
        ])

    static func fromCommandLine() -> GameServerConfiguration {
        FlagParser.parseOrExit(spec: spec) { flags throws(FlagError) in try configuration(from: flags) }
    }

    static func configuration(from flags: ParsedFlags) throws(FlagError) -> GameServerConfiguration {
        var configuration = GameServerConfiguration()
        if let level = try flags.string("log-level") {
            guard let parsed = LogLevel(string: level) else {
                throw FlagError("--log-level must be one of trace, debug, info, notice, warning, error, critical; got '\(level)'")
            }
            LogConfiguration.set(level: parsed)
        }
        configuration.host = try flags.string("host") ?? configuration.host
        configuration.port = try flags.int("port", in: 0...65535) ?? configuration.port
        configuration.tickRate = try flags.int("tick-rate", in: 1...240) ?? configuration.tickRate
        configuration.snapshotInterval = try flags.int("snapshot-interval", in: 1...60) ?? configuration.snapshotInterval
        configuration.hashInterval = try flags.int("hash-interval", in: 1...3600) ?? configuration.hashInterval
        configuration.roomCapacity = try flags.int("room-cap", in: 1...4000) ?? configuration.roomCapacity
        configuration.maxRooms = try flags.int("max-rooms", in: 1...1000) ?? configuration.maxRooms
        configuration.resumeGraceSeconds = try flags.double("resume-grace", in: 0...3600) ?? configuration.resumeGraceSeconds
        configuration.transport.maxConnections = try flags.int("max-connections", in: 0...10_000_000) ?? configuration.transport.maxConnections
        configuration.helloTimeoutSeconds = try flags.double("hello-timeout", in: 0.1...3600) ?? configuration.helloTimeoutSeconds
        configuration.webRoot = try flags.string("web-root") ?? configuration.webRoot
        configuration.recordDirectory = try flags.string("record-dir") ?? configuration.recordDirectory
        configuration.recording = !flags.bool("no-record")
        configuration.recordMaxBytes = Int64(try flags.int("record-max-mb", in: 1...1_048_576) ?? 1024) << 20
        configuration.keyframeSeconds = try flags.double("keyframe-seconds", in: 0.1...600) ?? configuration.keyframeSeconds
        configuration.replay.maxViewers = try flags.int("max-replay-viewers", in: 0...1000) ?? configuration.replay.maxViewers
        if let seed = try flags.string("seed") {
            guard let value = UInt64(seed) else { throw FlagError("--seed must be an unsigned 64-bit integer, got '\(seed)'") }
            configuration.seed = value
        }
        let settings = try flags.namedSettings("setting", known: gameSettings, owner: gameName)
        for (name, value) in settings { configuration.settings[name] = value }
        if let drones = try flags.int("drones", in: 0...10_000) {
            if settings.contains(where: { $0.name == "drones" }) {
                throw FlagError("--drones and --setting drones=... both set the drones; give one of them")
            }
            configuration.settings["drones"] = Int32(drones)
        }
        if let problem = configuration.problem() { throw FlagError(problem) }
        return configuration
    }
}
