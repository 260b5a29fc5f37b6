import Simulation
import Wire

/// What Arena remembers about a player beyond its entity's fields.
struct PlayerState: Sendable {
    var entity: EntityID
    /// The latest input `apply` stored; used by every step until replaced.
    var input: PlayerInput
    /// Ticks until the player may fire again (0 = ready).
    var cooldown: Int32 = 0
    /// While dead: ticks until respawn.
    var respawnCountdown: Int32 = 0
    /// Drones destroyed, towards the next drone point.
    var dronesDestroyed: Int32 = 0
    /// Shots fired and shots that hit a player, for accuracy (never sent; kept in keyframes).
    var shotsFired: Int32 = 0
    var hitsLanded: Int32 = 0
}

/// Players: movement, aim and fire, damage, death, score and respawn.
extension Arena {
    /// Fire button: bit 0 of `PlayerInput.buttons`.
    public static let fireButton: UInt8 = 1

    /// Moves every living player by its input (exactly `ArenaRules.movePlayer`, which
    /// clients predict), copies its aim into the entity and fires if it can. Also collects
    /// the living players' slots for the drones' phase.
    mutating func movePlayers(tick: UInt32) {
        livingPlayerSlots.removeAll(keepingCapacity: true)
        // Projectiles fired in this loop are appended past `count` and are not players.
        let count = entities.count
        for slot in 0..<count where entities.kinds[slot] == ArenaTables.playerKind {
            guard entities[slot, ArenaTables.PlayerField.health] > 0 else { continue }
            let player = Int(entities[slot, ArenaTables.PlayerField.player])
            guard var state = players[player] else { continue }
            let moved = ArenaRules.movePlayer(x: entities[slot, ArenaTables.PlayerField.x],
                                              y: entities[slot, ArenaTables.PlayerField.y],
                                              input: state.input)
            let aim = ArenaRules.aimAngle(state.input.aim)
            entities[slot, ArenaTables.PlayerField.x] = moved.x
            entities[slot, ArenaTables.PlayerField.y] = moved.y
            entities[slot, ArenaTables.PlayerField.aim] = aim
            if state.cooldown > 0 { state.cooldown -= 1 }
            if state.input.buttons & Self.fireButton != 0 && state.cooldown == 0 {
                fireProjectile(x: moved.x, y: moved.y, angle: aim, owner: PlayerID(player),
                               rewind: rewind(viewedTick: state.input.tick, steppingTick: tick))
                state.cooldown = settings.fireCooldown
                state.shotsFired &+= 1
            }
            players[player] = state
            livingPlayerSlots.append(Int32(slot))
        }
    }

    /// Takes `amount` health from the player at `slot`. At zero the player dies: it stays
    /// where it fell (health 0, ignoring input), `killer` scores, a `killed` event goes out
    /// and the respawn countdown starts. Hitting the dead does nothing.
    mutating func damagePlayer(at slot: Int, amount: Int32, by killer: PlayerID?, events: inout [GameEvent]) {
        let health = entities[slot, ArenaTables.PlayerField.health]
        guard health > 0 else { return }
        let remaining = max(0, health - amount)
        entities[slot, ArenaTables.PlayerField.health] = remaining
        guard remaining == 0 else { return }
        let victim = PlayerID(entities[slot, ArenaTables.PlayerField.player])
        players[Int(victim)]?.respawnCountdown = settings.respawnTicks
        if let killer { addScore(1, to: killer) }
        events.append(.killed(killer: killer, victim: victim))
    }

    /// Counts a destroyed drone for `player`; every `dronesPerPoint`-th one scores a point.
    mutating func creditDroneKill(to player: PlayerID) {
        guard var state = playerState(player) else { return }
        state.dronesDestroyed += 1
        if state.dronesDestroyed >= settings.dronesPerPoint {
            state.dronesDestroyed = 0
            addScore(1, to: player)
        }
        players[Int(player)] = state
    }

    /// Adds to a player's score, saturating at the field's maximum.
    mutating func addScore(_ points: Int32, to player: PlayerID) {
        guard let state = playerState(player), let slot = entities.slot(of: state.entity) else { return }
        let score = entities[slot, ArenaTables.PlayerField.score]
        entities[slot, ArenaTables.PlayerField.score] = min(ArenaRules.maxScore, score + points)
    }

    /// Counts down the dead; a player whose countdown has run out comes back at full health
    /// at a free-ish spawn point, with its gun ready. A player killed at tick T is dead in
    /// the snapshots of ticks T ..< T + respawnTicks and alive again at T + respawnTicks.
    mutating func respawnPlayers() {
        for slot in 0..<entities.count where entities.kinds[slot] == ArenaTables.playerKind {
            guard entities[slot, ArenaTables.PlayerField.health] == 0 else { continue }
            let player = Int(entities[slot, ArenaTables.PlayerField.player])
            guard var state = players[player] else { continue }
            if state.respawnCountdown > 0 {
                state.respawnCountdown -= 1
            } else {
                let point = findSpawnPoint(spread: settings.spawnSpread)
                entities[slot, ArenaTables.PlayerField.x] = point.x
                entities[slot, ArenaTables.PlayerField.y] = point.y
                entities[slot, ArenaTables.PlayerField.health] = ArenaRules.maxHealth
                slotStates[slot].life &+= 1
                state.cooldown = 0
            }
            players[player] = state
        }
    }
}
