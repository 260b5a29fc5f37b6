import Recording
import Simulation
import Wire

/// One running room as its spectators see it: a mirror of the match (`LiveReplayer`, fed by
/// the room's tap and kept `delayTicks` behind it), the spectators watching it, and their
/// groups (`SpectatorGroup`: one per distinct thing looked at). Owned by the spectator thread.
///
/// Each frame: take the room's new records, simulate up to the live tick minus the delay,
/// then, for the spectators whose sockets are free, encode each group's view once (a delta
/// for those in step, a full snapshot for those who are not) and hand the same bytes to every
/// member. A spectator whose socket is busy gets nothing this frame and a full snapshot when
/// it is free again (newest supersedes); busy for longer than the stall limit, it is dropped
/// with 4003. Nothing here touches the room's thread: the room only writes its feed.
final class SpectatorMirror<G: Game> {
    enum Outcome: Equatable {
        case keep
        /// The mirror is done (match over, feed failed, nobody watching for a while): its
        /// spectators were closed; the stand closes the tap and forgets it.
        case ended
    }

    /// Pacing and limits, from the server's configuration.
    struct Settings {
        var tickRate: Int
        var snapshotInterval: Int
        var hashInterval: UInt32
        var delayTicks: UInt32
        var stallFrames: Int
        var cameraGrid: Int32
        /// Frames without spectators after which the mirror (and the room's feed) stops.
        var idleFrames: Int
        var statusEveryFrames: Int
    }

    /// What a frame did, summed by the stand into its metrics once per frame.
    struct Totals {
        var bytes = 0
        var snapshots = 0
        var encodes = 0
        var slowKicks = 0
    }

    let roomID: Int
    let tap: SpectatorTap
    let settings: Settings
    private(set) var live: LiveReplayer<G>
    private(set) var spectators: [Spectator] = []
    private var groups: [SpectatorGroup.Target: SpectatorGroup] = [:]
    private var groupList: [SpectatorGroup] = []
    private var encoder = SnapshotEncoder(descriptor: G.descriptor)
    private var writer = BitWriter(capacity: 4096)
    private var framed: [UInt8] = []
    private var eventsFramed: [UInt8] = []
    private var events: [GameEvent] = []
    private var rosterEvents: [GameEvent] = []
    /// Spectators whose socket was free this frame (indices into `spectators`).
    private var ready: [Int] = []
    private var lastPublishedTick: UInt32?
    /// Ticks the mirror is asked to have simulated (the live tick minus the delay).
    private var target: UInt32 = 0
    private var idleFrames = 0
    private var framesSinceStatus = Int.max / 2
    private var rosterChanged = true

    init(roomID: Int, tap: SpectatorTap, sink: RecordingSink, maxFeedBytes: Int, settings: Settings) {
        self.roomID = roomID
        self.tap = tap
        self.settings = settings
        live = LiveReplayer(sink: sink, maxBufferedBytes: maxFeedBytes)
    }

    func add(_ spectator: Spectator) {
        spectators.append(spectator)
        idleFrames = 0
    }

    /// The tick spectators see now (nil until the delay has filled).
    var shownTick: UInt32? { lastPublishedTick }

    /// One frame; `close` asks the I/O thread to close a spectator's connection.
    func frame(handoff: FlushHandoff, totals: inout Totals, close: (SessionChannel, UInt16, String) -> Void) -> Outcome {
        let roomClosed = tap.isRoomClosed
        live.pull()
        if let problem = live.problem {
            closeAll(code: 1011, reason: "spectating stopped: \(problem)", close)
            return .ended
        }
        if roomClosed && !live.feedEnded {
            closeAll(code: 1000, reason: "the match is over", close)
            return .ended
        }
        if live.feedEnded {
            // The room is gone: play the delay out at the match's pace, then end.
            target = min(live.liveTick, target &+ UInt32(settings.snapshotInterval))
        } else {
            target = max(target, live.liveTick >= settings.delayTicks ? live.liveTick - settings.delayTicks : 0)
        }
        events.removeAll(keepingCapacity: true)
        live.advance(to: target, events: &events)
        if live.isFinished {
            closeAll(code: 1000, reason: "the match is over", close)
            return .ended
        }
        if spectators.isEmpty {
            idleFrames += 1
            return idleFrames > settings.idleFrames ? .ended : .keep
        }
        idleFrames = 0
        for event in events {
            switch event {
            case .joined, .left: rosterChanged = true
            default: break
            }
        }
        guard let simulation = live.simulation, simulation.tick <= target else {
            // The delay is still filling (the mirror starts at the state the room had when
            // the first spectator came): there is nothing to show yet.
            forgetClosed()
            return .keep
        }
        publish(simulation, handoff: handoff, totals: &totals, close: close)
        return .keep
    }

