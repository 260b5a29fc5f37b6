import Synchronization
import Logging
import WebSocket
import Platform
import Wire
import Simulation
import Recording
import Glibc

/// One match: a game instance driven by its own thread at a fixed tick rate. The I/O thread
/// talks to it only through `inbox` (joins, leaves, inputs) and each player's
/// `SessionChannel` (snapshots out); everything else is owned by the game thread.
final class Room<G: Game>: @unchecked Sendable {
    // Sendable: `inbox`, `currentTick`, `stopRequested` and `metrics` are thread-safe; all other
    // stored properties are touched only by the game thread (after `start`).

    static var logger: Logger { Logger(label: "game.room") }

    let id: Int
    let seed: UInt64
    let inbox: RoomInbox
    let configuration: GameServerConfiguration
    let metrics: ServerMetrics
    let loop: EventLoop
    /// The last tick simulated, for pongs answered on the I/O thread.
    let currentTick = Atomic<UInt32>(0)
    /// When the game thread last woke (monotonic ns): a room whose thread stops waking is
    /// stalled (`GameServer.status`), one that wakes late is merely busy.
    let lastWakeAt = Atomic<UInt64>(Monotonic.now())
    /// The game thread and its schedule; a test drives it by hand on a manual clock.
    let driver: TickDriver
    private let onClosed: @Sendable (Int) -> Void
    /// Called on the game thread with the resume token of a player that left for good.
    let onPlayerGone: @Sendable (UInt64) -> Void

    // Owned by the game thread.
    var game: G
    var tick: UInt32 = 0
    var slots: [PlayerSlot?]
    /// Seated players in ascending id order: inputs are applied in this fixed order.
    var seatedOrder: [PlayerID] = []
    var drained = RoomInbox.Contents()
    var events: [GameEvent] = []
    /// Configured once for the game's descriptor: the tick does not re-check the schema.
    var encoder = SnapshotEncoder(descriptor: G.descriptor)
    /// The game's input fields, read once: the tick consults them per player.
    let inputTable = G.descriptor.inputs
    /// This room's tick durations (seconds) since they were last published to the shared
    /// histogram and window: one lock per second of ticks, not two per tick per room.
    var tickDurations: [Double] = []
    var writer = BitWriter(capacity: 4096)
    var framed: [UInt8] = []
    /// Scratch for `publishSnapshots`: each seated player's view centre this tick.
    var viewCenters: [(x: Int32, y: Int32)?] = []
    let handoff: FlushHandoff
    var emptyTicks = 0
    /// Writes the match to disk as it plays; nil when not recording (or after it was abandoned).
    var recorder: MatchRecorder?
    /// Feeds the spectator thread the same records, into memory: nil while nobody watches.
    var spectatorFeed: MatchRecorder?
    /// How the spectator thread asks for the feed; thread-safe.
    let spectatorTap = SpectatorTap()
    /// The tap's state last acted on (game thread).
    var spectatorTapSeen = 0
    /// Seated players whose connection ended and who wait for a resume.
    var detachedCount = 0
    /// Ticks of match time so far: `tick` after the last tick that began or ended with a
    /// player connected. What follows, the resume grace and the empty-room wait with nobody
    /// connected, is recorded but not match time (`RecordedEnd.matchTicks`). Game thread.
    var attendedTicks: UInt32 = 0
    /// Events that may wait for one player's busy socket: a room filling up tells everyone
    /// about every join, so the bound grows with the room.
    let maxPendingEvents: Int

