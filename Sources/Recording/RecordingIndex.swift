import Simulation

/// One pass over a recording: checks every chunk and the order of ticks and keyframes, and
/// keeps what replays and `replay info` need (where the keyframes are, who played, how far the
/// readable part goes). Reading stops at the first problem, which is kept in `damage`:
/// everything before it is usable.
public struct RecordingIndex: Sendable {
    public struct Keyframe: Sendable, Equatable {
        public var tick: UInt32
        /// Offset of the keyframe chunk in the file.
        public var offset: Int
    }

    public var header: RecordingHeader
    public var keyframes: [Keyframe] = []
    /// Ticks in the readable part: the tick chunks read are 0 ..< `endTick`.
    public var endTick: UInt32 = 0
    /// Everyone who joined, in order of first join, with the name of that join.
    public var everyone: [(player: PlayerID, name: String)] = []
    /// Most players present at once.
    public var peakPlayers = 0
    public var inputCount = 0
    public var joinCount = 0
    public var leaveCount = 0
    /// Chat lines the room relayed (version 2 files; none in version 1).
    public var chatCount = 0
    /// The end record, when the match ended cleanly.
    public var end: RecordedEnd?
    /// Why reading stopped before the end of the file, if it did.
    public var damage: RecordingError?
    /// Offset just past the last good chunk.
    public var readableBytes: Int
    public var fileSize: Int
    /// Bytes in each kind of chunk, framing included.
    public var bytesByKind: [RecordingFormat.ChunkKind: Int] = [:]

    /// Where the scan stands, so `extend` can go on from there when the file grows.
    private var inputs: RecordedInputs
    private var present: [PlayerID: String] = [:]
    private var seen = Set<PlayerID>()

    /// Reads `file` from the start, handing each tick to `visit` (tools that list inputs).
    /// Throws only when not even the header is readable.
    public init(file: RecordingFile, visit: ((RecordedTick) -> Void)? = nil) throws(RecordingError) {
        fileSize = file.size
        let (header, next) = try Self.readHeader(file)
        self.header = header
        inputs = RecordedInputs(header: header)
        bytesByKind[.header] = next - RecordingFile.firstChunkOffset
        readableBytes = next
        do {
            try scan(file, from: next, visit: visit)
        } catch {
            damage = error
        }
    }

    /// The header alone, and the offset of the chunk after it.
    public static func readHeader(_ file: RecordingFile) throws(RecordingError) -> (RecordingHeader, next: Int) {
        let offset = RecordingFile.firstChunkOffset
        guard let first = try file.chunk(at: offset) else {
            throw RecordingError(.truncated, at: offset, "the file ends before the header")
        }
        guard first.kind == .header else {
            throw RecordingError(.damaged, at: offset, "the first chunk is a \(first.kind) chunk, not the header")
        }
        var reader = ByteReader(first.payload)
        do {
            return (try RecordingHeader.decode(&reader), first.next)
        } catch {
            switch error {
            case let .damaged(problem): throw RecordingError(.damaged, at: first.payloadOffset + problem.offset, "header: \(problem.problem)")
            case let .unsupported(problem): throw RecordingError(.unsupported, at: first.payloadOffset, problem)
            }
        }
    }

    /// Walks chunks after the header until the end or the first problem.
    /// Reads what was appended since: a recording still being written (a running match) grows,
    /// and its tail, cut mid-chunk a moment ago, may be whole now. Does nothing once the end
    /// record was read or after real damage. Returns whether ticks were added.
    @discardableResult
    public mutating func extend(_ file: RecordingFile) -> Bool {
        guard end == nil, damage == nil || damage?.kind == .truncated else { return false }
        let before = endTick
        fileSize = file.size
        damage = nil
        do {
            try scan(file, from: readableBytes, visit: nil)
        } catch {
            damage = error
        }
        return endTick > before
    }

    private mutating func scan(_ file: RecordingFile, from start: Int, visit: ((RecordedTick) -> Void)?) throws(RecordingError) {
        var offset = start
        while let chunk = try file.chunk(at: offset) {
            var reader = ByteReader(chunk.payload)
            do throws(ByteReadError) {
                guard end == nil else {
                    throw ByteReadError(offset: 0, "a \(chunk.kind) chunk after the end record")
                }
                switch chunk.kind {
                case .header:
                    throw ByteReadError(offset: 0, "a second header")
                case .keyframe:
                    let keyframe = try RecordedKeyframe.decode(&reader)
                    guard keyframe.tick == endTick else {
                        throw ByteReadError(offset: 0, "keyframe for tick \(keyframe.tick) where tick \(endTick) was due")
                    }
                    keyframes.append(Keyframe(tick: keyframe.tick, offset: chunk.offset))
                    inputs.reset()
                case .tick:
                    guard !keyframes.isEmpty else { throw ByteReadError(offset: 0, "a tick before the first keyframe") }
                    let tick = try RecordedTick.decode(&reader, inputs: &inputs)
                    guard tick.tick == endTick else {
                        throw ByteReadError(offset: 0, "tick \(tick.tick) where tick \(endTick) was due")
                    }
                    for operation in tick.operations {
                        switch operation {
                        case let .join(player, name, _):
                            joinCount += 1
                            present[player] = name
                            if seen.insert(player).inserted { everyone.append((player, name)) }
                        case let .leave(player):
                            leaveCount += 1
                            present[player] = nil
                        case .input:
                            inputCount += 1
                        case .chat:
                            chatCount += 1
                        }
                    }
                    peakPlayers = max(peakPlayers, present.count)
                    endTick += 1
                    visit?(tick)
                case .end:
                    let record = try RecordedEnd.decode(&reader)
                    guard record.ticks == endTick else {
                        throw ByteReadError(offset: 0, "the end record says \(record.ticks) ticks, \(endTick) were recorded")
                    }
                    guard record.players == everyone.count,
                          record.names == everyone.prefix(RecordedEnd.maxNames).map(\.name) else {
                        throw ByteReadError(offset: 0, "the end record's players (\(record.players)) are not those who joined (\(everyone.count))")
                    }
                    end = record
                }
            } catch {
                throw RecordingError(.damaged, at: chunk.payloadOffset + error.offset, "\(chunk.kind) chunk: \(error.problem)")
            }
            bytesByKind[chunk.kind, default: 0] += chunk.next - chunk.offset
            offset = chunk.next
            readableBytes = offset
        }
    }

    /// The last keyframe at or before `tick`.
    public func keyframe(atOrBefore tick: UInt32) -> Keyframe? {
        var low = 0, high = keyframes.count
        while low < high {
            let middle = (low + high) / 2
            if keyframes[middle].tick <= tick { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : keyframes[low - 1]
    }
}
