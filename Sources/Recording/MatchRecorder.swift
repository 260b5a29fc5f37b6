import Simulation
import Wire

/// The game thread's side of recording a match: it writes, as the room makes them, the
/// calls to the game (joins, leaves, inputs), the world hash after each step and, every
/// `keyframeInterval` ticks, the full state, framed as chunks, and hands each tick's bytes to
/// the sink. The work per tick is a few bytes per input into a reused buffer, one hash and
/// one short lock; checksums and disk writes happen on the writer thread.
public struct MatchRecorder {
    public let sink: RecordingSink
    public let keyframeInterval: UInt32
    private var buffer = ByteWriter(capacity: 1 << 16)
    private var inputs: RecordedInputs
    private var chunkStart = -1
    /// False once the sink refused bytes (abandoned): recording stops, the match goes on.
    public private(set) var isRecording = true
    /// Player ids that joined, and the first names, for the end record.
    private var joined = Set<PlayerID>()
    private var names: [String] = []

    public init(sink: RecordingSink, header: RecordingHeader) {
        self.sink = sink
        keyframeInterval = header.keyframeInterval
        inputs = RecordedInputs(header: header)
        let start = ChunkFraming.begin(.header, in: &buffer)
        header.encode(into: &buffer)
        ChunkFraming.end(startedAt: start, in: &buffer)
        handOff()
    }

    /// Whether a keyframe is due before simulating `tick`.
    @inline(__always)
    public func keyframeDue(before tick: UInt32) -> Bool {
        isRecording && tick % keyframeInterval == 0
    }

    /// Records the full state between ticks (after `tick` ticks were simulated). `roster` is
    /// every player in the game, ascending id.
    public mutating func keyframe<G: Game>(of game: inout G, tick: UInt32, roster: some Sequence<RecordedPlayer>) {
        guard isRecording else { return }
        let start = ChunkFraming.begin(.keyframe, in: &buffer)
        RecordedKeyframe.encode(tick: tick, hash: WorldHash.of(game.entities), roster: roster, into: &buffer) { writer in
            game.saveState(into: &writer)
        }
        ChunkFraming.end(startedAt: start, in: &buffer)
        inputs.reset()
        handOff()
    }

    @inline(__always)
    public mutating func beginTick(_ tick: UInt32) {
        guard isRecording else { return }
        chunkStart = ChunkFraming.begin(.tick, in: &buffer)
        buffer.u32(tick)
    }

    @inline(__always)
    public mutating func join(_ player: PlayerID, name: String, entity: EntityID) {
        guard isRecording else { return }
        RecordedTick.encodeJoin(player, name: name, entity: entity, into: &buffer, inputs: &inputs)
        if joined.insert(player).inserted && names.count < RecordedEnd.maxNames { names.append(name) }
    }

    @inline(__always)
    public mutating func leave(_ player: PlayerID) {
        guard isRecording else { return }
        RecordedTick.encodeLeave(player, into: &buffer)
    }

    public mutating func chat(_ player: PlayerID, text: String) {
        guard isRecording else { return }
        RecordedTick.encodeChat(player, text: text, into: &buffer)
    }

    @inline(__always)
    public mutating func input(_ input: PlayerInput, for player: PlayerID) {
        guard isRecording else { return }
        RecordedTick.encodeInput(input, for: player, into: &buffer, inputs: &inputs)
    }

    /// Closes the tick with the world hash after its step and hands it to the writer.
    @inline(__always)
    public mutating func endTick(hash: UInt64) {
        guard isRecording else { return }
        RecordedTick.encodeEnd(hash: hash, into: &buffer)
        ChunkFraming.end(startedAt: chunkStart, in: &buffer)
        handOff()
    }

    /// The match is over: an end record, and the sink is closed. `matchTicks` (default: all
    /// `ticks`) is where match time ended: the tick after the one in which the last connected
    /// player left (see `RecordedEnd.matchTicks`).
    public mutating func finish(ticks: UInt32, matchTicks: UInt32? = nil, reason: String) {
        if isRecording {
            let start = ChunkFraming.begin(.end, in: &buffer)
            RecordedEnd(ticks: ticks, reason: reason, players: joined.count, names: names, matchTicks: matchTicks).encode(into: &buffer)
            ChunkFraming.end(startedAt: start, in: &buffer)
            handOff()
        }
        isRecording = false
        sink.finish()
    }

    private mutating func handOff() {
        let accepted = buffer.bytes.withUnsafeBytes { sink.append($0) }
        buffer.reset()
        if !accepted { isRecording = false }
    }
}
