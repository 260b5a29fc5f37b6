import WebSocket
import Platform

/// Every metric the game server exposes at /metrics, registered once. Counters are updated
/// from the game and I/O threads with relaxed atomics; transport figures are read from the
/// loop's own counters at scrape time.
public final class ServerMetrics: Sendable {
    public let registry = MetricsRegistry()
    public let players: Gauge
    /// Who is seated, by id: what an orchestrator's player tracking is told (Agones).
    public let seated = SeatedPlayers()
    public let rooms: Gauge
    public let ticks: Counter
    public let skippedTicks: Counter
    public let tickDuration: Histogram
    /// Tick durations of the last 4,096 ticks (all rooms): exact p50/p99/max for benchmarks.
    public let recentTickDuration: RecentWindow
    /// How late each wake-up started its ticks, against the absolute deadline.
    public let tickLateness: Histogram
    public let recentTickLateness: RecentWindow
    public let snapshotsSent: Counter
    public let snapshotsSuperseded: Counter
    public let snapshotBytes: Counter
    public let eventsSent: Counter
    public let inputsApplied: Counter
    public let inputsDroppedFlood: Counter
    /// Chat messages over `ChatMessage.burst` / `refillSeconds`, dropped unrelayed.
    public let chatDropped: Counter
    public let inputsDroppedLate: Counter
    public let inputsDroppedOverflow: Counter
    /// Inputs merged into their successor to drain a standing backlog (after a freeze).
    public let inputsMerged: Counter
    /// Inputs whose claimed view was older than the player's measured round trip allows,
    /// moved up to the oldest it allows (`RoundTripProbe`).
    public let viewClaimsClamped: Counter
    public let kicksProtocol: Counter
    public let kicksMalformed: Counter
    public let kicksFlood: Counter
    public let kicksSlow: Counter
    public let kicksFull: Counter
    public let kicksHelloTimeout: Counter
    public let recordingsAbandoned: Counter
    /// /play upgrades refused for a missing or invalid join token (401).
    public let tokenRefusals: Counter

