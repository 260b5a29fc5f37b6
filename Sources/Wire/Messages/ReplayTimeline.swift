/// The parts of a replay's status that rarely change and cost more than a few bytes: the
/// recording's own tick rate (to show time; the welcome's rate includes the playback speed),
/// the ticks a seek can restore directly (the page marks them on its timeline) and everyone
/// who played (the page's "follow" picker). Part of `ReplayStatusMessage`.
///
/// Layout: `tickRate − 1` (ranged 1…65 535, 16 bits) · `keyframes` (`varuint`, ≤ 2³² − 1) · each keyframe tick as a gap, ascending
/// (the first as itself, each later one as `tick − previous − 1`, `varuint`; a tick past
/// 2³² − 1 is rejected) · `players` (`varuint`, ≤ 2³² − 1) · per player `id` (16 bits) and
/// `name` (string ≤ 16), in order of first join.
public struct ReplayTimeline: Hashable, Sendable {
    /// Ticks per second of the recorded match, ≥ 1.
    public var tickRate: UInt16
    /// Strictly ascending.
    public var keyframeTicks: [UInt32]
    public var players: [ReplayPlayer]

    public init(tickRate: UInt16 = 1, keyframeTicks: [UInt32] = [], players: [ReplayPlayer] = []) {
        self.tickRate = tickRate
        self.keyframeTicks = keyframeTicks
        self.players = players
    }

    public mutating func serialize<S: BitStream>(_ stream: inout S) throws(S.Failure) {
        var rate = Int(tickRate)
        try stream.serialize(&rate, min: 1, max: Int(UInt16.max))
        tickRate = UInt16(truncatingIfNeeded: rate)
        // No reserveCapacity for counts read from the wire: every entry costs at least 5
        // bits, so a lying count ends in endOfData, not in a huge allocation.
        var count = UInt32(truncatingIfNeeded: keyframeTicks.count)
        try stream.serializeVarUInt(&count)
        var ticks: [UInt32] = []
        var previous: UInt32?
        for index in 0 ..< Int(count) {
            let start = stream.bitCount
            var gap: UInt32 = 0
            if !stream.isReading {
                let tick = keyframeTicks[index]
                if let previous {
                    precondition(tick > previous, "keyframe ticks must be strictly ascending")
                    gap = tick - previous - 1
                } else {
                    gap = tick
                }
            }
            try stream.serializeVarUInt(&gap)
            // The largest gap that keeps the tick within 32 bits (−1 after a tick of 2³² − 1).
            let limit = Int64(UInt32.max) - (previous.map { Int64($0) + 1 } ?? 0)
            try stream.require(Int64(gap) <= limit,
                               else: .valueOutOfRange(bitOffset: start, value: UInt64(gap), limit: UInt64(Swift.max(0, limit))))
            let tick = previous.map { $0 &+ 1 &+ gap } ?? gap
            ticks.append(tick)
            previous = tick
        }
        keyframeTicks = ticks
        var playerCount = UInt32(truncatingIfNeeded: players.count)
        try stream.serializeVarUInt(&playerCount)
        var decoded: [ReplayPlayer] = []
        for index in 0 ..< Int(playerCount) {
            var player = stream.isReading ? ReplayPlayer(id: 0, name: "") : players[index]
            try stream.serialize(&player.id, bits: 16)
            try stream.serialize(&player.name, maxBytes: HelloMessage.maxNameBytes)
            decoded.append(player)
        }
        players = decoded
    }
}

/// Someone who played in a recorded match.
public struct ReplayPlayer: Hashable, Sendable {
    public var id: UInt16
    public var name: String

    public init(id: UInt16, name: String) {
        self.id = id
        self.name = WireText.truncated(name, toUTF8Bytes: HelloMessage.maxNameBytes)
    }
}
