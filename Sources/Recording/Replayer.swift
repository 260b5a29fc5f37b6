import Simulation
import Wire

/// Plays a recording back by re-simulating it: a fresh game from the header's seed and
/// settings, fed the recorded joins, leaves and inputs in the recorded order. Every tick's
/// world hash and every keyframe's full state are compared with the recording; the first
/// difference is kept in `firstDivergence` (the recording and this build of the game
/// disagree from there on).
///
/// Seeking restores the nearest keyframe at or before the target and simulates forward from
/// there, so a jump costs at most one keyframe interval of simulation.
public struct Replayer<G: Game> {
    public let file: RecordingFile
    public private(set) var index: RecordingIndex
    public var header: RecordingHeader { index.header }
    /// Ticks a seek can land on without simulating, ascending; the first is 0.
    public private(set) var keyframeTicks: [UInt32]
    /// Ticks in the readable part of the file.
    public var endTick: UInt32 { index.endTick }
    /// Where watching ends: the end of match time for a finished match (the ticks after the
    /// last player left are recorded for verification, not shown), else the readable end.
    public var playbackEndTick: UInt32 { index.end.map { min($0.matchTicks, index.endTick) } ?? index.endTick }
    /// Everyone who ever played, in order of first join.
    public var everyone: [(player: PlayerID, name: String)] { index.everyone }

    /// The re-simulated game now.
    public private(set) var game: G
    /// Ticks simulated so far (0 = the initial state).
    public private(set) var tick: UInt32 = 0
    /// Players in the match now, ascending id, with their entities.
    public private(set) var roster: [RecordedPlayer] = []
    public private(set) var firstDivergence: ReplayDivergence?
    /// Tick hashes and keyframe states compared so far (a seek does not reset them).
    public private(set) var hashesChecked = 0
    public private(set) var keyframesChecked = 0

    private var nextOffset: Int
    private var inputs: RecordedInputs
    private var scratchEvents: [GameEvent] = []
    private var stateWriter = ByteWriter(capacity: 1 << 16)

    /// Opens `path`, indexes it and positions at tick 0. Throws if the header is unreadable
    /// or names another game or version than `G`.
    public init(path: String) throws(RecordingError) {
        try self.init(file: RecordingFile(path: path))
    }

    public init(file: RecordingFile) throws(RecordingError) {
        self.file = file
        index = try RecordingIndex(file: file)
        let header = index.header
        guard header.gameName == G.descriptor.name, header.gameVersion == G.descriptor.version else {
            throw RecordingError(.unsupported, at: RecordingFile.firstChunkOffset,
                                 "a recording of \(header.gameName) version \(header.gameVersion); this replays \(G.descriptor.name) version \(G.descriptor.version)")
        }
        guard header.inputs == G.descriptor.inputs else {
            throw RecordingError(.unsupported, at: RecordingFile.firstChunkOffset,
                                 "the recording's input fields (\(header.inputs.fields.map(\.name).joined(separator: ", "))) are not \(G.descriptor.name)'s")
        }
        inputs = RecordedInputs(header: header)
        guard let first = index.keyframes.first else {
            throw index.damage ?? RecordingError(.truncated, at: index.readableBytes, "the recording has no keyframe")
        }
        keyframeTicks = index.keyframes.map(\.tick)
        game = G(seed: header.seed, settings: header.settings)
        nextOffset = first.offset
        try restore(first)
    }

    /// Whether the recording ended cleanly (its end record was read); until then the file may
    /// still grow, and `refresh` takes what was added.
    public var isComplete: Bool { index.end != nil }

    /// Reads what a running match appended to the file since it was opened or last refreshed:
    /// `endTick`, `keyframeTicks` and `everyone` grow. Returns whether ticks were added.
    @discardableResult
    public mutating func refresh() -> Bool {
        guard !isComplete, file.refreshSize() || index.damage?.kind == .truncated else { return false }
        guard index.extend(file) else { return false }
        keyframeTicks = index.keyframes.map(\.tick)
        return true
    }

    /// The entity `player` controls now, nil if it is not in the match.
    public func entity(of player: PlayerID) -> EntityID? {
        roster.first { $0.player == player }?.entity
    }

