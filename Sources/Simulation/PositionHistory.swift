/// Where things were, tick by tick, for the last `capacity` ticks: what lag compensation judges
/// a shot against (the world as the shooter saw it, up to a cap, `maxUnlag` in Source's words).
/// A fixed ring of frames whose storage is allocated up front for `entriesPerTick` entries a
/// tick and grows (doubling, keeping every frame) only when a tick holds more than ever
/// before: a warmed-up recording allocates nothing. It never drops an entry, so what a look-up
/// finds cannot depend on how big the storage happened to be (a restored keyframe and the
/// original run answer alike).
///
/// Each entry is an entity id, a position and a `life`: a number the game changes when the
/// entity dies and respawns (or is replaced), so that a look-up across a respawn finds nothing
/// instead of where the previous life was (history breaks at death). Deterministic: the same
/// recorded ticks answer the same look-ups, so a replay judges shots as the match did.
public struct PositionHistory: Sendable, Equatable {
    public let capacity: Int
    /// Entries each frame has room for (grows when a tick holds more).
    public private(set) var entriesPerTick: Int

    /// Entries of all frames, frame `f` at `f * entriesPerTick`, sorted by id within a frame
    /// once the frame is ended.
    private var ids: [EntityID]
    private var xs: [Int32]
    private var ys: [Int32]
    private var lives: [UInt32]
    private var counts: [Int]
    private var ticks: [UInt32]
    /// Frames recorded so far (at most `capacity` are kept); the newest is at `(recorded - 1) % capacity`.
    private var recorded = 0
    /// Sort keys of the frame being ended (`id << 32 | index`): scratch, kept between ticks.
    private var keys: [UInt64] = []
    private var scratchX: [Int32] = []
    private var scratchY: [Int32] = []
    private var scratchLife: [UInt32] = []

    public init(ticks capacity: Int, entriesPerTick: Int = 64) {
        precondition(capacity >= 1 && entriesPerTick >= 1, "PositionHistory: at least one tick and one entry")
        self.capacity = capacity
        self.entriesPerTick = entriesPerTick
        ids = Array(repeating: 0, count: capacity * entriesPerTick)
        xs = Array(repeating: 0, count: capacity * entriesPerTick)
        ys = Array(repeating: 0, count: capacity * entriesPerTick)
        lives = Array(repeating: 0, count: capacity * entriesPerTick)
        counts = Array(repeating: 0, count: capacity)
        self.ticks = Array(repeating: 0, count: capacity)
    }

    /// Two histories are equal when they answer every look-up alike (storage size aside).
    public static func == (a: PositionHistory, b: PositionHistory) -> Bool {
        guard a.capacity == b.capacity, a.framesKept == b.framesKept else { return false }
        for back in 0..<a.framesKept {
            let fa = a.frame(back: back), fb = b.frame(back: back)
            guard a.ticks[fa] == b.ticks[fb], a.counts[fa] == b.counts[fb] else { return false }
            let ba = fa * a.entriesPerTick, bb = fb * b.entriesPerTick
            for i in 0..<a.counts[fa] where a.ids[ba + i] != b.ids[bb + i] || a.xs[ba + i] != b.xs[bb + i]
                || a.ys[ba + i] != b.ys[bb + i] || a.lives[ba + i] != b.lives[bb + i] {
                return false
            }
        }
        return true
    }

    /// Frames a look-up can reach.
    public var framesKept: Int { min(capacity, recorded) }

    /// The storage index of the frame `back` ticks before the newest.
    @inline(__always)
    private func frame(back: Int) -> Int { (recorded - 1 - back) % capacity }

    /// Starts the frame of `tick` (replacing the oldest when full); then `add` its entries in
    /// any order and `end` it. Ticks must increase by one per frame.
    public mutating func begin(tick: UInt32) {
        let frame = recorded % capacity
        ticks[frame] = tick
        counts[frame] = 0
        recorded += 1
    }

