/// Where things were, tick by tick, for the last `capacity` ticks: what lag compensation judges
/// a shot against (the world as the shooter saw it, up to a cap, `maxUnlag` in Source's words).
/// A fixed ring of frames whose storage is allocated once, at `init`, for up to `maxEntries`
/// entries a tick: recording every tick allocates nothing.
///
/// Each entry is an entity id, a position and a `life`: a number the game changes when the
/// entity dies and respawns (or is replaced), so that a look-up across a respawn finds nothing
/// instead of where the previous life was (history breaks at death). Deterministic: the same
/// recorded ticks answer the same look-ups, so a replay judges shots as the match did.
public struct PositionHistory: Sendable {
    public let capacity: Int
    public let maxEntries: Int

    /// Entries of all frames, frame `f` at `f * maxEntries`, sorted by id within a frame.
    private var ids: [EntityID]
    private var xs: [Int32]
    private var ys: [Int32]
    private var lives: [UInt32]
    private var counts: [Int]
    private var ticks: [UInt32]
    /// Frames recorded so far (at most `capacity` are kept); the newest is at `(recorded - 1) % capacity`.
    private var recorded = 0

    public init(ticks capacity: Int, maxEntries: Int) {
        precondition(capacity >= 1 && maxEntries >= 0, "PositionHistory: at least one tick")
        self.capacity = capacity
        self.maxEntries = maxEntries
        ids = Array(repeating: 0, count: capacity * maxEntries)
        xs = Array(repeating: 0, count: capacity * maxEntries)
        ys = Array(repeating: 0, count: capacity * maxEntries)
        lives = Array(repeating: 0, count: capacity * maxEntries)
        counts = Array(repeating: 0, count: capacity)
        self.ticks = Array(repeating: 0, count: capacity)
    }

    /// Starts the frame of `tick` (replacing the oldest when full); then `add` its entries in
    /// ascending id order. Ticks must increase by one per frame.
    public mutating func begin(tick: UInt32) {
        let frame = recorded % capacity
        ticks[frame] = tick
        counts[frame] = 0
        recorded += 1
    }

    /// One entry of the frame begun last. Entries past `maxEntries` are not kept (a look-up
    /// then finds nothing: the shot is judged against the present, never against garbage).
    @inline(__always)
    public mutating func add(_ id: EntityID, x: Int32, y: Int32, life: UInt32) {
        guard recorded > 0 else { return }
        let frame = (recorded - 1) % capacity
        let count = counts[frame]
        guard count < maxEntries else { return }
        precondition(count == 0 || ids[frame * maxEntries + count - 1] < id, "PositionHistory: ids must ascend within a tick")
        let index = frame * maxEntries + count
        ids[index] = id
        xs[index] = x
        ys[index] = y
        lives[index] = life
        counts[frame] = count + 1
    }

    /// The oldest tick still kept, or nil before the first frame.
    public var oldestTick: UInt32? {
        guard recorded > 0 else { return nil }
        return ticks[recorded <= capacity ? 0 : recorded % capacity]
    }

    public var newestTick: UInt32? {
        recorded > 0 ? ticks[(recorded - 1) % capacity] : nil
    }

    /// Where `id` was at `tick` in its life `life`: nil when that tick is not kept (older than
    /// the cap, or not yet recorded), the entity was not in it, or it was in another life.
    public func position(of id: EntityID, at tick: UInt32, life: UInt32) -> (x: Int32, y: Int32)? {
        guard let newest = newestTick else { return nil }
        let back = Int(newest &- tick)
        guard tick <= newest, back < min(capacity, recorded) else { return nil }
        let frame = (recorded - 1 - back) % capacity
        guard ticks[frame] == tick else { return nil }
        // Binary search among the frame's sorted ids.
        var low = frame * maxEntries, high = low + counts[frame]
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        guard low < frame * maxEntries + counts[frame], ids[low] == id, lives[low] == life else { return nil }
        return (xs[low], ys[low])
    }
}
