import WebSocket
import Platform
import Wire
import Simulation
import Recording

/// One tick of a room, in the order DESIGN.md fixes: drain the inbox, apply inputs, step,
/// then build each player's snapshot and hand the bytes out.
extension Room {
    func runTick(publishing: Bool) {
        let started = driver.clock.now()
        // The tick in which the last connected player leaves is still match time.
        let attendedAtStart = seatedOrder.count > detachedCount
        if spectatorTap.current != spectatorTapSeen { updateSpectatorFeed() }
        if recorder != nil || spectatorFeed != nil { beginRecordedTick() }
        inbox.drain(into: &drained)
        // Joins and resumes before disconnects: a connection that came and went within one
        // tick is detached again; then players detached for longer than the grace leave.
        for join in drained.joins { seat(join) }
        for resume in drained.resumes { reattach(resume) }
        for leave in drained.leaves { detach(leave) }
        if detachedCount > 0 { expireDetached() }
        for (player, input) in drained.inputs {
            // A detached player's last inputs may arrive with its disconnect: they are dropped,
            // or the player would walk on after being stopped.
            guard let slot = slots[Int(player)], slot.detachedAt == nil else { continue }
            if !slot.inputs.offer(input) { metrics.inputsDroppedOverflow.increment() }
        }
        for (player, text) in drained.chats where slots[Int(player)] != nil {
            events.append(.chat(player: player, text: text))
            recorder?.chat(player, text: text)
            spectatorFeed?.chat(player, text: text)
        }
        var applied = 0
        for player in seatedOrder {
            let slot = slots[Int(player)]!
            let mergedBefore = slot.inputs.merged
            guard let input = slot.inputs.next(table: inputTable) else { continue }
            if slot.inputs.merged != mergedBefore { metrics.inputsMerged.increment() }
            game.apply(input, for: player)
            recorder?.input(input, for: player)
            spectatorFeed?.input(input, for: player)
            slot.lastAppliedSequence = input.sequence
            slot.lastInput = input
            applied += 1
        }
        metrics.inputsApplied.increment(by: applied)
        game.step(tick: tick, events: &events)
        if recorder != nil || spectatorFeed != nil { endRecordedTick() }
        tick &+= 1
        currentTick.store(tick, ordering: .relaxed)
        if attendedAtStart || seatedOrder.count > detachedCount { attendedTicks = tick }
        if !events.isEmpty {
            for player in seatedOrder { queue(events, for: player) }
            events.removeAll(keepingCapacity: true)
        }
        if publishing && tick % UInt32(configuration.snapshotInterval) == 0 {
            publishSnapshots()
        }
        metrics.ticks.increment()
        tickDurations.append(Double(driver.clock.now() - started) / 1e9)
        if tickDurations.count >= configuration.tickRate { publishTickDurations() }
    }

    func publishTickDurations() {
        metrics.tickDuration.observe(contentsOf: tickDurations)
        metrics.recentTickDuration.observe(contentsOf: tickDurations)
        tickDurations.removeAll(keepingCapacity: true)
    }

    /// A keyframe when one is due (the state between the last tick and this one), then the
    /// start of this tick's record.
    private func beginRecordedTick() {
        if recorder?.keyframeDue(before: tick) == true {
            recorder!.keyframe(of: &game, tick: tick, roster: recordedRoster)
        }
        if spectatorFeed?.keyframeDue(before: tick) == true {
            spectatorFeed!.keyframe(of: &game, tick: tick, roster: recordedRoster)
        }
        recorder?.beginTick(tick)
        spectatorFeed?.beginTick(tick)
    }

    private var recordedRoster: some Sequence<RecordedPlayer> {
        seatedOrder.lazy.compactMap { player in
            self.slots[Int(player)].map { RecordedPlayer(player: player, entity: $0.entity, name: $0.name) }
        }
    }

    /// Closes this tick's record with the world hash; a recording that had to be abandoned
    /// (the disk fell far behind) is counted and let go, and the match plays on. A spectator
    /// feed nobody takes (the spectator thread stalled) is let go the same way; the next
    /// spectator opens a new one.
    private func endRecordedTick() {
        let hash = WorldHash.of(game.entities)
        if recorder != nil {
            recorder!.endTick(hash: hash)
            if !recorder!.isRecording {
                Self.logger.error("room \(id): recording abandoned at tick \(tick): \(recorder!.sink.abandonedReason ?? "unknown")")
                metrics.recordingsAbandoned.increment()
                recorder = nil
            }
        }
        if spectatorFeed != nil {
            spectatorFeed!.endTick(hash: hash)
            if !spectatorFeed!.isRecording {
                Self.logger.error("room \(id): spectator feed abandoned at tick \(tick): \(spectatorFeed!.sink.abandonedReason ?? "unknown")")
                spectatorFeed = nil
            }
        }
    }