    /// One entry of the frame begun last, in any order (ids must be distinct within a tick).
    @inline(__always)
    public mutating func add(_ id: EntityID, x: Int32, y: Int32, life: UInt32) {
        guard recorded > 0 else { return }
        let frame = (recorded - 1) % capacity
        if counts[frame] == entriesPerTick { grow() }
        let index = frame * entriesPerTick + counts[frame]
        ids[index] = id
        xs[index] = x
        ys[index] = y
        lives[index] = life
        counts[frame] += 1
    }

    /// Sorts the frame begun last by id, so look-ups can search it; allocates only when the
    /// frame is the largest yet.
    public mutating func end() {
        guard recorded > 0 else { return }
        let frame = (recorded - 1) % capacity
        let count = counts[frame], base = frame * entriesPerTick
        guard count > 1 else { return }
        if keys.count < count {
            keys = Array(repeating: 0, count: entriesPerTick)
            scratchX = Array(repeating: 0, count: entriesPerTick)
            scratchY = Array(repeating: 0, count: entriesPerTick)
            scratchLife = Array(repeating: 0, count: entriesPerTick)
        }
        var sorted = true
        for i in 0..<count {
            keys[i] = UInt64(ids[base + i]) << 32 | UInt64(i)
            if i > 0 && ids[base + i - 1] >= ids[base + i] { sorted = false }
        }
        if sorted { return }
        keys.withUnsafeMutableBufferPointer { InPlaceSort.sort(UnsafeMutableBufferPointer(rebasing: $0[0..<count])) }
        for i in 0..<count {
            let from = base + Int(keys[i] & 0xffff_ffff)
            scratchX[i] = xs[from]
            scratchY[i] = ys[from]
            scratchLife[i] = lives[from]
        }
        for i in 0..<count {
            ids[base + i] = EntityID(truncatingIfNeeded: keys[i] >> 32)
            xs[base + i] = scratchX[i]
            ys[base + i] = scratchY[i]
            lives[base + i] = scratchLife[i]
        }
    }

    /// Doubles every frame's room, keeping what each holds.
    private mutating func grow() {
        let old = entriesPerTick, new = old * 2
        func relayout<T>(_ array: [T], _ zero: T) -> [T] {
            var grown = Array(repeating: zero, count: capacity * new)
            for frame in 0..<capacity {
                for i in 0..<counts[frame] { grown[frame * new + i] = array[frame * old + i] }
            }
            return grown
        }
        ids = relayout(ids, 0)
        xs = relayout(xs, 0)
        ys = relayout(ys, 0)
        lives = relayout(lives, 0)
        entriesPerTick = new
    }

    /// The oldest tick still kept, or nil before the first frame.
    public var oldestTick: UInt32? {
        recorded > 0 ? ticks[frame(back: framesKept - 1)] : nil
    }

    public var newestTick: UInt32? {
        recorded > 0 ? ticks[frame(back: 0)] : nil
    }

    /// Where `id` was at `tick` in its life `life`: nil when that tick is not kept (older than
    /// the cap, or not yet recorded), the entity was not in it, or it was in another life.
    public func position(of id: EntityID, at tick: UInt32, life: UInt32) -> (x: Int32, y: Int32)? {
        guard let newest = newestTick, tick <= newest else { return nil }
        let back = Int(newest &- tick)
        guard back < framesKept else { return nil }
        let frame = frame(back: back)
        guard ticks[frame] == tick else { return nil }
        // Binary search among the frame's sorted ids.
        let start = frame * entriesPerTick, end = start + counts[frame]
        var low = start, high = end
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        guard low < end, ids[low] == id, lives[low] == life else { return nil }
        return (xs[low], ys[low])
    }

    // MARK: Keyframes