    public init(transport: TransportMetrics) {
        let r = registry
        r.gauge("game_connections", help: "Open TCP connections (HTTP and WebSocket).") {
            Double(transport.openConnections.load(ordering: .relaxed))
        }
        players = r.gauge("game_players", help: "Players seated in rooms.")
        rooms = r.gauge("game_rooms", help: "Rooms running.")
        ticks = r.counter("game_ticks_total", help: "Simulation ticks run, all rooms.")
        skippedTicks = r.counter("game_ticks_skipped_total", help: "Ticks skipped because a room fell more than the catch-up bound behind.")
        tickDuration = r.histogram("game_tick_duration_seconds", help: "Time to run one tick, snapshots included.",
                                   bounds: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.0167, 0.025, 0.05, 0.1])
        tickLateness = r.histogram("game_tick_lateness_seconds", help: "How late a room's thread woke for its tick, against the absolute deadline.",
                                   bounds: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.0167, 0.05])
        recentTickLateness = r.summary("game_tick_lateness_recent_seconds", help: "Tick lateness over the last 4096 wake-ups.", window: 4096)
        recentTickDuration = r.summary("game_tick_duration_recent_seconds", help: "Tick duration over the last 4096 ticks.", window: 4096)
        snapshotsSent = r.counter("game_snapshots_sent_total", help: "Snapshots handed to sockets.")
        snapshotsSuperseded = r.counter("game_snapshots_superseded_total", help: "Snapshots not built because the player's socket was still busy (the next one supersedes).")
        snapshotBytes = r.counter("game_snapshot_bytes_total", help: "Snapshot payload bytes handed to sockets.")
        eventsSent = r.counter("game_events_sent_total", help: "Event messages handed to sockets.")
        inputsApplied = r.counter("game_inputs_applied_total", help: "Player inputs applied to the simulation.")
        inputsDroppedFlood = r.counter("game_inputs_dropped_total", help: "Player inputs dropped, by reason.", labels: [("reason", "flood")])
        chatDropped = r.counter("game_chat_dropped_total", help: "Chat messages dropped for exceeding the chat rate (a burst of 5, then 1 per 2 s).")
        inputsDroppedLate = r.counter("game_inputs_dropped_total", help: "", labels: [("reason", "inbox_full")])
        inputsDroppedOverflow = r.counter("game_inputs_dropped_total", help: "", labels: [("reason", "buffer_overflow")])
        inputsMerged = r.counter("game_inputs_merged_total", help: "Inputs applied merged with the next (triggers kept) to drain a backlog a freeze left.")
        viewClaimsClamped = r.counter("game_view_claims_clamped_total", help: "Inputs claiming a view older than the player's measured round trip and the interpolation allowance, judged at the oldest allowed.")
        kicksProtocol = r.counter("game_kicks_total", help: "Players disconnected by the server, by reason.", labels: [("reason", "protocol_version")])
        kicksMalformed = r.counter("game_kicks_total", help: "", labels: [("reason", "malformed_message")])
        kicksFlood = r.counter("game_kicks_total", help: "", labels: [("reason", "input_flood")])
        kicksSlow = r.counter("game_kicks_total", help: "", labels: [("reason", "too_slow")])
        kicksFull = r.counter("game_kicks_total", help: "", labels: [("reason", "server_full")])
        kicksHelloTimeout = r.counter("game_kicks_total", help: "", labels: [("reason", "hello_timeout")])
        recordingsAbandoned = r.counter("game_recordings_abandoned_total", help: "Recordings stopped early because the disk writer fell too far behind or failed.")
        r.counter("game_bytes_in_total", help: "Bytes received on all connections.") { Double(transport.bytesIn.load(ordering: .relaxed)) }
        r.counter("game_bytes_out_total", help: "Bytes sent on all connections.") { Double(transport.bytesOut.load(ordering: .relaxed)) }
        r.counter("game_messages_in_total", help: "WebSocket messages received.") { Double(transport.messagesIn.load(ordering: .relaxed)) }
        r.counter("game_messages_out_total", help: "WebSocket messages sent.") { Double(transport.messagesOut.load(ordering: .relaxed)) }
        r.counter("game_websocket_protocol_errors_total", help: "Connections failed for WebSocket protocol violations.") {
            Double(transport.protocolErrors.load(ordering: .relaxed))
        }
        r.counter("game_idle_connections_closed_total",
                  help: "Connections that ended before sending a request (browsers' preconnections, idle keep-alives): normal, not errors.") {
            Double(transport.idleConnectionsClosed.load(ordering: .relaxed))
        }
        r.counter("game_handshake_failures_total", help: "HTTP requests or upgrades refused.") {
            Double(transport.handshakeFailures.load(ordering: .relaxed))
        }
        tokenRefusals = r.counter("game_refused_total", help: "Connections or WebSocket upgrades refused before 101, by reason.", labels: [("reason", "token")])
        r.counter("game_refused_total", help: "", labels: [("reason", "origin")]) { Double(transport.originRefusals.load(ordering: .relaxed)) }
        r.counter("game_refused_total", help: "", labels: [("reason", "address_connections")]) {
            Double(transport.addressConnectionRefusals.load(ordering: .relaxed))
        }
        r.counter("game_refused_total", help: "", labels: [("reason", "address_handshake_rate")]) {
            Double(transport.handshakeRateRefusals.load(ordering: .relaxed))
        }
        r.counter("game_refused_total", help: "", labels: [("reason", "server_capacity")]) {
            Double(transport.capacityRefusals.load(ordering: .relaxed))
        }
        r.counter("game_refused_total", help: "", labels: [("reason", "descriptors")]) {
            Double(transport.descriptorRefusals.load(ordering: .relaxed))
        }
    }
}
