import Synchronization
import Logging
import Platform
import Wire
import Simulation
import Recording

/// The spectator thread: one dedicated thread (never the I/O thread, never a room's) that
/// runs every room's spectators, one frame per spectator snapshot interval, on absolute
/// `CLOCK_MONOTONIC` deadlines. It starts with the first spectator.
///
/// **Why a mirror, not the room's own snapshots.** A room's tick must not pay for its
/// spectators, and a broadcast delay needs the state of seconds ago. So the room does only
/// what it already does for its recording — write each tick's joins, leaves and inputs (a few
/// bytes each) — into a second, in-memory `MatchRecorder` while anyone watches; this thread
/// re-simulates that feed `delay` ticks behind (`LiveReplayer`, the replay machinery), checks
/// every tick hash on the way, and encodes the views. The room's added cost per tick is one
/// atomic load and those bytes; a slow, stalled or crowded spectator side can only end its
/// own feed, never delay a tick.
///
/// The thread runs at a lower priority than the rooms' (`threadNice`): on a machine short of
/// cores the spectators' frames come late, never the players' ticks.
///
/// Per frame: seat the arrivals (joining the room's mirror, or opening the room's tap for a
/// new one), run each mirror's frame (`SpectatorMirror`), and hand every ready socket to the
/// I/O loop in one wake-up.
final class SpectatorStand<G: Game>: @unchecked Sendable {
    // Sendable: `arrivals`, `spectatorCount` and the driver are thread-safe; the rest is
    // touched only by the spectator thread.

    static var logger: Logger { Logger(label: "game.spectate") }

    /// A spectator whose socket is open, for the spectator thread to seat.
    struct Arrival {
        var roomID: Int
        var tap: SpectatorTap
        var peer: String
        var channel: SessionChannel
        var controls: ReplayControls
    }

    /// Counters the thread adds to once per frame.
    struct Metrics {
        var bytes: Counter
        var snapshots: Counter
        var encodes: Counter
        var slowKicks: Counter
    }

    let configuration: SpectatorConfiguration
    let tickRate: Int
    let hashInterval: Int
    let loop: EventLoop
    let metrics: Metrics
    /// Spectators admitted whose sockets are still open: what the cap counts.
    let spectatorCount = Atomic<Int>(0)
    private let arrivals = Mutex<[Arrival]>([])
    let driver: TickDriver
    /// I/O thread only: the thread was started (with the first spectator).
    private var started = false

    // Owned by the spectator thread.
    private var mirrors: [SpectatorMirror<G>] = []
    private let handoff: FlushHandoff
    private var nextSpectatorID = 1
    private var totals = SpectatorMirror<G>.Totals()
    private var priorityLowered = false

    init(configuration: SpectatorConfiguration, tickRate: Int, hashInterval: Int, loop: EventLoop, metrics: Metrics,
         clock: any TickClock = MonotonicClock()) {
        self.configuration = configuration
        self.tickRate = tickRate
        self.hashInterval = hashInterval
        self.loop = loop
        self.metrics = metrics
        driver = TickDriver(period: configuration.framePeriod(tickRate: tickRate), clock: clock)
        handoff = FlushHandoff(loop: loop)
    }

    var settings: SpectatorMirror<G>.Settings {
        let framesPerSecond = max(1, tickRate / configuration.snapshotInterval)
        return .init(tickRate: tickRate, snapshotInterval: configuration.snapshotInterval, hashInterval: UInt32(max(1, hashInterval)),
                     delayTicks: configuration.delayTicks(tickRate: tickRate), stallFrames: configuration.stallFrames(tickRate: tickRate),
                     cameraGrid: configuration.cameraGrid, idleFrames: 10 * framesPerSecond, statusEveryFrames: max(1, framesPerSecond / 2))
    }

