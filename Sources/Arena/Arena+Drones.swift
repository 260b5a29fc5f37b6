import Simulation
import Wire

/// Drones: AI that keeps the world busy. Each drone steers smoothly towards a goal and picks
/// a new one when it gets there, when its patience runs out or when it meets a wall. Most
/// goals lie near the nearest living player, so drones gather where people are: with only
/// a few players in a huge world, each still sees many moving entities, and with a
/// thousand the drones spread out among them. A drone that touches a player rams it (damage, no
/// score) and is destroyed; shot down, it credits the shooter. Either way a new drone
/// appears `respawnTicks` later somewhere free-ish, so their number stays `drones`.
extension Arena {
    /// Drone body radius (14 world units).
    public static let droneRadius: Int32 = 224
    /// Largest heading change per tick: 8/1024 of a turn, about 170° per second at 60 Hz.
    static let droneTurnRate: Int32 = 8
    /// A goal closer than this (32 world units) counts as reached.
    static let droneGoalReach: Int32 = 512
    /// Goals near a player lie within this distance of it on each axis (256 world units).
    static let droneVisitSpread: Int32 = 4_096
    /// Ticks a drone pursues one goal at most (1.5 to 4 s at 60 Hz).
    static let droneGoalTicks: ClosedRange<Int32> = 90...240

    /// Spawns one drone at a free-ish point, facing a random way, with no goal yet.
    mutating func spawnDrone() {
        let point = findSpawnPoint()
        _ = spawnEntity(kind: ArenaTables.droneKind)
        let slot = entities.count - 1
        entities[slot, ArenaTables.DroneField.x] = point.x
        entities[slot, ArenaTables.DroneField.y] = point.y
        entities[slot, ArenaTables.DroneField.heading] = Int32(random.below(UInt32(IntegerTrig.fullTurn)))
        entities[slot, ArenaTables.DroneField.health] = settings.droneHealth
    }

    /// Steers and moves every drone: the heading turns towards the goal by at most
    /// `droneTurnRate`, then the drone advances `droneSpeed` along it, clamped to the world.
    mutating func moveDrones() {
        let speed = settings.droneSpeed
        let low = ArenaRules.worldMin + Self.droneRadius, high = ArenaRules.worldMax - Self.droneRadius
        let reach = Int64(Self.droneGoalReach) * Int64(Self.droneGoalReach)
        for slot in 0..<entities.count where entities.kinds[slot] == ArenaTables.droneKind {
            let x = entities[slot, ArenaTables.DroneField.x]
            let y = entities[slot, ArenaTables.DroneField.y]
            var state = slotStates[slot]
            state.countdown -= 1
            let toGoalX = Int64(state.goalX) - Int64(x), toGoalY = Int64(state.goalY) - Int64(y)
            if state.countdown <= 0 || toGoalX * toGoalX + toGoalY * toGoalY < reach {
                chooseGoal(for: &state, x: x, y: y)
            }
            var heading = entities[slot, ArenaTables.DroneField.heading]
            let desired = IntegerTrig.atan2(y: state.goalY - y, x: state.goalX - x)
            let turn = IntegerTrig.shortestTurn(from: heading, to: desired)
            heading = (heading + min(max(turn, -Self.droneTurnRate), Self.droneTurnRate)) & (IntegerTrig.fullTurn - 1)
            let nextX = x + IntegerTrig.scale(IntegerTrig.cos(heading), by: speed)
            let nextY = y + IntegerTrig.scale(IntegerTrig.sin(heading), by: speed)
            let clampedX = min(max(nextX, low), high), clampedY = min(max(nextY, low), high)
            // Pressed against a wall: choose a new goal next tick instead of grinding along it.
            if clampedX != nextX || clampedY != nextY { state.countdown = 0 }
            entities[slot, ArenaTables.DroneField.x] = clampedX
            entities[slot, ArenaTables.DroneField.y] = clampedY
            entities[slot, ArenaTables.DroneField.heading] = heading
            slotStates[slot] = state
        }
    }

