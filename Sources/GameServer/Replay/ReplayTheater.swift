import Synchronization
import Logging
import WebSocket
import Platform
import Wire
import Simulation
import Recording

/// The replay thread: one dedicated thread (never the I/O thread, never a room's) that runs
/// every replay viewer on absolute `CLOCK_MONOTONIC` deadlines, `frameRate` frames a second.
/// Per frame it opens the recordings of new viewers, then gives each viewer one bounded
/// frame (at most `maxStepsPerFrame` simulated ticks and one snapshot), and hands the ready
/// sockets to the I/O loop in one wake-up. It starts with the first viewer.
final class ReplayTheater<G: Game>: @unchecked Sendable {
    // Sendable: `arrivals`, `viewerCount`, `thread` and `stopRequested` are thread-safe; the
    // rest is touched only by the replay thread.

    static var logger: Logger { Logger(label: "game.replay") }

    /// A viewer whose socket is open and whose recording the replay thread has yet to open.
    struct Arrival {
        var path: String
        var fileName: String
        var peer: String
        var channel: SessionChannel
        var controls: ReplayControls
    }

    let configuration: ReplayConfiguration
    let hashInterval: Int
    let loop: EventLoop
    /// Viewers admitted whose sockets are still open: what the cap counts. Taken by `admit`,
    /// given back by `release` when the socket closes (whoever closed it), so a place is free
    /// again the moment a viewer's connection is gone.
    let viewerCount = Atomic<Int>(0)
    private let arrivals = Mutex<[Arrival]>([])
    /// The replay thread and its frame schedule.
    let driver: TickDriver
    /// I/O thread only: the replay thread was started (with the first viewer).
    private var started = false

    /// A recording being opened for an arrival. Opening indexes the whole file (seconds for
    /// an hour of a 1,000-player room), so it runs on a short-lived thread of its own: the
    /// replay thread and everyone already watching never wait for it.
    private final class Opening: @unchecked Sendable {
        // Sendable: `result` is written once by the opening thread before it sets `done`
        // (releasing), and read by the replay thread only after seeing `done` (acquiring).
        let arrival: Arrival
        var result: Result<Replayer<G>, RecordingError>?
        let done = Atomic<Bool>(false)
        var thread: PThread?

        init(_ arrival: Arrival) { self.arrival = arrival }
    }

    // Owned by the replay thread.
    private var openings: [Opening] = []
    private var viewers: [ReplayViewer<G>] = []
    private let handoff: FlushHandoff
    private var nextViewerID = 1

    init(configuration: ReplayConfiguration, hashInterval: Int, loop: EventLoop) {
        self.configuration = configuration
        self.hashInterval = hashInterval
        self.loop = loop
        driver = TickDriver(period: configuration.framePeriod)
        handoff = FlushHandoff(loop: loop)
    }

    /// I/O thread: takes a viewer's place if fewer than `maxViewers` watch; false when full.
    func admit(_ arrival: Arrival) -> Bool {
        var count = viewerCount.load(ordering: .relaxed)
        repeat {
            guard count < configuration.maxViewers, !driver.isStopRequested else { return false }
            let (exchanged, original) = viewerCount.compareExchange(expected: count, desired: count + 1, ordering: .acquiringAndReleasing)
            if exchanged { break }
            count = original
        } while true
        arrivals.withLock { $0.append(arrival) }
        if !started {
            started = true
            let period = configuration.framePeriod
            // Frames missed beyond the catch-up are skipped: viewers' replays slow down for a
            // moment rather than the thread falling further behind.
            driver.start(name: "replays", { [self] wake in
                for _ in 0 ..< wake.run { frame(period: period) }
                return true
            }, finish: { [self] in finish() })
        }
        return true
    }

    /// I/O thread: an admitted viewer's socket closed.
    func release() {
        viewerCount.subtract(1, ordering: .relaxed)
    }

    /// Any thread: every viewer is closed with 1001 and the thread ends.
    func stop() { driver.stop() }

    /// I/O thread: whether the replay thread is done (or never started), so a shutdown can
    /// wait for it without blocking the loop in a join.
    var isFinished: Bool { !started || driver.isFinished }

    /// Waits for the thread (after `stop`); returns at once if it is finished.
    func join() { driver.join() }

    private func finish() {
        for arrival in arrivals.withLock({ list in defer { list.removeAll() }; return list }) {
            close(arrival.channel, code: 1001, reason: "server shutting down")
        }
        for opening in openings {
            opening.thread?.join()
            close(opening.arrival.channel, code: 1001, reason: "server shutting down")
        }
        openings.removeAll()
        for viewer in viewers { close(viewer.channel, code: 1001, reason: "server shutting down") }
        viewers.removeAll()
        handoff.finish()
    }

    private func frame(period: UInt64) {
        for arrival in arrivals.withLock({ list in defer { list.removeAll() }; return list }) {
            let opening = Opening(arrival)
            opening.thread = PThread.start(name: "replay-open") {
                let path = opening.arrival.path
                opening.result = Result { () throws(RecordingError) in try Replayer<G>(path: path) }
                opening.done.store(true, ordering: .releasing)
            }
            openings.append(opening)
        }
        if !openings.isEmpty { finishOpenings() }
        var index = 0
        while index < viewers.count {
            let viewer = viewers[index]
            switch viewer.frame(periodNanoseconds: period) {
            case .keep:
                index += 1
            case .sent:
                handoff.add(viewer.channel)
                index += 1
            case .gone:
                remove(at: index, note: "left")
            case .close(let code, let reason):
                Self.logger.warning("replay viewer \(viewer.id) (\(viewer.fileName)): closing: \(reason) (\(code))")
                close(viewer.channel, code: code, reason: reason)
                remove(at: index, note: "closed")
            }
        }
        handoff.post()
    }

    /// Seats the arrivals whose recordings finished opening.
    private func finishOpenings() {
        var index = 0
        while index < openings.count {
            let opening = openings[index]
            guard opening.done.load(ordering: .acquiring) else {
                index += 1
                continue
            }
            opening.thread?.join()
            openings.remove(at: index)
            open(opening.arrival, opening.result!)
        }
    }

    /// Starts a viewer on its opened recording; a file that cannot be replayed closes the
    /// viewer with 4008 and the reader's own words (what is wrong, at which byte).
    private func open(_ arrival: Arrival, _ result: Result<Replayer<G>, RecordingError>) {
        do throws(RecordingError) {
            let replayer = try result.get()
            let viewer = ReplayViewer<G>(id: nextViewerID, fileName: arrival.fileName, replayer: replayer,
                                         channel: arrival.channel, controls: arrival.controls,
                                         configuration: configuration, hashInterval: hashInterval)
            nextViewerID += 1
            viewers.append(viewer)
            Self.logger.info("replay viewer \(viewer.id) \(arrival.peer) watches \(arrival.fileName) (\(replayer.playbackEndTick) ticks)")
        } catch {
            Self.logger.warning("replay for \(arrival.peer): cannot open \(arrival.fileName): \(error)")
            close(arrival.channel, code: GameCloseCode.replayUnavailable.rawValue, reason: "replay unavailable: \(error)")
        }
    }

    private func remove(at index: Int, note: String) {
        let viewer = viewers.remove(at: index)
        Self.logger.info("replay viewer \(viewer.id) \(note) at tick \(viewer.replayer.tick)")
    }

    private func close(_ channel: SessionChannel, code: UInt16, reason: String) {
        channel.requestClose(code: code, reason: WireText.truncated(reason, toUTF8Bytes: 123))
        handoff.add(channel)
    }
}