    // MARK: Publishing

    private func publish(_ simulation: ReplaySimulation<G>, handoff: FlushHandoff, totals: inout Totals,
                         close: (SessionChannel, UInt16, String) -> Void) {
        let tick = simulation.tick
        let moved = lastPublishedTick != tick
        eventsFramed.removeAll(keepingCapacity: true)
        if moved && !events.isEmpty {
            writer.reset()
            EventsMessage.encode(tick: tick, events: &events, into: &writer)
            writer.withFinishedBytes { appendFramed($0, to: &eventsFramed) }
        }
        framesSinceStatus += 1
        let statusDue = rosterChanged || framesSinceStatus >= settings.statusEveryFrames
        // Gather: requests, groups, and who can take output now.
        ready.removeAll(keepingCapacity: true)
        var anyEncode = false
        var index = 0
        while index < spectators.count {
            let spectator = spectators[index]
            let (requests, closed) = spectator.controls.take()
            if closed {
                remove(at: index)
                continue
            }
            apply(spectator.merged(requests), to: spectator, roster: simulation.roster)
            place(spectator)
            guard spectator.channel.isWritable() else {
                spectator.stalledFrames += 1
                if moved {
                    // It misses this snapshot (and these events): it starts over when free.
                    spectator.needsFull = true
                    if !events.isEmpty { spectator.needsWelcome = true }
                }
                if spectator.stalledFrames > settings.stallFrames {
                    close(spectator.channel, GameCloseCode.tooSlow.rawValue, "too slow: socket busy for \(settings.stallFrames) frames")
                    totals.slowKicks += 1
                    remove(at: index)
                    continue
                }
                index += 1
                continue
            }
            spectator.stalledFrames = 0
            let group = spectator.group!
            if spectator.needsWelcome || spectator.needsFull {
                group.wantsFull = true
                anyEncode = true
            } else if moved || statusDue {
                group.wantsDelta = true
                anyEncode = true
            }
            ready.append(index)
            index += 1
        }
        guard anyEncode else { return }
        encoder.beginTick(entities: simulation.game.entities, tick: tick)
        let timeline = statusDue && rosterChanged ? currentTimeline(simulation) : nil
        for group in groupList where group.wantsDelta || group.wantsFull {
            encode(group, simulation, tick: tick, statusDue: statusDue, timeline: timeline, totals: &totals)
        }
        // Deliver: the group's bytes as they are, or a start-over for those who need one.
        for index in ready {
            let spectator = spectators[index]
            let group = spectator.group!
            let bytes: Int
            if spectator.needsWelcome {
                framed.removeAll(keepingCapacity: true)
                appendWelcome(for: spectator, simulation)
                append(ReplayStatusMessage(tick: tick, endTick: tick, paused: false, quarters: 4, followed: spectator.followed,
                                           timeline: timeline ?? currentTimeline(simulation)))
                framed.append(contentsOf: group.full)
                bytes = offer(framed, to: spectator)
                spectator.needsWelcome = false
                spectator.needsFull = false
                totals.snapshots += 1
            } else if spectator.needsFull {
                framed.removeAll(keepingCapacity: true)
                framed.append(contentsOf: eventsFramed)
                framed.append(contentsOf: group.full)
                bytes = offer(framed, to: spectator)
                spectator.needsFull = false
                totals.snapshots += 1
            } else if !group.delta.isEmpty {
                bytes = offer(group.delta, to: spectator)
                if moved { totals.snapshots += 1 }
            } else {
                continue
            }
            totals.bytes += bytes
            handoff.add(spectator.channel)
        }
        for group in groupList {
            group.wantsDelta = false
            group.wantsFull = false
        }
        lastPublishedTick = tick
        if statusDue {
            framesSinceStatus = 0
            rosterChanged = false
        }
    }