    /// Three goals in four are near the nearest living player (if there is one), the rest
    /// anywhere: enough wandering to cover the map, enough visiting to be seen. Nearest, not
    /// random: with two players far apart a drone would otherwise shuttle between them and
    /// spend its life in transit, seen by neither.
    mutating func chooseGoal(for state: inout SlotState, x: Int32, y: Int32) {
        let low = ArenaRules.worldMin + Self.spawnMargin, high = ArenaRules.worldMax - Self.spawnMargin
        if !livingPlayerSlots.isEmpty && random.below(4) != 0 {
            var target = Int(livingPlayerSlots[0])
            var best = Int64.max
            // Indices rather than `for in`: an unspecialized array iterator (debug builds)
            // allocates on every element.
            for index in 0..<livingPlayerSlots.count {
                let candidate = Int(livingPlayerSlots[index])
                let distance = distanceSquared(slot: candidate, x: x, y: y)
                if distance < best {
                    best = distance
                    target = candidate
                }
            }
            let spread = -Self.droneVisitSpread...Self.droneVisitSpread
            state.goalX = min(max(entities.x(at: target) + random.int(in: spread), low), high)
            state.goalY = min(max(entities.y(at: target) + random.int(in: spread), low), high)
        } else {
            state.goalX = random.int(in: low...high)
            state.goalY = random.int(in: low...high)
        }
        state.countdown = random.int(in: Self.droneGoalTicks)
    }

    /// Every living drone touching a living player rams the nearest one: the player takes
    /// `droneDamage` (a death here has no killer) and the drone is destroyed.
    mutating func ramPlayers(events: inout [GameEvent]) {
        let reach = Self.droneRadius + ArenaRules.playerRadius
        let limit = Int64(reach) * Int64(reach)
        for slot in 0..<entities.count where entities.kinds[slot] == ArenaTables.droneKind {
            guard entities[slot, ArenaTables.DroneField.health] > 0 else { continue }
            let x = entities.x(at: slot), y = entities.y(at: slot)
            var victim = -1
            var best = Int64.max
            grid.forEachSlot(minX: x - reach, minY: y - reach, maxX: x + reach, maxY: y + reach) { candidate in
                guard entities.kinds[candidate] == ArenaTables.playerKind,
                      entities[candidate, ArenaTables.PlayerField.health] > 0 else { return }
                let distance = distanceSquared(slot: candidate, x: x, y: y)
                if distance <= limit && distance < best {
                    best = distance
                    victim = candidate
                }
            }
            guard victim >= 0 else { continue }
            damagePlayer(at: victim, amount: settings.droneDamage, by: nil, events: &events)
            destroyDrone(at: slot)
        }
    }

    /// Takes `amount` health from the drone at `slot`; at zero it is destroyed and `shooter`
    /// credited.
    mutating func damageDrone(at slot: Int, amount: Int32, by shooter: PlayerID) {
        let health = entities[slot, ArenaTables.DroneField.health]
        guard health > 0 else { return }
        let remaining = max(0, health - amount)
        entities[slot, ArenaTables.DroneField.health] = remaining
        if remaining == 0 {
            destroyDrone(at: slot)
            creditDroneKill(to: shooter)
        }
    }

    /// Marks the drone dead, queues its removal and schedules its replacement.
    mutating func destroyDrone(at slot: Int) {
        entities[slot, ArenaTables.DroneField.health] = 0
        pendingDespawns.append(entities.ids[slot])
        droneRespawns.append(settings.respawnTicks)
    }

    /// Counts down destroyed drones and spawns the replacements that are due, with the same
    /// timing as players: destroyed at tick T, replaced at T + respawnTicks.
    mutating func respawnDrones() {
        var index = 0
        while index < droneRespawns.count {
            if droneRespawns[index] > 0 {
                droneRespawns[index] -= 1
                index += 1
            } else {
                // Unordered removal (an assignment rather than `swapAt`, which allocates
                // when unspecialized in debug builds).
                droneRespawns[index] = droneRespawns[droneRespawns.count - 1]
                droneRespawns.removeLast()
                spawnDrone()
            }
        }
    }
}