    /// Simulates the next recorded tick, appending `.joined`/`.left` and the game's own
    /// events to `events`. Returns false at the end of the readable part.
    public mutating func step(events: inout [GameEvent]) throws(RecordingError) -> Bool {
        while tick < endTick {
            guard let chunk = try file.chunk(at: nextOffset) else { return false }
            nextOffset = chunk.next
            var reader = ByteReader(chunk.payload)
            do throws(ByteReadError) {
                switch chunk.kind {
                case .keyframe:
                    check(try RecordedKeyframe.decode(&reader))
                    inputs.reset()
                case .tick:
                    let record = try RecordedTick.decode(&reader, inputs: &inputs)
                    simulate(record, events: &events)
                    return true
                case .header, .end:
                    return false
                }
            } catch {
                throw RecordingError(.damaged, at: chunk.payloadOffset + error.offset, "\(chunk.kind) chunk: \(error.problem)")
            }
        }
        return false
    }

    /// Jumps to `target` (clamped to 0...endTick): restores the last keyframe at or before it,
    /// then simulates forward without reporting events.
    public mutating func seek(to target: UInt32) throws(RecordingError) {
        let target = min(target, endTick)
        // Keyframe 0 always exists, so there is one at or before any target. Restore it when
        // going back, or when it lies ahead of where we are (cheaper than simulating there).
        let keyframe = index.keyframe(atOrBefore: target)!
        if target < tick || keyframe.tick > tick {
            try restore(keyframe)
        }
        var discarded: [GameEvent] = []
        swap(&discarded, &scratchEvents)
        defer { swap(&discarded, &scratchEvents) }
        while tick < target {
            discarded.removeAll(keepingCapacity: true)
            guard try step(events: &discarded) else { break }
        }
        discarded.removeAll(keepingCapacity: true)
    }

    private mutating func restore(_ keyframe: RecordingIndex.Keyframe) throws(RecordingError) {
        guard let chunk = try file.chunk(at: keyframe.offset), chunk.kind == .keyframe else {
            throw RecordingError(.damaged, at: keyframe.offset, "the indexed keyframe is gone")
        }
        var reader = ByteReader(chunk.payload)
        do throws(ByteReadError) {
            let record = try RecordedKeyframe.decode(&reader)
            var fresh = G(seed: header.seed, settings: header.settings)
            var state = ByteReader(record.state)
            try fresh.restoreState(from: &state)
            try state.expectEnd("the game state")
            game = fresh
            tick = record.tick
            roster = record.roster.sorted { $0.player < $1.player }
            if WorldHash.of(game.entities) != record.hash {
                diverged("the keyframe's state does not match its own hash")
            }
        } catch {
            throw RecordingError(.damaged, at: chunk.payloadOffset + error.offset, "keyframe: \(error.problem)")
        }
        inputs.reset()
        nextOffset = chunk.next
    }

    private mutating func simulate(_ record: RecordedTick, events: inout [GameEvent]) {
        for operation in record.operations {
            switch operation {
            case let .join(player, name, entity):
                let spawned = game.addPlayer(player, name: name)
                if spawned != entity { diverged("player \(player) joined as entity \(spawned), recorded \(entity)") }
                roster.removeAll { $0.player == player }
                roster.insert(RecordedPlayer(player: player, entity: spawned, name: name), at: roster.firstIndex { $0.player > player } ?? roster.count)
                events.append(.joined(player: player, name: name))
            case let .leave(player):
                game.removePlayer(player)
                roster.removeAll { $0.player == player }
                events.append(.left(player: player))
            case let .input(player, input):
                game.apply(input, for: player)
            case let .chat(player, text):
                events.append(.chat(player: player, text: text))
            }
        }
        game.step(tick: record.tick, events: &events)
        tick += 1
        hashesChecked += 1
        let hash = WorldHash.of(game.entities)
        if hash != record.hash { diverged("world hash \(hex(hash)), recorded \(hex(record.hash))", at: record.tick) }
    }

    private mutating func check(_ keyframe: RecordedKeyframe) {
        keyframesChecked += 1
        stateWriter.reset()
        game.saveState(into: &stateWriter)
        if stateWriter.bytes != keyframe.state {
            diverged("the keyframe's full state differs from the re-simulated one (hash recorded \(hex(keyframe.hash)), re-simulated \(hex(WorldHash.of(game.entities))))")
        }
    }

    private mutating func diverged(_ problem: String, at tick: UInt32? = nil) {
        guard firstDivergence == nil else { return }
        firstDivergence = ReplayDivergence(tick: tick ?? self.tick, problem: problem)
    }
}

/// Where and how a re-simulation first disagreed with its recording.
public struct ReplayDivergence: Equatable, Sendable, CustomStringConvertible {
    /// The tick whose result differs (for a keyframe: the ticks simulated before it).
    public var tick: UInt32
    public var problem: String
    public var description: String { "tick \(tick): \(problem)" }
}