    /// The spectator thread opened or closed this room's tap: a new feed starts with the
    /// header and a keyframe of the state now (so a mirror can start here), or the feed ends.
    private func updateSpectatorFeed() {
        let (state, wanted, sink) = spectatorTap.take()
        spectatorTapSeen = state
        if let sink {
            spectatorFeed?.finish(ticks: tick, reason: "feed replaced")
            var feed = MatchRecorder(sink: sink, header: recordingHeader())
            feed.keyframe(of: &game, tick: tick, roster: recordedRoster)
            spectatorFeed = feed
        } else if !wanted, spectatorFeed != nil {
            spectatorFeed!.finish(ticks: tick, reason: "no spectators")
            spectatorFeed = nil
        }
    }

    private func seat(_ join: RoomInbox.Join) {
        let entity = game.addPlayer(join.player, name: join.name)
        recorder?.join(join.player, name: join.name, entity: entity)
        spectatorFeed?.join(join.player, name: join.name, entity: entity)
        let slot = PlayerSlot(player: join.player, entity: entity, name: join.name, channel: join.channel, resumeToken: join.resumeToken)
        // The newcomer learns who is already here; everyone (itself included) hears it joined.
        for other in seatedOrder {
            if let existing = slots[Int(other)] { slot.pendingEvents.append(.joined(player: other, name: existing.name)) }
        }
        slots[Int(join.player)] = slot
        let index = seatedOrder.firstIndex { $0 > join.player } ?? seatedOrder.count
        seatedOrder.insert(join.player, at: index)
        events.append(.joined(player: join.player, name: join.name))
        metrics.players.add(1)
        metrics.seated.insert(SeatedPlayers.id(room: id, player: join.player))
    }

    /// The player is gone for good: its entity, seat and resume token are freed.
    private func unseat(_ player: PlayerID) {
        guard let slot = slots[Int(player)] else { return }
        if slot.detachedAt != nil { detachedCount -= 1 }
        game.removePlayer(player)
        recorder?.leave(player)
        spectatorFeed?.leave(player)
        slots[Int(player)] = nil
        seatedOrder.removeAll { $0 == player }
        events.append(.left(player: player))
        inbox.freeSeat(player, token: slot.resumeToken)
        onPlayerGone(slot.resumeToken)
        metrics.players.add(-1)
        metrics.seated.remove(SeatedPlayers.id(room: id, player: player))
    }

    /// A connection ended: the player keeps its seat and entity for the resume grace, standing
    /// still (a game keeps a player's last input, so it is given the resting one: `release`
    /// and `hold` fields at rest, `keep` fields such as an aim kept), unless the connection
    /// had already been replaced.
    private func detach(_ leave: RoomInbox.Disconnect) {
        guard let slot = slots[Int(leave.player)], slot.channel === leave.channel, slot.detachedAt == nil else { return }
        guard configuration.resumeGraceTicks > 0 else {
            unseat(leave.player)
            return
        }
        slot.detachedAt = tick
        slot.pendingEvents.removeAll()
        slot.inputs = InputBuffer()
        var still = inputTable.resting(slot.lastInput)
        still.sequence = slot.lastAppliedSequence
        still.tick = tick
        game.apply(still, for: leave.player)
        recorder?.input(still, for: leave.player)
        spectatorFeed?.input(still, for: leave.player)
        detachedCount += 1
    }

    /// A reconnect with the player's token: the same player and entity continue on the new
    /// connection, which starts like a join (welcome, the roster, a full snapshot). A still
    /// attached older connection is closed: the newest connection wins.
    private func reattach(_ resume: RoomInbox.Resume) {
        guard let slot = slots[Int(resume.player)] else {
            resume.channel.requestClose(code: GameCloseCode.kicked.rawValue, reason: "session expired")
            handoff.add(resume.channel)
            return
        }
        if slot.detachedAt == nil {
            slot.channel.requestClose(code: GameCloseCode.kicked.rawValue, reason: "replaced by a newer connection")
            handoff.add(slot.channel)
        } else {
            detachedCount -= 1
        }
        slot.channel = resume.channel
        slot.detachedAt = nil
        slot.closing = false
        slot.view.reset()
        slot.welcomeSent = false
        slot.inputs = InputBuffer()
        slot.lastAppliedSequence = 0
        slot.lastInput = PlayerInput(sequence: 0, tick: 0, values: inputTable.restValues)
        slot.stalledSnapshots = 0
        slot.pendingEvents = seatedOrder.compactMap { other in slots[Int(other)].map { .joined(player: other, name: $0.name) } }
    }

    private func expireDetached() {
        let grace = configuration.resumeGraceTicks
        for player in seatedOrder {
            guard let detachedAt = slots[Int(player)]?.detachedAt, tick &- detachedAt >= grace else { continue }
            unseat(player)
        }
    }

