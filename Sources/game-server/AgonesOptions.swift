/// How game-server behaves as an Agones GameServer (`--agones` and its flags).
struct AgonesOptions: Equatable, Sendable {
    /// The SDK server's HTTP port on 127.0.0.1 (Agones sets `AGONES_SDK_HTTP_PORT`).
    var sdkPort = 9358
    /// Seconds between health pings while every room's game thread wakes.
    var healthSeconds = 2.0
    /// A game thread that has not woken for this long is stalled: pings stop.
    var stallSeconds = 10.0
    /// Once allocated: drain and call Shutdown after this long without players.
    var shutdownWhenEmpty: Double?
    /// Publish players and rooms as Agones counters too (labels always).
    var counters = false
}