    /// The group's bytes for this frame: a full snapshot if anyone needs one, and the delta
    /// from what its in-step members have (with the frame's events and, when due, a status).
    private func encode(_ group: SpectatorGroup, _ simulation: ReplaySimulation<G>, tick: UInt32, statusDue: Bool,
                        timeline: ReplayTimeline?, totals: inout Totals) {
        let center = center(of: group, simulation)
        let includeHash = group.lastHashTick.map { tick &- $0 >= settings.hashInterval } ?? true
        group.full.removeAll(keepingCapacity: true)
        if group.wantsFull {
            group.fresh.reset()
            writer.reset()
            encoder.encode(for: &group.fresh, center: center, lastInputSequence: 0, includeHash: includeHash, into: &writer)
            writer.withFinishedBytes { appendFramed($0, to: &group.full) }
            totals.encodes += 1
        }
        group.delta.removeAll(keepingCapacity: true)
        group.delta.append(contentsOf: eventsFramed)
        if group.view.baselineTick != tick {
            // Kept current even when only full snapshots went out: the next frame's delta
            // is from what every member then has.
            writer.reset()
            encoder.encode(for: &group.view, center: center, lastInputSequence: 0, includeHash: includeHash, into: &writer)
            writer.withFinishedBytes { appendFramed($0, to: &group.delta) }
            totals.encodes += 1
        }
        if statusDue {
            writer.reset()
            ReplayStatusMessage(tick: tick, endTick: tick, paused: false, quarters: 4, followed: group.followed, timeline: timeline)
                .encode(into: &writer)
            writer.withFinishedBytes { appendFramed($0, to: &group.delta) }
        }
        if includeHash { group.lastHashTick = tick }
    }

    private func offer(_ bytes: [UInt8], to spectator: Spectator) -> Int {
        let accepted = bytes.withUnsafeBytes { spectator.channel.offer($0) }
        // Only this thread makes a channel busy, and it was free a moment ago.
        precondition(accepted, "a free spectator channel refused output")
        return bytes.count
    }

    /// A welcome starts the client over (its world, clock and roster), as a replay's does:
    /// the roster follows as `joined` events.
    private func appendWelcome(for spectator: Spectator, _ simulation: ReplaySimulation<G>) {
        let entity = spectator.followed == 0 ? 0 : (simulation.entity(of: spectator.followed) ?? 0)
        append(WelcomeMessage(
            playerID: spectator.followed, entityID: entity, tickRate: UInt16(clamping: settings.tickRate),
            snapshotInterval: UInt8(clamping: settings.snapshotInterval), hashInterval: UInt16(clamping: settings.hashInterval),
            currentTick: simulation.tick, resumeToken: 0, game: G.descriptor))
        rosterEvents.removeAll(keepingCapacity: true)
        for player in simulation.roster { rosterEvents.append(.joined(player: player.player, name: player.name)) }
        if !rosterEvents.isEmpty {
            writer.reset()
            EventsMessage.encode(tick: simulation.tick, events: &rosterEvents, into: &writer)
            writer.withFinishedBytes { appendFramed($0, to: &framed) }
        }
    }

    private func append<M: WireMessage>(_ message: M) {
        writer.reset()
        message.encode(into: &writer)
        writer.withFinishedBytes { appendFramed($0, to: &framed) }
    }

    private func currentTimeline(_ simulation: ReplaySimulation<G>) -> ReplayTimeline {
        ReplayTimeline(tickRate: UInt16(clamping: settings.tickRate), keyframeTicks: [],
                       players: simulation.roster.map { ReplayPlayer(id: $0.player, name: $0.name) })
    }

    // MARK: Who looks where

