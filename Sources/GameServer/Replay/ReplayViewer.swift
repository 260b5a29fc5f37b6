import Recording
import Simulation
import Wire

/// One person watching one recording: their own re-simulation of the match (`Replayer`),
/// the playback state they chose, and what their socket was last sent. Owned by the replay
/// thread (`ReplayTheater`); the I/O thread reaches it only through `controls` (requests in)
/// and `channel` (bytes out).
///
/// Each frame applies the merged requests, advances the simulation by the ticks the speed
/// allows (accumulated exactly in tick-nanoseconds, at most `maxStepsPerFrame`), and, when
/// the socket has taken everything sent before, hands out one batch: a welcome after any
/// seek / follow / speed change / resume, events, one snapshot if the replay moved, and a
/// status when something changed or a few times a second.
final class ReplayViewer<G: Game> {
    /// How a frame ended for this viewer.
    enum Outcome: Equatable {
        case keep
        /// Output was handed to the channel: the I/O loop must flush it.
        case sent
        /// Close the connection (the theater forgets the viewer).
        case close(code: UInt16, reason: String)
        /// The connection is already gone.
        case gone
    }

    let id: Int
    let fileName: String
    let channel: SessionChannel
    let controls: ReplayControls
    let configuration: ReplayConfiguration
    let hashInterval: UInt32

    // Owned by the replay thread.
    private(set) var replayer: Replayer<G>
    private(set) var paused = false
    private(set) var quarters: UInt8 = 4
    private(set) var followed: PlayerID = 0
    /// The free camera's centre while following nobody by choice (`camera`); nil: follow a player.
    private(set) var camera: SIMD2<Int32>?
    /// Sent ticks-worth of time, in tick-nanoseconds: `rate × ns` accumulates, 10⁹ per tick.
    private var budget: UInt64 = 0
    private var welcomePending = true
    private var timelinePending = true
    private var statusPending = true
    private var framesSinceStatus = 0
    private var pendingEvents: [GameEvent] = []
    private var view = ViewState()
    private var encoder = SnapshotEncoder(descriptor: G.descriptor)
    private var writer = BitWriter(capacity: 4096)
    private var framed: [UInt8] = []
    /// The tick of the last snapshot sent since the last welcome (nil: none yet).
    private var lastSnapshotTick: UInt32?
    private var lastHashTick: UInt32?
    private var stalledFrames = 0
    /// A seek asked for but not carried out yet (see `seekEveryFrames`).
    private var deferredSeek: UInt32?
    private var framesSinceSeek = Int.max / 2
    /// The replay ran out of recorded ticks (it stopped there, paused).
    private var atEnd = false
    /// Frames since the file was last checked for ticks a running match appended.
    private var framesSinceRefresh = 0

    init(id: Int, fileName: String, replayer: Replayer<G>, channel: SessionChannel, controls: ReplayControls,
         configuration: ReplayConfiguration, hashInterval: Int) {
        self.id = id
        self.fileName = fileName
        self.replayer = replayer
        self.channel = channel
        self.controls = controls
        self.configuration = configuration
        self.hashInterval = UInt32(max(1, hashInterval))
        followFirstPresentPlayer()
    }

    /// Ticks per second at the current speed: the recording's rate × quarters / 4, rounded,
    /// at least 1. The welcome announces exactly this rate and the pacing uses it, so
    /// snapshot ticks arrive at the rate the client was told.
    var effectiveTickRate: Int {
        max(1, (replayer.header.tickRate * Int(quarters) + 2) / 4)
    }

    /// One frame of `periodNanoseconds`.
    func frame(periodNanoseconds: UInt64) -> Outcome {
        let (requests, closed) = controls.take()
        if closed { return .gone }
        do throws(RecordingError) {
            try apply(requests)
            followRunningMatch()
            try advance(periodNanoseconds: periodNanoseconds)
        } catch {
            return .close(code: GameCloseCode.replayUnavailable.rawValue, reason: "replay unavailable: \(error)")
        }
        if camera == nil, replayer.roster.first(where: { $0.player == followed }) == nil {
            followFirstPresentPlayer()
        }
        return publish()
    }

