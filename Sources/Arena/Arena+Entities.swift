import Simulation

/// Rules-only state of one entity, kept in `Arena.slotStates` at the same slot as the entity
/// in `Arena.entities`. Clients never see it, so it costs no bandwidth.
struct SlotState: Sendable {
    /// Projectile: ticks of flight left. Drone: ticks until it picks a new goal.
    var countdown: Int32 = 0
    /// Drone: the point it steers towards.
    var goalX: Int32 = 0
    var goalY: Int32 = 0
    /// Player: its life, counted up at every respawn, so lag compensation never rewinds a
    /// player into its previous life (see `PositionHistory`).
    var life: UInt32 = 0
    /// Projectile: how many ticks back its hits are judged (the shooter's view lag, capped).
    var rewind: Int32 = 0
}

/// Spawning and despawning through one door, so that `slotStates` mirrors the store's slots
/// exactly, and choosing where things appear.
extension Arena {
    /// How far from the world's edge anything spawns (128 world units).
    static let spawnMargin: Int32 = 2_048
    /// A spawn point is "free" when no living player or drone is within this distance
    /// (256 world units, a bit under a player's view radius of 384).
    static let spawnClearance: Int32 = 4_096
    /// Random points tried before settling for an occupied one.
    static let spawnAttempts = 8

    /// Appends an entity of `kind` with all fields 0 (callers fill them in at
    /// `entities.count - 1`) and fresh rules state. Passing no field array keeps spawning
    /// allocation-free once the store has grown.
    mutating func spawnEntity(kind: UInt8) -> EntityID {
        let id = entities.spawn(kind: kind, fields: [])
        slotStates.append(SlotState())
        return id
    }

    /// Removes an entity now, mirroring the store's swap-remove in `slotStates`. Only for
    /// use outside the step's phases (joins, leaves, the final flush).
    mutating func despawnEntity(_ id: EntityID) {
        guard let slot = entities.slot(of: id) else { return }
        entities.despawn(id)
        let last = slotStates.count - 1
        if slot != last { slotStates[slot] = slotStates[last] }
        slotStates.removeLast()
        gridIsStale = true
        assert(slotStates.count == entities.count)
    }

    /// Applies the removals the step's phases queued, in the order they were queued.
    mutating func applyPendingDespawns() {
        var index = 0
        while index < pendingDespawns.count {
            despawnEntity(pendingDespawns[index])
            index += 1
        }
        pendingDespawns.removeAll(keepingCapacity: true)
    }

    /// A random point at least `spawnMargin` inside the world and, given a `spread` (world
    /// units), at most that far from the world's centre on each axis, preferring one with
    /// nobody within `spawnClearance`: "free-ish", since the grid holds positions as of its
    /// last rebuild and up to `spawnAttempts` points are tried before taking the last. A
    /// spread reaching the margin (like the default `spawnSpread`) draws exactly the points
    /// that no spread does.
    mutating func findSpawnPoint(spread: Int32? = nil) -> (x: Int32, y: Int32) {
        if gridIsStale {
            grid.rebuild(from: entities)
            gridIsStale = false
        }
        let range = Self.spawnRange(spread: spread)
        var point = (x: Int32(0), y: Int32(0))
        for _ in 0..<Self.spawnAttempts {
            point = (random.int(in: range), random.int(in: range))
            if isClear(x: point.x, y: point.y) { break }
        }
        return point
    }

    /// How far from a living player (per axis, simulation units: 300 world units) a joiner may
    /// spawn while the match is small: inside each other's view (6,144), and far enough that a
    /// point clear of everyone (`spawnClearance`) is usually found.
    static let joinNearReach: Int32 = 4_800

    /// Where a joining player spawns. While the match has fewer than `joinNearBelow` players,
    /// near a living one chosen by the seeded generator (within `joinNearReach`, inside the
    /// spawn range), so that a second tab, or a friend, finds the first player at once instead
    /// of somewhere in a world of 4,096 units a side; otherwise, or with nobody alive, where
    /// `findSpawnPoint` puts anyone. Respawns always use `findSpawnPoint`.
    mutating func findJoinPoint() -> (x: Int32, y: Int32) {
        guard settings.joinNearBelow > 0 else { return findSpawnPoint(spread: settings.spawnSpread) }
        // Joins are rare: one small array per join is no cost.
        var living: [(x: Int32, y: Int32)] = []
        for state in players {
            guard let state, let slot = entities.slot(of: state.entity),
                  entities[slot, ArenaTables.PlayerField.health] > 0 else { continue }
            living.append((entities[slot, ArenaTables.PlayerField.x], entities[slot, ArenaTables.PlayerField.y]))
        }
        guard !living.isEmpty, living.count < Int(settings.joinNearBelow) else { return findSpawnPoint(spread: settings.spawnSpread) }
        let near = living[Int(random.below(UInt32(living.count)))]
        let range = Self.spawnRange(spread: settings.spawnSpread)
        let xs = max(range.lowerBound, near.x - Self.joinNearReach)...max(range.lowerBound, min(range.upperBound, near.x + Self.joinNearReach))
        let ys = max(range.lowerBound, near.y - Self.joinNearReach)...max(range.lowerBound, min(range.upperBound, near.y + Self.joinNearReach))
        if gridIsStale {
            grid.rebuild(from: entities)
            gridIsStale = false
        }
        var point = (x: xs.lowerBound, y: ys.lowerBound)
        for _ in 0..<Self.spawnAttempts {
            point = (random.int(in: xs), random.int(in: ys))
            if isClear(x: point.x, y: point.y) { break }
        }
        return point
    }

    /// The coordinates (either axis) a spawn point is drawn from: the world less
    /// `spawnMargin`, narrowed to `spread` world units around the centre when given.
    static func spawnRange(spread: Int32?) -> ClosedRange<Int32> {
        let low = ArenaRules.worldMin + spawnMargin, high = ArenaRules.worldMax - spawnMargin
        guard let spread else { return low...high }
        let centre = ArenaRules.worldMin + (ArenaRules.worldMax - ArenaRules.worldMin + 1) / 2
        let reach = max(0, spread) * ArenaRules.unitsPerWorldUnit
        return max(low, centre - reach)...min(high, centre + reach)
    }

    /// Whether no living player or drone indexed by the grid is within `spawnClearance`.
    func isClear(x: Int32, y: Int32) -> Bool {
        let clearance = Self.spawnClearance
        let limit = Int64(clearance) * Int64(clearance)
        var clear = true
        grid.forEachSlot(minX: x - clearance, minY: y - clearance, maxX: x + clearance, maxY: y + clearance) { slot in
            guard clear, isLivingTarget(slot) else { return }
            if distanceSquared(slot: slot, x: x, y: y) <= limit { clear = false }
        }
        return clear
    }

    /// Whether the entity at `slot` is a living player or drone: the things that block
    /// spawn points and can be hit.
    @inline(__always)
    func isLivingTarget(_ slot: Int) -> Bool {
        switch entities.kinds[slot] {
        case ArenaTables.playerKind: entities[slot, ArenaTables.PlayerField.health] > 0
        case ArenaTables.droneKind: entities[slot, ArenaTables.DroneField.health] > 0
        default: false
        }
    }

    /// Squared distance from the entity at `slot` to (`x`, `y`), exact in 64 bits.
    @inline(__always)
    func distanceSquared(slot: Int, x: Int32, y: Int32) -> Int64 {
        let dx = Int64(entities.x(at: slot)) - Int64(x)
        let dy = Int64(entities.y(at: slot)) - Int64(y)
        return dx * dx + dy * dy
    }
}
