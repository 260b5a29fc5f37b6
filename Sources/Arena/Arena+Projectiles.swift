import Simulation
import Wire

/// Projectiles: fired by players, they fly straight at `projectileSpeed`, expire after
/// `projectileLifetime` ticks or at the world's edge, and hit the nearest living player
/// (not their owner) or drone they overlap. Hit tests are circle overlaps in exact 64-bit
/// integer math against candidates from the collision grid; with lag compensation, against
/// where the candidates were `rewind` ticks earlier (see `Arena+LagCompensation`).
extension Arena {
    /// Projectile radius (4 world units).
    public static let projectileRadius: Int32 = 64

    /// Spawns a projectile at the rim of the firing player's body, heading `angle`.
    mutating func fireProjectile(x: Int32, y: Int32, angle: Int32, owner: PlayerID, rewind: Int32) {
        _ = spawnEntity(kind: ArenaTables.projectileKind)
        let slot = entities.count - 1
        entities[slot, ArenaTables.ProjectileField.x] = x + IntegerTrig.scale(IntegerTrig.cos(angle), by: ArenaRules.playerRadius)
        entities[slot, ArenaTables.ProjectileField.y] = y + IntegerTrig.scale(IntegerTrig.sin(angle), by: ArenaRules.playerRadius)
        entities[slot, ArenaTables.ProjectileField.heading] = angle
        entities[slot, ArenaTables.ProjectileField.owner] = Int32(owner)
        slotStates[slot].countdown = settings.projectileLifetime
        slotStates[slot].rewind = rewind
    }

    /// Moves every projectile one tick, then resolves what it hit or whether it expired.
    /// A projectile fired this tick moves in the same tick, so it never sits inside its
    /// owner's body in a snapshot. Speed is capped (see `ArenaSettings.projectileSpeed`) so
    /// that testing only the end position cannot skip a target.
    mutating func moveProjectiles(tick: UInt32, events: inout [GameEvent]) {
        let speed = settings.projectileSpeed
        let reach = Self.projectileRadius + max(ArenaRules.playerRadius, Self.droneRadius)
        // Ticks of the positions each step judges against are labelled as snapshots are: the
        // world after `tick + 1` steps is the present.
        let present = tick &+ 1
        for slot in 0..<entities.count where entities.kinds[slot] == ArenaTables.projectileKind {
            let heading = entities[slot, ArenaTables.ProjectileField.heading]
            let x = entities[slot, ArenaTables.ProjectileField.x] + IntegerTrig.scale(IntegerTrig.cos(heading), by: speed)
            let y = entities[slot, ArenaTables.ProjectileField.y] + IntegerTrig.scale(IntegerTrig.sin(heading), by: speed)
            guard x >= ArenaRules.worldMin && x <= ArenaRules.worldMax
                    && y >= ArenaRules.worldMin && y <= ArenaRules.worldMax else {
                pendingDespawns.append(entities.ids[slot])
                continue
            }
            entities[slot, ArenaTables.ProjectileField.x] = x
            entities[slot, ArenaTables.ProjectileField.y] = y

            let owner = entities[slot, ArenaTables.ProjectileField.owner]
            let rewind = slotStates[slot].rewind
            let target = nearestTarget(x: x, y: y, reach: reach, sparing: owner,
                                       judgedAt: present &- UInt32(rewind), rewind: rewind)
            if target >= 0 {
                pendingDespawns.append(entities.ids[slot])
                if entities.kinds[target] == ArenaTables.playerKind {
                    if let id = PlayerID(exactly: owner), playerState(id) != nil { players[Int(owner)]!.hitsLanded &+= 1 }
                    damagePlayer(at: target, amount: settings.projectileDamage, by: PlayerID(owner), events: &events)
                } else {
                    damageDrone(at: target, amount: settings.projectileDamage, by: PlayerID(owner))
                }
                continue
            }
            slotStates[slot].countdown -= 1
            if slotStates[slot].countdown <= 0 { pendingDespawns.append(entities.ids[slot]) }
        }
    }

    /// The slot of the living player (other than `owner`) or drone whose body overlaps a
    /// projectile at (`x`, `y`) and whose centre is nearest, or -1. Ties go to the first in
    /// the grid's (deterministic) order. With a `rewind`, each candidate is where it was at
    /// tick `judgedAt` (`rewoundPosition`); the grid holds present positions, so the query box
    /// grows by the farthest anything can move in `rewind` ticks.
    func nearestTarget(x: Int32, y: Int32, reach: Int32, sparing owner: Int32, judgedAt: UInt32, rewind: Int32) -> Int {
        var target = -1
        var best = Int64.max
        let box = reach + rewind * maxTargetSpeed
        grid.forEachSlot(minX: x - box, minY: y - box, maxX: x + box, maxY: y + box) { candidate in
            let radius: Int32
            switch entities.kinds[candidate] {
            case ArenaTables.playerKind:
                guard entities[candidate, ArenaTables.PlayerField.health] > 0,
                      entities[candidate, ArenaTables.PlayerField.player] != owner else { return }
                radius = ArenaRules.playerRadius
            case ArenaTables.droneKind:
                guard entities[candidate, ArenaTables.DroneField.health] > 0 else { return }
                radius = Self.droneRadius
            default:
                return
            }
            let touch = Int64(radius + Self.projectileRadius)
            let at = rewind > 0 ? rewoundPosition(slot: candidate, tick: judgedAt)
                                : (x: entities.x(at: candidate), y: entities.y(at: candidate))
            let dx = Int64(at.x) - Int64(x), dy = Int64(at.y) - Int64(y)
            let distance = dx * dx + dy * dy
            if distance <= touch * touch && distance < best {
                best = distance
                target = candidate
            }
        }
        return target
    }
}
