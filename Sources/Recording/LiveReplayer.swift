import Simulation
import Wire

/// A running room's match re-simulated from its live feed, a broadcast delay behind: the
/// spectators' copy of the match. The room writes its feed exactly as it writes a recording
/// (`MatchRecorder`: a header, a keyframe, then every tick's joins, leaves and inputs with the
/// world hash after the step) into a memory `RecordingSink`; this side takes those bytes a
/// frame at a time, keeps the ticks the delay holds back, and simulates the rest with the same
/// `ReplaySimulation` a replay uses, so every tick hash and keyframe of the room is checked on
/// the way. No file, no index and no seeking: a feed only goes forward.
///
/// Memory is bounded: what waits is the delay's worth of recorded ticks (a few bytes per
/// input), and more than `maxBufferedBytes` ends the feed with a `problem`.
public struct LiveReplayer<G: Game> {
    public let sink: RecordingSink
    public let maxBufferedBytes: Int
    /// The feed's header, once read.
    public private(set) var header: RecordingHeader?
    /// The re-simulation, from the feed's first keyframe on (nil before it).
    public private(set) var simulation: ReplaySimulation<G>?
    /// Ticks the room has finished and fed: the live edge.
    public private(set) var liveTick: UInt32 = 0
    /// The feed's end record was simulated up to: the match is over.
    public private(set) var isFinished = false
    /// Why the feed cannot go on (abandoned, over its bound, unreadable); nil while it can.
    public private(set) var problem: String?
    /// Bytes taken from the sink and not yet simulated, from `readOffset`.
    private var pending: [UInt8] = []
    private var readOffset = 0
    /// Where the first chunk not yet looked at for `liveTick` starts.
    private var scanOffset = 0
    private var incoming: [UInt8] = []
    private var sawEnd = false

    public init(sink: RecordingSink, maxBufferedBytes: Int = 64 << 20) {
        self.sink = sink
        self.maxBufferedBytes = maxBufferedBytes
    }

    /// Bytes waiting to be simulated (what the delay holds back).
    public var bufferedBytes: Int { pending.count - readOffset }

    /// Takes what the room fed since the last call and moves `liveTick` on.
    public mutating func pull() {
        guard problem == nil else { return }
        let (_, abandoned) = sink.take(into: &incoming)
        if let abandoned {
            problem = "the room's spectator feed stopped: \(abandoned)"
            return
        }
        if readOffset > 0 && readOffset >= pending.count / 2 {
            pending.removeSubrange(0 ..< readOffset)
            scanOffset -= readOffset
            readOffset = 0
        }
        pending.append(contentsOf: incoming)
        incoming.removeAll(keepingCapacity: true)
        let framing = RecordingFormat.chunkHeaderSize + RecordingFormat.chunkTrailerSize
        while pending.count - scanOffset >= framing {
            let length = Int(Self.u32(pending, at: scanOffset))
            let next = scanOffset + framing + length
            guard next <= pending.count else { break }
            let kind = pending[scanOffset + 4]
            if kind == RecordingFormat.ChunkKind.tick.rawValue, length >= 4 {
                liveTick = Self.u32(pending, at: scanOffset + RecordingFormat.chunkHeaderSize) &+ 1
            } else if kind == RecordingFormat.ChunkKind.end.rawValue {
                sawEnd = true
            }
            scanOffset = next
        }
        if bufferedBytes > maxBufferedBytes {
            problem = "the spectator feed held more than \(maxBufferedBytes >> 20) MiB"
        }
    }

    /// Whether the simulation has reached `target` ticks (or the feed ended there).
    public func hasReached(_ target: UInt32) -> Bool {
        guard let simulation else { return false }
        return simulation.tick >= target
    }

    /// Simulates the fed ticks up to `target` ticks (never past the live edge), appending the
    /// joins, leaves, chat and the game's events to `events`. Returns the ticks simulated.
    @discardableResult
    public mutating func advance(to target: UInt32, events: inout [GameEvent]) -> Int {
        var simulated = 0
        let framing = RecordingFormat.chunkHeaderSize + RecordingFormat.chunkTrailerSize
        while problem == nil, readOffset < scanOffset {
            let length = Int(Self.u32(pending, at: readOffset))
            let payload = (readOffset + RecordingFormat.chunkHeaderSize) ..< (readOffset + RecordingFormat.chunkHeaderSize + length)
            let next = readOffset + framing + length
            let kind = RecordingFormat.ChunkKind(rawValue: pending[readOffset + 4])
            if kind == .tick, simulation != nil, length >= 4,
               Self.u32(pending, at: payload.lowerBound) >= target { break }
            var reader = ByteReader(pending, range: payload)
            do throws(ByteReadError) {
                switch kind {
                case .header:
                    do {
                        let decoded = try RecordingHeader.decode(&reader)
                        if let mismatch = ReplaySimulation<G>.problem(with: decoded) { problem = mismatch }
                        header = decoded
                    } catch {
                        problem = "the spectator feed's header: \(error)"
                    }
                case .keyframe:
                    let keyframe = try RecordedKeyframe.decode(&reader)
                    if simulation == nil, let header {
                        var fresh = ReplaySimulation<G>(header: header)
                        try fresh.restore(keyframe)
                        simulation = fresh
                    } else {
                        simulation?.check(keyframe)
                    }
                case .tick:
                    // Ticks before the first keyframe cannot be simulated (there is no state).
                    if simulation != nil {
                        let record = try RecordedTick.decode(&reader, inputs: &simulation!.inputs)
                        simulation!.simulate(record, events: &events)
                        simulated += 1
                    }
                case .end:
                    isFinished = true
                case nil:
                    problem = "the spectator feed has a chunk of unknown kind \(pending[readOffset + 4])"
                }
            } catch {
                problem = "the spectator feed's \(kind.map { "\($0)" } ?? "") chunk: \(error.problem)"
            }
            readOffset = next
        }
        return simulated
    }

    /// The feed ended (its end record was read), whether or not the delay has played it out.
    public var feedEnded: Bool { sawEnd }

    @inline(__always)
    private static func u32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