    /// Follow and camera requests: a follow of a present player (or 0: the free camera where
    /// it was, else the middle), a camera point; with neither, a spectator follows the
    /// lowest-numbered player present, so it always sees someone while anyone plays.
    private func apply(_ requests: ReplayControls.Pending, to spectator: Spectator, roster: [RecordedPlayer]) {
        if let player = requests.follow {
            if player == 0 {
                if spectator.camera == nil { spectator.camera = Self.worldCenter }
            } else if roster.contains(where: { $0.player == player }) {
                spectator.camera = nil
                if spectator.followed != player { spectator.needsWelcome = true }
                spectator.followed = player
            }
        }
        if let point = requests.camera {
            spectator.camera = Self.clamped(point)
        }
        if spectator.camera != nil {
            if spectator.followed != 0 {
                spectator.followed = 0
                spectator.needsWelcome = true
            }
        } else if !roster.contains(where: { $0.player == spectator.followed }) {
            spectator.needsWelcome = true
            if let first = roster.first {
                spectator.followed = first.player
            } else {
                spectator.followed = 0
                spectator.camera = Self.worldCenter
            }
        }
    }

    /// Puts the spectator in the group of what it looks at (free-camera points snap to the
    /// grid, so spectators looking at nearly the same place share a group).
    private func place(_ spectator: Spectator) {
        let target: SpectatorGroup.Target
        if let camera = spectator.camera {
            let snapped = snap(camera)
            target = .camera(x: snapped.x, y: snapped.y)
        } else {
            target = .player(spectator.followed)
        }
        if let group = spectator.group, group.target == target { return }
        leaveGroup(spectator)
        let group: SpectatorGroup
        if let existing = groups[target] {
            group = existing
        } else {
            group = SpectatorGroup(target: target)
            groups[target] = group
            groupList.append(group)
        }
        group.members += 1
        spectator.group = group
        spectator.needsFull = true
    }

    private func leaveGroup(_ spectator: Spectator) {
        guard let group = spectator.group else { return }
        spectator.group = nil
        group.members -= 1
        if group.members == 0 {
            groups[group.target] = nil
            groupList.removeAll { $0 === group }
        }
    }

    private func center(of group: SpectatorGroup, _ simulation: ReplaySimulation<G>) -> (x: Int32, y: Int32)? {
        switch group.target {
        case .player(let player): simulation.game.viewCenter(of: player)
        case .camera(let x, let y): (x, y)
        }
    }

    private func snap(_ point: SIMD2<Int32>) -> SIMD2<Int32> {
        let cell = Int64(max(1, settings.cameraGrid))
        func snapped(_ value: Int32) -> Int32 {
            let v = Int64(value)
            let floor = (v >= 0 ? v / cell : (v - cell + 1) / cell) * cell
            return Int32(clamping: floor + cell / 2)
        }
        return Self.clamped(SIMD2(snapped(point.x), snapped(point.y)))
    }

    /// Within the world's bounds.
    static func clamped(_ point: SIMD2<Int32>) -> SIMD2<Int32> {
        let game = G.descriptor
        return SIMD2(min(max(point.x, game.worldMinX), game.worldMaxX), min(max(point.y, game.worldMinY), game.worldMaxY))
    }

    static var worldCenter: SIMD2<Int32> {
        let center = ReplayViewer<G>.worldCenter
        return SIMD2(center.x, center.y)
    }

    // MARK: Leaving

    private func remove(at index: Int) {
        let spectator = spectators.remove(at: index)
        leaveGroup(spectator)
    }

    /// Drops spectators whose connection is gone while there is nothing to show yet, and
    /// holds the others' requests for the first frame that shows something.
    private func forgetClosed() {
        var index = 0
        while index < spectators.count {
            let spectator = spectators[index]
            let (requests, closed) = spectator.controls.take()
            if closed {
                remove(at: index)
            } else {
                spectator.held = spectator.merged(requests)
                index += 1
            }
        }
    }

    private func closeAll(code: UInt16, reason: String, _ close: (SessionChannel, UInt16, String) -> Void) {
        for spectator in spectators {
            leaveGroup(spectator)
            close(spectator.channel, code, reason)
        }
        spectators.removeAll()
    }
}
