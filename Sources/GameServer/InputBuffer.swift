import Wire

/// A player's inputs waiting to be applied, keyed by sequence number. Inputs arrive repeated
/// (each message carries the last few) and in bursts; the buffer absorbs the jitter so one input
/// is applied per tick. It holds at most `capacity` inputs: a client that runs ahead loses its
/// oldest unapplied inputs (counted), so input latency stays bounded. Owned by the game thread.
struct InputBuffer {
    static let capacity = 16
    /// How many ticks the last input is repeated when the next has not arrived (a late packet
    /// then costs nothing visible); after that one neutral input stops the player (the
    /// `Game.apply` contract).
    static let holdTicks = 3
    /// A backlog deeper than this many inputs that lasts `drainAfterTicks` ticks is standing
    /// latency, not jitter: after a freeze, TCP delivers the held inputs in a burst, and one
    /// applied per tick would keep the whole burst queued for as long as the player plays. An
    /// honest link's jitter lets the depth fall to this level again and again, so it is never
    /// drained.
    static let standingDepth = 3
    static let drainAfterTicks = 30

    private var slots: [PlayerInput?] = Array(repeating: nil, count: capacity)
    private(set) var lastApplied: UInt32 = 0
    private var hasApplied = false
    private var lastInput: PlayerInput?
    private var held = 0
    private(set) var bufferedCount = 0
    private(set) var dropped = 0
    /// Inputs merged into the next to drain a standing backlog (their triggers kept).
    private(set) var merged = 0
    /// Consecutive ticks with more than `standingDepth` inputs waiting.
    private var deepTicks = 0

    /// Offers one received input; old and duplicate ones are ignored. Returns false if an
    /// older unapplied input had to be dropped to make room.
    @discardableResult
    mutating func offer(_ input: PlayerInput) -> Bool {
        if hasApplied && !SequenceNumber.isNewer(input.sequence, than: lastApplied) { return true }
        let index = Int(input.sequence % UInt32(Self.capacity))
        if let existing = slots[index] {
            if existing.sequence == input.sequence { return true }
            if SequenceNumber.isNewer(existing.sequence, than: input.sequence) { return true }
            // An older input still sits in this slot: the client is `capacity` inputs ahead of
            // the tick, so its oldest input gives way.
            dropped += 1
            slots[index] = input
            return false
        }
        slots[index] = input
        bufferedCount += 1
        return true
    }

    /// The input to apply this tick: the next in sequence if it is here, else the oldest newer
    /// one (the client skipped numbers), else the last input repeated (its `release` fields at
    /// rest) for `holdTicks` ticks, then once the resting input that stops the player, else
    /// nil. `table` is the game's: it says which fields rest when.
    mutating func next(table: InputTable) -> PlayerInput? {
        deepTicks = bufferedCount > Self.standingDepth ? deepTicks + 1 : 0
        if deepTicks >= Self.drainAfterTicks, let older = takeOldest(), let newer = takeOldest() {
            // Two inputs this tick, one per tick faster than they come, until the backlog is
            // down to the standing depth: latency returns to the link's within a second.
            merged += 1
            let input = table.merging(older, into: newer)
            lastApplied = input.sequence
            hasApplied = true
            lastInput = input
            held = 0
            return input
        }
        if let input = takeOldest() {
            lastApplied = input.sequence
            hasApplied = true
            lastInput = input
            held = 0
            return input
        }
        guard let last = lastInput, held <= Self.holdTicks else { return nil }
        held += 1
        return held > Self.holdTicks ? table.resting(last) : table.repeated(last)
    }

    private mutating func takeOldest() -> PlayerInput? {
        guard bufferedCount > 0 else { return nil }
        var best: Int?
        for index in 0..<Self.capacity {
            guard let candidate = slots[index] else { continue }
            if hasApplied && !SequenceNumber.isNewer(candidate.sequence, than: lastApplied) {
                slots[index] = nil
                bufferedCount -= 1
                continue
            }
            if let current = best, let chosen = slots[current], !SequenceNumber.isNewer(chosen.sequence, than: candidate.sequence) {
                continue
            }
            best = index
        }
        guard let index = best, let input = slots[index] else { return nil }
        slots[index] = nil
        bufferedCount -= 1
        return input
    }
}
