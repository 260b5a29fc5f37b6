// swift-tools-version:6.0
// No package dependencies, by design: everything here is built from the toolchain's own
// modules and the small CSystem shim. See README.md.
import PackageDescription

let package = Package(
    name: "swift-game-server",
    products: [
        // What a game author's package depends on (by URL or path): the server, the
        // game-agnostic core, the wire format, recordings, and the headless client for bots.
        .library(name: "GameServer", targets: ["GameServer"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "Wire", targets: ["Wire"]),
        .library(name: "Recording", targets: ["Recording"]),
        .library(name: "BotKit", targets: ["BotKit"]),
        // The event loop, threads and clocks the server and the bots run on.
        .library(name: "Platform", targets: ["Platform"]),
        .library(name: "Games", targets: ["Games"]),
        // The second reference game, a team ball game with a match lifecycle.
        .library(name: "Pitch", targets: ["Pitch"]),
        .executable(name: "game-server", targets: ["game-server"]),
        .executable(name: "wsecho", targets: ["wsecho"]),
        .executable(name: "gamebench", targets: ["gamebench"]),
        .executable(name: "bots", targets: ["bots"]),
        .executable(name: "replay", targets: ["replay"]),
        .executable(name: "fleet", targets: ["fleet"]),
    ],
    targets: [
        // System headers Glibc does not export (epoll, eventfd, timerfd, accept4). Nothing else in C.
        .target(name: "CSystem"),
        // Leveled, rate-limited logging to stderr; used by every layer above.
        .target(name: "Logging"),
        // Command-line flag parsing for the executables.
        .target(name: "Flags", dependencies: ["Platform"]),
        // What every transport and thread stands on: system calls and their errors, sockets,
        // epoll, the event loop with open registration, timers, threads, the monotonic clock,
        // termination signals, whole-buffer writes, UTC time, and JSON text (a strict object
        // reader and an escaper). Knows no protocol.
        .target(name: "Platform", dependencies: ["CSystem", "Logging"]),
        // HTTP/1.1 (requests, routes, static files) and RFC 6455: codec, server and client.
        .target(name: "WebSocket", dependencies: ["Platform", "Logging"]),
        // Engine.IO protocol 4: packets, polling payloads, the query, the handshake, the
        // polling session's rules, and the server that carries any MessageHandler over it.
        .target(name: "EngineIO", dependencies: ["Platform", "WebSocket", "Logging"]),
        // Bit-level writer/reader, quantization and the game protocol's messages (no I/O).
        .target(name: "Wire", exclude: ["PROTOCOL.md"]),
        // Game-agnostic core: the Game protocol, entity storage, snapshots, per-client deltas,
        // interest management, state hashing, seeded randomness.
        .target(name: "Simulation", dependencies: ["Wire"]),
        // Signed join tokens: SHA-256, HMAC-SHA-256, base64url, HS256 JWT verification and
        // minting, and the secret file. Pure computation; no I/O beyond reading the secret at
        // startup. (Its strict JSON object reader lives in Platform/Text, shared with Engine.IO.)
        .target(name: "Auth", dependencies: ["Platform"]),
        // The reference game's rules, and nothing else.
        .target(name: "Arena", dependencies: ["Simulation", "Wire"]),
        // The second reference game (a team ball game with a match lifecycle), written
        // against the public API of Simulation and Wire only.
        .target(name: "Pitch", dependencies: ["Simulation", "Wire"]),
        // Match recordings: the file format, the writer thread, re-simulation and verification.
        .target(name: "Recording", dependencies: ["Simulation", "Wire", "Platform", "Logging"], exclude: ["RECORDING.md"]),
        // Rooms, sessions, the tick threads, input and snapshot hand-offs, HTTP routes, metrics.
        .target(name: "GameServer", dependencies: ["Auth", "EngineIO", "Platform", "WebSocket", "Wire", "Simulation", "Recording", "Logging"]),
        // The games this package ships, as the catalog its executables share.
        .target(name: "Games", dependencies: ["Arena", "Pitch", "GameServer"]),
        // The Agones SDK server's REST interface, as a client on the I/O loop.
        .target(name: "Agones", dependencies: ["EngineIO", "Platform", "WebSocket", "Logging"]),
        // The headless client core shared by tests, benchmarks and the bots.
        .target(name: "BotKit", dependencies: ["EngineIO", "Platform", "WebSocket", "Wire", "Simulation"], path: "Simulations/BotKit"),
        // deploy/: proxy configurations (nginx, Caddy) shipped beside the executable, not sources.
        .executableTarget(name: "game-server", dependencies: ["Agones", "Auth", "EngineIO", "GameServer", "Games", "Simulation", "Platform", "WebSocket", "Flags", "Logging"], exclude: ["deploy"]),
        .executableTarget(name: "gamebench", dependencies: ["Auth", "BotKit", "Platform", "WebSocket", "Flags", "Arena", "Simulation", "Wire", "Recording"], path: "Simulations/GameBench"),
        // The shipped games' own bot play (BotAutopilot), for the bots tool and the tests.
        .target(name: "GameBots", dependencies: ["BotKit", "Pitch", "Wire"], path: "Simulations/GameBots"),
        .executableTarget(name: "bots", dependencies: ["Auth", "BotKit", "GameBots", "Platform", "WebSocket", "Wire", "Simulation", "Flags", "Logging"], path: "Simulations/Bots"),
        // A simulated Agones fleet: game-servers with SDK stand-ins, a Packed allocator, a
        // Buffer autoscaler, bots that arrive and leave.
        .executableTarget(name: "fleet", dependencies: ["BotKit", "Platform", "WebSocket", "Wire", "Simulation", "Flags"], path: "Simulations/Fleet"),
        .executableTarget(name: "replay", dependencies: ["Recording", "GameServer", "Games", "Simulation", "Flags", "Platform", "Logging"]),
        .executableTarget(name: "wsecho", dependencies: ["Platform", "WebSocket", "Flags", "Logging"]),

        .testTarget(name: "LoggingTests", dependencies: ["Logging"]),
        .testTarget(name: "FlagsTests", dependencies: ["Flags"]),
        .testTarget(name: "PlatformTests", dependencies: ["Platform", "CSystem"]),
        .testTarget(name: "AgonesTests", dependencies: ["Agones", "Platform"]),
        .testTarget(name: "AuthTests", dependencies: ["Auth", "Platform"]),
        .testTarget(name: "EngineIOTests", dependencies: ["EngineIO"]),
        // Depends on wsecho so the binary is built: the conformance suite runs against it.
        .testTarget(name: "WebSocketTests", dependencies: ["Platform", "WebSocket", "CSystem", "wsecho", "NetworkTestSupport"]),
        // A blocking raw-bytes TCP client for tests that must send exactly what a peer might.
        .target(name: "NetworkTestSupport", path: "Tests/NetworkTestSupport"),
        // The golden-vector JSON writer/checker both vector-owning test targets use.
        .target(name: "VectorSupport", path: "Tests/VectorSupport"),
        .testTarget(name: "WireTests", dependencies: ["Wire", "VectorSupport"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Wire", "VectorSupport"]),
        .testTarget(name: "ArenaTests", dependencies: ["Arena", "Simulation", "Wire"]),
        .testTarget(name: "PitchTests", dependencies: ["Pitch", "Simulation", "Wire"]),
        .testTarget(name: "GameServerTests", dependencies: ["Auth", "EngineIO", "NetworkTestSupport", "Platform", "GameServer", "BotKit", "Arena", "Simulation", "Wire", "WebSocket", "Recording"]),
        // Depends on game-server and replay so the binaries exist: a test kills a recording server.
        .testTarget(name: "RecordingTests", dependencies: ["NetworkTestSupport", "Platform", "Recording", "GameServer", "BotKit", "GameBots", "Pitch", "Arena", "Simulation", "Wire", "WebSocket", "game-server", "replay"]),
        // Builds a game in a package of its own (Tests/ExternalPackage) against the library
        // products, by path, and plays it with bots: the products are enough to write a game.
        .testTarget(name: "PackageTests"),
        // The fleet tool's allocator and arrivals (its runs: web/test/e2e/fleet.test.js).
        .testTarget(name: "FleetTests", dependencies: ["fleet"]),
        .testTarget(name: "BotsTests", dependencies: ["Platform", "BotKit", "GameServer", "Arena", "WebSocket", "Wire", "Simulation"]),
    ],
    swiftLanguageModes: [.v6]
)

// Coverage-guided fuzz targets (Tests/Fuzz, run by Tests/Fuzz/run). Declared only when
// GAME_SERVER_FUZZ=1, so a plain `swift build --build-tests` never sees them: each target's
// entry point is libFuzzer's LLVMFuzzerTestOneInput (libFuzzer supplies `main`), so it only
// links with `-sanitize=fuzzer`. The script builds them into their own scratch path.
if Context.environment["GAME_SERVER_FUZZ"] == "1" {
    let fuzzFlags: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]
    package.targets += [
        .target(name: "FuzzSupport", path: "Tests/Fuzz/FuzzSupport"),
        .executableTarget(name: "fuzz-http", dependencies: ["FuzzSupport", "WebSocket"],
                          path: "Tests/Fuzz/HTTPRequest", exclude: ["corpus"], swiftSettings: fuzzFlags),
        .executableTarget(name: "fuzz-frames", dependencies: ["FuzzSupport", "WebSocket"],
                          path: "Tests/Fuzz/Frames", exclude: ["corpus", "findings"], swiftSettings: fuzzFlags),
        .executableTarget(name: "fuzz-wire", dependencies: ["FuzzSupport", "Wire", "Arena", "Pitch"],
                          path: "Tests/Fuzz/WireMessages", exclude: ["corpus"], swiftSettings: fuzzFlags),
        .executableTarget(name: "fuzz-snapshot", dependencies: ["FuzzSupport", "Simulation", "Wire"],
                          path: "Tests/Fuzz/Snapshot", exclude: ["corpus"], swiftSettings: fuzzFlags),
        .executableTarget(name: "fuzz-recording", dependencies: ["FuzzSupport", "Recording", "Simulation", "Wire", "Arena"],
                          path: "Tests/Fuzz/Recording", exclude: ["corpus", "findings"], swiftSettings: fuzzFlags),
        .executableTarget(name: "fuzz-engineio", dependencies: ["FuzzSupport", "EngineIO"],
                          path: "Tests/Fuzz/EngineIO", exclude: ["corpus", "findings"], swiftSettings: fuzzFlags),
        .executableTarget(name: "fuzz-token", dependencies: ["FuzzSupport", "Auth", "Platform"],
                          path: "Tests/Fuzz/Token", exclude: ["corpus"], swiftSettings: fuzzFlags),
    ]
    package.products += ["fuzz-http", "fuzz-frames", "fuzz-wire", "fuzz-snapshot", "fuzz-recording", "fuzz-engineio", "fuzz-token"]
        .map { .executable(name: $0, targets: [$0]) }
}
