import Simulation

/// Rules-only state of one entity, kept in `Arena.slotStates` at the same slot as the entity
/// in `Arena.entities`. Clients never see it, so it costs no bandwidth.
struct SlotState: Sendable {
    /// Projectile: ticks of flight left. Drone: ticks until it picks a new goal.
    var countdown: Int32 = 0
    /// Drone: the point it steers towards.
    var goalX: Int32 = 0
    var goalY: Int32 = 0
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