    private func apply(_ requests: ReplayControls.Pending) throws(RecordingError) {
        if let wanted = requests.quarters, wanted != quarters {
            quarters = wanted
            budget = 0
            changed(welcome: true)
        }
        if let tick = requests.seek { deferredSeek = tick }
        framesSinceSeek += 1
        if let tick = deferredSeek, framesSinceSeek >= configuration.seekEveryFrames {
            deferredSeek = nil
            framesSinceSeek = 0
            try replayer.seek(to: min(tick, replayer.playbackEndTick))
            atEnd = false
            pendingEvents.removeAll()
            budget = 0
            changed(welcome: true)
        }
        if let wanted = requests.paused, wanted != paused {
            paused = wanted
            if !paused && replayer.isComplete && (atEnd || replayer.tick >= replayer.playbackEndTick) {
                // Play at the end of a finished match starts over.
                try replayer.seek(to: 0)
                atEnd = false
                pendingEvents.removeAll()
            }
            budget = 0
            // Resuming restarts the client's clock: snapshots stopped for as long as the pause.
            changed(welcome: !paused)
        }
        if let player = requests.follow, player != followed || camera != nil,
           replayer.roster.contains(where: { $0.player == player }) {
            followed = player
            camera = nil
            changed(welcome: true)
        }
        if let point = requests.camera {
            // The view moves on from what the viewer has (a delta): a welcome only when it
            // stops following a player.
            camera = point
            if followed != 0 {
                followed = 0
                changed(welcome: true)
            }
        }
    }

    private func advance(periodNanoseconds: UInt64) throws(RecordingError) {
        guard !paused else { return }
        budget += UInt64(effectiveTickRate) * periodNanoseconds
        var steps = Int(budget / 1_000_000_000)
        if steps > configuration.maxStepsPerFrame {
            steps = configuration.maxStepsPerFrame
            budget = 0
        } else {
            budget -= UInt64(steps) * 1_000_000_000
        }
        var more = true
        for _ in 0 ..< steps where more && replayer.tick < replayer.playbackEndTick {
            more = try replayer.step(events: &pendingEvents)
        }
        if !replayer.isComplete && (!more || replayer.tick >= replayer.playbackEndTick) {
            // At the live edge of a running match: wait there (playing) for the next ticks,
            // without saving up time to rush through when they come.
            budget = 0
        } else if !more || replayer.tick >= replayer.playbackEndTick {
            atEnd = true
            paused = true
            changed(welcome: false)
        }
    }

    /// A recording still being written (a running match) grows: a few times a second its new
    /// ticks are read, so the timeline extends and a viewer at the live edge plays on.
    private func followRunningMatch() {
        guard !replayer.isComplete else { return }
        framesSinceRefresh += 1
        guard framesSinceRefresh >= configuration.refreshEveryFrames else { return }
        framesSinceRefresh = 0
        let keyframes = replayer.keyframeTicks.count, players = replayer.everyone.count
        if replayer.refresh() || replayer.isComplete {
            if replayer.keyframeTicks.count != keyframes || replayer.everyone.count != players { timelinePending = true }
            changed(welcome: false)
        }
    }

    /// Follows the lowest-numbered player present (or nobody), so a viewer always sees
    /// someone while anyone plays.
    private func followFirstPresentPlayer() {
        let next = replayer.roster.first?.player ?? 0
        guard next != followed else { return }
        followed = next
        changed(welcome: true)
    }

    private func changed(welcome: Bool) {
        statusPending = true
        if welcome { welcomePending = true }
    }

    // MARK: Output

