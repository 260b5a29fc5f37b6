// swift-tools-version:6.0
// No package dependencies, by design: everything here is built from the toolchain's own
// modules and the small CSystem shim. See README.md.
import PackageDescription

let package = Package(
    name: "swift-game-server",
    products: [
        .executable(name: "game-server", targets: ["game-server"]),
        .executable(name: "wsecho", targets: ["wsecho"]),
        .executable(name: "gamebench", targets: ["gamebench"]),
        .executable(name: "bots", targets: ["bots"]),
        .executable(name: "replay", targets: ["replay"]),
    ],
    targets: [
        // System headers Glibc does not export (epoll, eventfd, timerfd, accept4). Nothing else in C.
        .target(name: "CSystem"),
        // Leveled, rate-limited logging to stderr; used by every layer above.
        .target(name: "Logging"),
        // Command-line flag parsing for the executables.
        .target(name: "Flags"),
        // Event loop, HTTP/1.1 upgrade and static files, RFC 6455 codec, server and client.
        .target(name: "WebSocket", dependencies: ["CSystem", "Logging"]),
        // Bit-level writer/reader, quantization and the game protocol's messages (no I/O).
        .target(name: "Wire", exclude: ["PROTOCOL.md"]),
        // Game-agnostic core: the Game protocol, entity storage, snapshots, per-client deltas,
        // interest management, state hashing, seeded randomness.
        .target(name: "Simulation", dependencies: ["Wire"]),
        // The reference game's rules, and nothing else.
        .target(name: "Arena", dependencies: ["Simulation", "Wire"]),
        // Match recordings: the file format, the writer thread, re-simulation and verification.
        .target(name: "Recording", dependencies: ["Simulation", "Wire", "WebSocket", "Logging"], exclude: ["RECORDING.md"]),
        // Rooms, sessions, the tick threads, input and snapshot hand-offs, HTTP routes, metrics.
        .target(name: "GameServer", dependencies: ["WebSocket", "Wire", "Simulation", "Recording", "Logging"]),
        // The headless client core shared by tests, benchmarks and the bots.
        .target(name: "BotKit", dependencies: ["WebSocket", "Wire", "Simulation"], path: "Simulations/BotKit"),
        .executableTarget(name: "game-server", dependencies: ["GameServer", "Arena", "WebSocket", "Flags", "Logging"]),
        .executableTarget(name: "gamebench", dependencies: ["BotKit", "WebSocket", "Flags", "Arena", "Simulation", "Wire", "Recording"], path: "Simulations/GameBench"),
        .executableTarget(name: "bots", dependencies: ["BotKit", "WebSocket", "Wire", "Simulation", "Flags", "Logging"], path: "Simulations/Bots"),
        .executableTarget(name: "replay", dependencies: ["Recording", "Arena", "Simulation", "Flags", "WebSocket"]),
        .executableTarget(name: "wsecho", dependencies: ["WebSocket", "Flags", "Logging"]),

        .testTarget(name: "LoggingTests", dependencies: ["Logging"]),
        .testTarget(name: "FlagsTests", dependencies: ["Flags"]),
        // Depends on wsecho so the binary is built: the conformance suite runs against it.
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket", "CSystem", "wsecho"]),
        // The golden-vector JSON writer/checker both vector-owning test targets use.
        .target(name: "VectorSupport", path: "Tests/VectorSupport"),
        .testTarget(name: "WireTests", dependencies: ["Wire", "VectorSupport"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Wire", "VectorSupport"]),
        .testTarget(name: "ArenaTests", dependencies: ["Arena", "Simulation", "Wire"]),
        .testTarget(name: "GameServerTests", dependencies: ["GameServer", "BotKit", "Arena", "Simulation", "Wire", "WebSocket", "Recording"]),
        // Depends on game-server and replay so the binaries exist: a test kills a recording server.
        .testTarget(name: "RecordingTests", dependencies: ["Recording", "GameServer", "BotKit", "Arena", "Simulation", "Wire", "WebSocket", "game-server", "replay"]),
        .testTarget(name: "BotsTests", dependencies: ["BotKit", "GameServer", "Arena", "WebSocket", "Wire", "Simulation"]),
    ],
    swiftLanguageModes: [.v6]
)