    private func queue(_ events: [GameEvent], for player: PlayerID) {
        guard let slot = slots[Int(player)], !slot.closing, slot.detachedAt == nil else { return }
        slot.pendingEvents.append(contentsOf: events)
        if slot.pendingEvents.count > maxPendingEvents {
            // A busy socket is normally dropped by the stall rule first; this bound only keeps
            // memory finite when a flood of events (every join is told to everyone) meets a
            // socket that stays busy. Events must not be lost silently, so the player goes.
            drop(slot, reason: "too slow: events not delivered")
        }
    }

    private func drop(_ slot: PlayerSlot, reason: String) {
        slot.closing = true
        slot.pendingEvents.removeAll()
        metrics.kicksSlow.increment()
        Self.logger.warning("room \(id): dropping player \(slot.player): \(reason)")
        slot.channel.requestClose(code: GameCloseCode.tooSlow.rawValue, reason: reason)
        handoff.add(slot.channel)
    }

    /// Builds every free player's snapshot (plus its welcome and events) and hands the bytes
    /// to the I/O loop. A player whose socket is still busy is skipped: the snapshot it would
    /// have got is superseded by the next one, built against what it really received.
    ///
    /// The per-player loop works on locals: the encoder, writer and framing buffer are moved
    /// out of `self` for its duration (a move, not a copy), so no per-player access to a class
    /// property needs a dynamic exclusivity check, and the metrics are added once per tick.
    private func publishSnapshots() {
        var encoder = SnapshotEncoder()
        swap(&encoder, &self.encoder)
        var writer = BitWriter(capacity: 0)
        swap(&writer, &self.writer)
        var framed: [UInt8] = []
        swap(&framed, &self.framed)
        var centers: [(x: Int32, y: Int32)?] = []
        swap(&centers, &self.viewCenters)
        defer {
            swap(&encoder, &self.encoder)
            swap(&writer, &self.writer)
            swap(&framed, &self.framed)
            swap(&centers, &self.viewCenters)
        }
        encoder.beginTick(entities: game.entities, tick: tick)
        Self.collectViewCenters(of: &game, for: seatedOrder, into: &centers)
        let includeHash = tick % UInt32(configuration.hashInterval) == 0
        var sent = 0
        var sentBytes = 0
        var superseded = 0
        for (index, player) in seatedOrder.enumerated() {
            guard let slot = slots[Int(player)], !slot.closing, slot.detachedAt == nil else { continue }
            guard slot.channel.isWritable() else {
                superseded += 1
                slot.stalledSnapshots += 1
                if slot.stalledSnapshots > configuration.stallSnapshots {
                    drop(slot, reason: "too slow: socket busy for \(configuration.stallSeconds) s")
                }
                continue
            }
            framed.removeAll(keepingCapacity: true)
            if !slot.welcomeSent {
                writer.reset()
                encodeWelcome(for: slot, into: &writer)
                writer.withFinishedBytes { appendFramed($0, to: &framed) }
                slot.welcomeSent = true
            }
            if !slot.pendingEvents.isEmpty {
                writer.reset()
                EventsMessage.encode(tick: tick, events: &slot.pendingEvents, into: &writer)
                writer.withFinishedBytes { appendFramed($0, to: &framed) }
                slot.pendingEvents.removeAll(keepingCapacity: true)
                metrics.eventsSent.increment()
            }
            writer.reset()
            encoder.encode(for: &slot.view, center: centers[index],
                           lastInputSequence: slot.lastAppliedSequence, includeHash: includeHash, into: &writer)
            let snapshotBytes = writer.withFinishedBytes { bytes in
                appendFramed(bytes, to: &framed)
                return bytes.count
            }
            let accepted = framed.withUnsafeBytes { slot.channel.offer($0) }
            // Only this thread makes a channel busy, and it was free a moment ago.
            precondition(accepted, "a free session channel refused output")
            slot.stalledSnapshots = 0
            handoff.add(slot.channel)
            sent += 1
            sentBytes += snapshotBytes
        }
        if superseded > 0 { metrics.snapshotsSuperseded.increment(by: superseded) }
        metrics.snapshotsSent.increment(by: sent)
        metrics.snapshotBytes.increment(by: sentBytes)
        handoff.post()
    }

    /// Every seated player's view centre, in `seatedOrder`. The game is borrowed `inout`:
    /// calling a protocol method on the generic stored property directly would copy the
    /// whole game value (and release the copy) once per player.
    private static func collectViewCenters(of game: inout G, for players: [PlayerID],
                                           into centers: inout [(x: Int32, y: Int32)?]) {
        centers.removeAll(keepingCapacity: true)
        for player in players {
            centers.append(game.viewCenter(of: player))
        }
    }

    private func encodeWelcome(for slot: PlayerSlot, into writer: inout BitWriter) {
        WelcomeMessage(
            playerID: slot.player, entityID: slot.entity, tickRate: UInt16(configuration.tickRate),
            snapshotInterval: UInt8(configuration.snapshotInterval), hashInterval: UInt16(configuration.hashInterval),
            currentTick: tick, resumeToken: slot.resumeToken, game: G.descriptor
        ).encode(into: &writer)
    }
}