    init(id: Int, seed: UInt64, configuration: GameServerConfiguration, metrics: ServerMetrics, loop: EventLoop,
         recordingWriter: RecordingWriter? = nil, clock: any TickClock = MonotonicClock(),
         onPlayerGone: @escaping @Sendable (UInt64) -> Void, onClosed: @escaping @Sendable (Int) -> Void) {
        self.onPlayerGone = onPlayerGone
        self.id = id
        self.seed = seed
        self.configuration = configuration
        self.metrics = metrics
        self.loop = loop
        self.onClosed = onClosed
        driver = TickDriver(period: configuration.tickPeriod, clock: clock)
        handoff = FlushHandoff(loop: loop)
        inbox = RoomInbox(capacity: configuration.roomCapacity)
        game = G(seed: seed, settings: configuration.settings)
        slots = Array(repeating: nil, count: configuration.roomCapacity + 1)
        maxPendingEvents = 1024 + 4 * configuration.roomCapacity
        if let recordingWriter {
            let header = recordingHeader()
            recorder = MatchRecorder(sink: recordingWriter.open(roomID: id, startedAtMillis: header.startedAtMillis), header: header)
        }
    }

    /// The header of this room's recording, and of each spectator feed it starts.
    func recordingHeader() -> RecordingHeader {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let millis = UInt64(now.tv_sec) * 1000 + UInt64(now.tv_nsec / 1_000_000)
        return RecordingHeader(gameName: G.descriptor.name, gameVersion: G.descriptor.version,
                               tickRate: configuration.tickRate, seed: seed, settings: configuration.settings,
                               inputs: inputTable, keyframeInterval: configuration.keyframeInterval, roomID: UInt32(id), startedAtMillis: millis)
    }

    func start() {
        driver.start(name: "room-\(id)", { [self] wake in self.wake(wake) }, finish: { [self] in finish() })
    }

    /// Ends the match: every player is closed with 1001 and the thread exits. Any thread.
    func stop() { driver.stop() }

    /// One wake-up of the game thread: run what is due, count lateness and skips. Returns false
    /// when the room closes itself, after two seconds without players.
    func wake(_ wake: TickDriver.Wake) -> Bool {
        lastWakeAt.store(Monotonic.now(), ordering: .relaxed)
        if let stall = configuration.testStallAfterTicks, tick >= stall {
            // A test of the orchestrator's health check: the game thread wedges for good.
            while true { sleep(3600) }
        }
        if let slow = configuration.testSlowWakeMillis { usleep(slow * 1000) }
        if wake.run > 0 {
            let lateness = Double(wake.lateness) / 1e9
            metrics.tickLateness.observe(lateness)
            metrics.recentTickLateness.observe(lateness)
        }
        if wake.skipped > 0 { metrics.skippedTicks.increment(by: wake.skipped) }
        for index in 0..<wake.run {
            runTick(publishing: index == wake.run - 1)
        }
        emptyTicks = seatedOrder.isEmpty ? emptyTicks + wake.run : 0
        return !(emptyTicks >= configuration.tickRate * 2 && inbox.closeIfEmpty())
    }

    /// The game thread's last act, however the match ended (internal, not private, so a test
    /// driving a room on a manual clock can end it as the thread would).
    func finish() {
        closeAllPlayers(code: 1001, reason: "server shutting down")
        handoff.finish()
        publishTickDurations()
        recorder?.finish(ticks: tick, matchTicks: attendedTicks, reason: driver.isStopRequested ? "server shut down" : "room empty")
        spectatorFeed?.finish(ticks: tick, matchTicks: attendedTicks, reason: driver.isStopRequested ? "server shut down" : "room empty")
        spectatorTap.markRoomClosed()
        Self.logger.info("room \(id) closed after \(tick) ticks")
        onClosed(id)
    }

    /// Tests: runs every tick due up to `time` on the calling thread, as the game thread would
    /// on a punctual clock. False once the room would have closed itself.
    func advance(to time: UInt64) -> Bool {
        driver.advance(to: time) { wake($0) }
    }

    private func closeAllPlayers(code: UInt16, reason: String) {
        for player in seatedOrder {
            guard let slot = slots[Int(player)], slot.detachedAt == nil else { continue }
            slot.channel.requestClose(code: code, reason: reason)
            handoff.add(slot.channel)
        }
    }
}