    /// I/O thread: takes a spectator's place if fewer than `maxSpectators` watch; false when
    /// full. `manual`: tests drive the frames with `frame()` instead of the thread.
    func admit(_ arrival: Arrival, manual: Bool = false) -> Bool {
        var count = spectatorCount.load(ordering: .relaxed)
        repeat {
            guard count < configuration.maxSpectators, !driver.isStopRequested else { return false }
            let (exchanged, original) = spectatorCount.compareExchange(expected: count, desired: count + 1, ordering: .acquiringAndReleasing)
            if exchanged { break }
            count = original
        } while true
        arrivals.withLock { $0.append(arrival) }
        if !started && !manual {
            started = true
            driver.start(name: "spectators", { [self] wake in
                if !priorityLowered {
                    // Spectators wait when the cores are busy; the rooms' ticks do not.
                    priorityLowered = true
                    ThreadPriority.lowerCurrentThread(by: configuration.threadNice)
                }
                // Frames missed beyond the catch-up are skipped: the mirrors simply take more
                // ticks at the next frame.
                for _ in 0 ..< wake.run { frame() }
                return true
            }, finish: { [self] in finish() })
        }
        return true
    }

    /// I/O thread: an admitted spectator's socket closed.
    func release() {
        spectatorCount.subtract(1, ordering: .relaxed)
    }

    func stop() { driver.stop() }

    var isFinished: Bool { !started || driver.isFinished }

    func join() { driver.join() }

    private func finish() {
        for arrival in arrivals.withLock({ list in defer { list.removeAll() }; return list }) {
            close(arrival.channel, code: 1001, reason: "server shutting down")
        }
        for mirror in mirrors {
            for spectator in mirror.spectators { close(spectator.channel, code: 1001, reason: "server shutting down") }
            mirror.tap.close()
        }
        mirrors.removeAll()
        handoff.finish()
    }

    /// One frame of every mirror (the thread's body; tests call it by hand).
    func frame() {
        for arrival in arrivals.withLock({ list in defer { list.removeAll() }; return list }) {
            seat(arrival)
        }
        var index = 0
        while index < mirrors.count {
            let mirror = mirrors[index]
            let outcome = mirror.frame(handoff: handoff, totals: &totals) { channel, code, reason in
                Self.logger.warning("spectator of room \(mirror.roomID): closing: \(reason) (\(code))")
                close(channel, code: code, reason: reason)
            }
            if outcome == .ended {
                mirror.tap.close()
                mirrors.remove(at: index)
                Self.logger.info("room \(mirror.roomID): spectating stopped")
            } else {
                index += 1
            }
        }
        handoff.post()
        if totals.bytes > 0 { metrics.bytes.increment(by: totals.bytes) }
        if totals.snapshots > 0 { metrics.snapshots.increment(by: totals.snapshots) }
        if totals.encodes > 0 { metrics.encodes.increment(by: totals.encodes) }
        if totals.slowKicks > 0 { metrics.slowKicks.increment(by: totals.slowKicks) }
        totals = .init()
    }

    /// The mirror of the arrival's room (opening the room's tap if nobody watched it).
    private func seat(_ arrival: Arrival) {
        let spectator = Spectator(id: nextSpectatorID, peer: arrival.peer, channel: arrival.channel, controls: arrival.controls)
        nextSpectatorID += 1
        if let mirror = mirrors.first(where: { $0.tap === arrival.tap }) {
            mirror.add(spectator)
        } else {
            let sink = arrival.tap.open(maxPendingBytes: configuration.maxFeedBytes)
            let mirror = SpectatorMirror<G>(roomID: arrival.roomID, tap: arrival.tap, sink: sink,
                                            maxFeedBytes: configuration.maxFeedBytes, settings: settings)
            mirror.add(spectator)
            mirrors.append(mirror)
            Self.logger.info("room \(arrival.roomID): spectating started (delay \(configuration.delaySeconds) s)")
        }
        Self.logger.info("spectator \(spectator.id) \(arrival.peer) watches room \(arrival.roomID)")
    }

    /// Tests: the mirror of room `id`, if anyone watches it.
    func mirror(ofRoom id: Int) -> SpectatorMirror<G>? { mirrors.first { $0.roomID == id } }

    private func close(_ channel: SessionChannel, code: UInt16, reason: String) {
        channel.requestClose(code: code, reason: WireText.truncated(reason, toUTF8Bytes: 123))
        handoff.add(channel)
    }
}
