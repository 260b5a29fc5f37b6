import Simulation
import Wire

/// The re-simulation behind every replay: a game fed recorded keyframes and ticks, checked
/// against their hashes and states as it goes. `Replayer` drives it from a file (and seeks);
/// `LiveReplayer` drives it from a running room's feed, a broadcast delay behind. One copy
/// of the rules of replaying, whatever the bytes come from.
public struct ReplaySimulation<G: Game> {
    public let header: RecordingHeader
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
    /// The decoder state of the recorded inputs (each input is stored against the last).
    var inputs: RecordedInputs
    private var stateWriter = ByteWriter(capacity: 1 << 16)

    public init(header: RecordingHeader) {
        self.header = header
        game = G(seed: header.seed, settings: header.settings)
        inputs = RecordedInputs(header: header)
    }

    /// Whether `header` is a recording of `G` that this build can replay; why not otherwise.
    public static func problem(with header: RecordingHeader) -> String? {
        guard header.gameName == G.descriptor.name, header.gameVersion == G.descriptor.version else {
            return "a recording of \(header.gameName) version \(header.gameVersion); this replays \(G.descriptor.name) version \(G.descriptor.version)"
        }
        guard header.inputs == G.descriptor.inputs else {
            return "the recording's input fields (\(header.inputs.fields.map(\.name).joined(separator: ", "))) are not \(G.descriptor.name)'s"
        }
        return nil
    }

    /// Starts over from `record`'s state (a seek, or the first keyframe of a live feed).
    mutating func restore(_ record: RecordedKeyframe) throws(ByteReadError) {
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
        inputs.reset()
    }

    /// One keyframe met while playing on: its state must be the re-simulated one.
    mutating func check(_ keyframe: RecordedKeyframe) {
        keyframesChecked += 1
        stateWriter.reset()
        game.saveState(into: &stateWriter)
        if stateWriter.bytes != keyframe.state {
            diverged("the keyframe's full state differs from the re-simulated one (hash recorded \(hex(keyframe.hash)), re-simulated \(hex(WorldHash.of(game.entities))))")
        }
        inputs.reset()
    }

    /// Applies one tick's recorded calls, steps the game and compares the world hash.
    mutating func simulate(_ record: RecordedTick, events: inout [GameEvent]) {
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

    /// The entity `player` controls now, nil if it is not in the match.
    public func entity(of player: PlayerID) -> EntityID? {
        roster.first { $0.player == player }?.entity
    }

    mutating func diverged(_ problem: String, at tick: UInt32? = nil) {
        guard firstDivergence == nil else { return }
        firstDivergence = ReplayDivergence(tick: tick ?? self.tick, problem: problem)
    }
}
