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

    /// The re-simulation (game, tick, roster, what was checked).
    public private(set) var simulation: ReplaySimulation<G>
    /// The re-simulated game now.
    public var game: G { simulation.game }
    /// Ticks simulated so far (0 = the initial state).
    public var tick: UInt32 { simulation.tick }
    /// Players in the match now, ascending id, with their entities.
    public var roster: [RecordedPlayer] { simulation.roster }
    public var firstDivergence: ReplayDivergence? { simulation.firstDivergence }
    /// Tick hashes and keyframe states compared so far (a seek does not reset them).
    public var hashesChecked: Int { simulation.hashesChecked }
    public var keyframesChecked: Int { simulation.keyframesChecked }

    private var nextOffset: Int
    private var scratchEvents: [GameEvent] = []

    /// Opens `path`, indexes it and positions at tick 0. Throws if the header is unreadable
    /// or names another game or version than `G`.
    public init(path: String) throws(RecordingError) {
        try self.init(file: RecordingFile(path: path))
    }

    public init(file: RecordingFile) throws(RecordingError) {
        self.file = file
        index = try RecordingIndex(file: file)
        let header = index.header
        if let problem = ReplaySimulation<G>.problem(with: header) {
            throw RecordingError(.unsupported, at: RecordingFile.firstChunkOffset, problem)
        }
        simulation = ReplaySimulation(header: header)
        guard let first = index.keyframes.first else {
            throw index.damage ?? RecordingError(.truncated, at: index.readableBytes, "the recording has no keyframe")
        }
        keyframeTicks = index.keyframes.map(\.tick)
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
        simulation.entity(of: player)
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
                    simulation.check(try RecordedKeyframe.decode(&reader))
                case .tick:
                    let record = try RecordedTick.decode(&reader, inputs: &simulation.inputs)
                    simulation.simulate(record, events: &events)
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
            try simulation.restore(try RecordedKeyframe.decode(&reader))
        } catch {
            throw RecordingError(.damaged, at: chunk.payloadOffset + error.offset, "keyframe: \(error.problem)")
        }
        nextOffset = chunk.next
    }
}

/// Where and how a re-simulation first disagreed with its recording.
public struct ReplayDivergence: Equatable, Sendable, CustomStringConvertible {
    /// The tick whose result differs (for a keyframe: the ticks simulated before it).
    public var tick: UInt32
    public var problem: String
    public var description: String { "tick \(tick): \(problem)" }
}
