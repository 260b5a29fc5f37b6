// swift-tools-version:6.0
// No package dependencies, by design: everything here is built from the toolchain's own
// modules and the small CSystem shim. See README.md.
import PackageDescription

let package = Package(
    name: "swift-game-server",
    products: [
        .executable(name: "wsecho", targets: ["wsecho"]),
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
        .executableTarget(name: "wsecho", dependencies: ["WebSocket", "Flags", "Logging"]),

        .testTarget(name: "LoggingTests", dependencies: ["Logging"]),
        .testTarget(name: "FlagsTests", dependencies: ["Flags"]),
        // Depends on wsecho so the binary is built: the conformance suite runs against it.
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket", "CSystem", "wsecho"]),
        .testTarget(name: "WireTests", dependencies: ["Wire"]),
    ],
    swiftLanguageModes: [.v6]
)