    /// Writes every kept frame, oldest first, each entry coded against the same id's entry in
    /// the frame before (most entities moved a few units): about 4 bytes an entry.
    public func save(into writer: inout ByteWriter) {
        writer.varint(UInt64(framesKept))
        guard framesKept > 0 else { return }
        writer.u32(ticks[frame(back: framesKept - 1)])
        var previous = -1
        for back in stride(from: framesKept - 1, through: 0, by: -1) {
            let frame = frame(back: back), base = frame * entriesPerTick, count = counts[frame]
            writer.varint(UInt64(count))
            var lastID: EntityID = 0
            var cursor = previous < 0 ? 0 : previous * entriesPerTick
            let previousEnd = previous < 0 ? 0 : cursor + counts[previous]
            for i in base..<(base + count) {
                let id = ids[i]
                writer.varint(UInt64(id &- lastID))
                lastID = id
                while cursor < previousEnd && ids[cursor] < id { cursor += 1 }
                let matched = cursor < previousEnd && ids[cursor] == id
                writer.varint(Self.zigzag(xs[i] &- (matched ? xs[cursor] : 0)))
                writer.varint(Self.zigzag(ys[i] &- (matched ? ys[cursor] : 0)))
                writer.varint(UInt64(lives[i] &- (matched ? lives[cursor] : 0)))
            }
            previous = frame
        }
    }

    /// Reads what `save` wrote into an empty history of `capacity` ticks, rejecting a frame
    /// count above the capacity, ids not ascending within a frame, and values out of range.
    public static func load(from reader: inout ByteReader, capacity: Int) throws(ByteReadError) -> PositionHistory {
        let frames = try reader.count(atMost: capacity, "history frame count")
        var history = PositionHistory(ticks: capacity)
        guard frames > 0 else { return history }
        let firstTick = try reader.u32()
        // Each frame's entries, to code the next frame against.
        var previousIDs: [EntityID] = [], previousX: [Int32] = [], previousY: [Int32] = [], previousLife: [UInt32] = []
        var frameIDs: [EntityID] = [], frameX: [Int32] = [], frameY: [Int32] = [], frameLife: [UInt32] = []
        for f in 0..<frames {
            let count = try reader.count(atMost: 1 << 20, "history entry count")
            history.begin(tick: firstTick &+ UInt32(f))
            frameIDs.removeAll(keepingCapacity: true); frameX.removeAll(keepingCapacity: true)
            frameY.removeAll(keepingCapacity: true); frameLife.removeAll(keepingCapacity: true)
            var lastID: EntityID = 0, cursor = 0
            for i in 0..<count {
                let at = reader.offset
                let delta = try reader.varint()
                guard delta <= UInt64(UInt32.max), i == 0 || delta > 0, UInt64(lastID) + delta <= UInt64(UInt32.max) else {
                    throw ByteReadError(offset: at, "history ids must ascend within a tick")
                }
                let id = lastID + EntityID(delta)
                lastID = id
                while cursor < previousIDs.count && previousIDs[cursor] < id { cursor += 1 }
                let matched = cursor < previousIDs.count && previousIDs[cursor] == id
                let x = try unzigzag(reader.varint(), at: reader.offset) &+ (matched ? previousX[cursor] : 0)
                let y = try unzigzag(reader.varint(), at: reader.offset) &+ (matched ? previousY[cursor] : 0)
                let lifeAt = reader.offset
                let lifeDelta = try reader.varint()
                guard lifeDelta <= UInt64(UInt32.max) else { throw ByteReadError(offset: lifeAt, "history life out of range") }
                let life = UInt32(lifeDelta) &+ (matched ? previousLife[cursor] : 0)
                history.add(id, x: x, y: y, life: life)
                frameIDs.append(id); frameX.append(x); frameY.append(y); frameLife.append(life)
            }
            swap(&previousIDs, &frameIDs); swap(&previousX, &frameX)
            swap(&previousY, &frameY); swap(&previousLife, &frameLife)
        }
        return history
    }

    @inline(__always)
    static func zigzag(_ value: Int32) -> UInt64 { UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31))) }

    static func unzigzag(_ coded: UInt64, at offset: Int) throws(ByteReadError) -> Int32 {
        guard coded <= UInt64(UInt32.max) else { throw ByteReadError(offset: offset, "history coordinate out of range") }
        let bits = UInt32(coded)
        return Int32(bitPattern: (bits >> 1) ^ (0 &- (bits & 1)))
    }
}