    private func publish() -> Outcome {
        if pendingEvents.count > configuration.maxPendingEvents {
            return .close(code: GameCloseCode.tooSlow.rawValue, reason: "too slow: replay events not delivered")
        }
        guard channel.isWritable() else {
            stalledFrames += 1
            if stalledFrames > configuration.stallFrames {
                return .close(code: GameCloseCode.tooSlow.rawValue, reason: "too slow: socket busy for \(configuration.stallFrames) frames")
            }
            return .keep
        }
        stalledFrames = 0
        framed.removeAll(keepingCapacity: true)
        if welcomePending { appendWelcome() }
        if !pendingEvents.isEmpty {
            writer.reset()
            EventsMessage.encode(tick: replayer.tick, events: &pendingEvents, into: &writer)
            writer.withFinishedBytes { appendFramed($0, to: &framed) }
            pendingEvents.removeAll(keepingCapacity: true)
        }
        if lastSnapshotTick != replayer.tick { appendSnapshot() }
        framesSinceStatus += 1
        if statusPending || framesSinceStatus >= configuration.statusEveryFrames { appendStatus() }
        guard !framed.isEmpty else { return .keep }
        let accepted = framed.withUnsafeBytes { channel.offer($0) }
        // Only this thread makes the channel busy, and it was free a moment ago.
        precondition(accepted, "a free replay channel refused output")
        return .sent
    }

    /// A welcome starts the client over: its world, clock and roster. So the view is reset
    /// (the next snapshot is full) and the roster follows as `joined` events.
    private func appendWelcome() {
        welcomePending = false
        timelinePending = true
        statusPending = true
        view.reset()
        lastSnapshotTick = nil
        lastHashTick = nil
        let entity = followed == 0 ? 0 : (replayer.entity(of: followed) ?? 0)
        let ticksPerFrame = (effectiveTickRate + configuration.frameRate - 1) / configuration.frameRate
        append(WelcomeMessage(
            playerID: followed, entityID: entity, tickRate: UInt16(clamping: effectiveTickRate),
            snapshotInterval: UInt8(clamping: max(1, min(ticksPerFrame, configuration.maxStepsPerFrame))),
            hashInterval: UInt16(clamping: hashInterval), currentTick: replayer.tick, resumeToken: 0,
            game: G.descriptor))
        pendingEvents = replayer.roster.map { .joined(player: $0.player, name: $0.name) }
    }

    private func appendSnapshot() {
        let tick = replayer.tick
        let game = replayer.game
        encoder.beginTick(entities: game.entities, tick: tick)
        let center = followed != 0 ? game.viewCenter(of: followed) : camera.map { ($0.x, $0.y) } ?? Self.worldCenter
        let includeHash = lastHashTick.map { tick &- $0 >= hashInterval } ?? true
        writer.reset()
        encoder.encode(for: &view, center: center, lastInputSequence: 0, includeHash: includeHash, into: &writer)
        writer.withFinishedBytes { appendFramed($0, to: &framed) }
        lastSnapshotTick = tick
        if includeHash { lastHashTick = tick }
    }

    private func appendStatus() {
        statusPending = false
        framesSinceStatus = 0
        var timeline: ReplayTimeline?
        if timelinePending {
            timelinePending = false
            timeline = ReplayTimeline(tickRate: UInt16(clamping: max(1, replayer.header.tickRate)), keyframeTicks: replayer.keyframeTicks,
                                      players: replayer.everyone.map { ReplayPlayer(id: $0.player, name: $0.name) })
        }
        append(ReplayStatusMessage(tick: replayer.tick, endTick: replayer.playbackEndTick, paused: paused, quarters: quarters,
                                   followed: followed, timeline: timeline))
    }

    private func append<M: WireMessage>(_ message: M) {
        writer.reset()
        message.encode(into: &writer)
        writer.withFinishedBytes { appendFramed($0, to: &framed) }
    }

    /// Where a viewer following nobody looks: the middle of the world.
    static var worldCenter: (x: Int32, y: Int32) {
        let game = G.descriptor
        return (Int32((Int64(game.worldMinX) + Int64(game.worldMaxX)) / 2), Int32((Int64(game.worldMinY) + Int64(game.worldMaxY)) / 2))
    }
}
