import Simulation
import Testing
import Wire
@testable import Arena

/// Projectiles, damage, death, respawn and score. Layout used throughout: shooter 0 at
/// (30000, 30000) aiming along +x fires at tick 0; its projectile starts at x = 30256 and is
/// at 30256 + 192·(k + 1) after tick k, so it reaches a body at x = 32000 (touching within
/// 320) on tick 7.
@Suite struct ArenaCombatTests {
    /// Two players, 0 shooting once at 1 (2,000 units east) unless `holdFire`.
    static func duel(_ settings: (String, Int32)..., holdFire: Bool = false) -> Arena {
        var arena = Arena(seed: 3, settings: GameSettings([("drones", 0)] + settings))
        _ = arena.addPlayer(0, name: "shooter")
        _ = arena.addPlayer(1, name: "target")
        arena.place(0, x: 30_000, y: 30_000)
        arena.place(1, x: 32_000, y: 30_000)
        arena.apply(input(angle: 0, fire: true), for: 0)
        arena.step(0)
        if !holdFire { arena.apply(input(angle: 0), for: 0) }
        return arena
    }

    @Test func aProjectileHitsOnTheTickItTouchesAndIsConsumed() {
        var arena = Self.duel()
        for tick in 1...6 {
            #expect(arena.step(UInt32(tick)).isEmpty)
            #expect(arena.field(1, ArenaTables.PlayerField.health) == 100)
        }
        #expect(arena.count(ofKind: ArenaTables.projectileKind) == 1)
        #expect(arena.step(7).isEmpty)
        #expect(arena.field(1, ArenaTables.PlayerField.health) == 100 - ArenaSettings().projectileDamage)
        #expect(arena.count(ofKind: ArenaTables.projectileKind) == 0)
        #expect(arena.field(0, ArenaTables.PlayerField.score) == 0)
    }

    @Test func fourHitsKillAndTheKillerScores() {
        var arena = Self.duel(holdFire: true)
        var healthByTick: [Int: Int32] = [:]
        var killedAt: [Int] = []
        for tick in 1...50 {
            let events = arena.step(UInt32(tick))
            if !events.isEmpty {
                #expect(events == [.killed(killer: 0, victim: 1)])
                killedAt.append(tick)
            }
            healthByTick[tick] = arena.field(1, ArenaTables.PlayerField.health)
        }
        // Shots leave every 12 ticks and each lands 7 ticks later.
        #expect(healthByTick[7] == 75 && healthByTick[19] == 50 && healthByTick[31] == 25)
        #expect(healthByTick[42] == 25 && healthByTick[43] == 0 && healthByTick[50] == 0)
        #expect(killedAt == [43])
        #expect(arena.field(0, ArenaTables.PlayerField.score) == 1)
        // The dead are not hit again: the shot fired at tick 48 flies through.
        #expect(arena.count(ofKind: ArenaTables.projectileKind) == 1)
    }

    @Test func theDeadWaitRespawnTicksThenReturnSomewhereFree() {
        var arena = Self.duel(("projectileDamage", 100), ("respawnTicks", 30))
        let deathPlace = arena.position(of: 1)
        for tick in 1...6 { arena.step(UInt32(tick)) }
        #expect(arena.step(7) == [.killed(killer: 0, victim: 1)])
        // Dead: input is ignored (no moving, no firing) for exactly 30 ticks.
        arena.apply(input(moveX: 1, fire: true), for: 1)
        for tick in 8...36 {
            #expect(arena.step(UInt32(tick)).isEmpty)
            #expect(arena.field(1, ArenaTables.PlayerField.health) == 0, "tick \(tick)")
            #expect(arena.position(of: 1) == deathPlace)
        }
        #expect(arena.count(ofKind: ArenaTables.projectileKind) == 0)
        arena.step(37)
        #expect(arena.field(1, ArenaTables.PlayerField.health) == 100)
        #expect(arena.field(1, ArenaTables.PlayerField.score) == 0)
        let (x, y) = arena.position(of: 1), (ax, ay) = arena.position(of: 0)
        let dx = Int64(x - ax), dy = Int64(y - ay)
        #expect(dx * dx + dy * dy > Int64(Arena.spawnClearance) * Int64(Arena.spawnClearance))
        // Alive again: moves and fires at once.
        arena.step(38)
        #expect(arena.count(ofKind: ArenaTables.projectileKind) >= 1)
        #expect(arena.invariantsHold())
    }

    @Test func projectilesSpareTheirOwnerAndHitOnlyTheNearestBody() {
        var arena = Self.duel()
        _ = arena.addPlayer(2, name: "nearer")
        arena.place(2, x: 31_900, y: 30_150)
        // The owner steps into its own projectile's path: unharmed, the projectile flies on.
        arena.place(0, x: 30_256 + 192 * 2, y: 30_000)
        arena.step(1)
        #expect(arena.field(0, ArenaTables.PlayerField.health) == 100)
        #expect(arena.count(ofKind: ArenaTables.projectileKind) == 1)
        for tick in 2...7 { arena.step(UInt32(tick)) }
        // At tick 7 the projectile (31792, 30000) overlaps both; player 2 is nearer (185 < 208).
        #expect(arena.field(2, ArenaTables.PlayerField.health) == 75)
        #expect(arena.field(1, ArenaTables.PlayerField.health) == 100)
    }

    @Test func projectilesExpireAfterTheirLifetime() {
        var arena = Self.duel(("projectileLifetime", 10))
        arena.place(1, x: 30_000, y: 60_000)  // out of the way
        for tick in 1...8 { arena.step(UInt32(tick)) }
        let slot = arena.slots(ofKind: ArenaTables.projectileKind)[0]
        #expect(arena.entities[slot, ArenaTables.ProjectileField.x] == 30_256 + 192 * 9)
        arena.step(9)
        #expect(arena.count(ofKind: ArenaTables.projectileKind) == 0)
    }

    @Test func projectilesVanishAtTheWorldsEdge() {
        var arena = makeArena(("projectileLifetime", 600))
        _ = arena.addPlayer(0, name: "a")
        arena.place(0, x: ArenaRules.worldMax - 1_000, y: 5_000)
        arena.apply(input(angle: 0, fire: true), for: 0)
        arena.step(0)
        arena.apply(input(angle: 0), for: 0)
        #expect(arena.count(ofKind: ArenaTables.projectileKind) == 1)
        for tick in 1...5 { arena.step(UInt32(tick)) }
        #expect(arena.count(ofKind: ArenaTables.projectileKind) == 0)
        #expect(arena.invariantsHold())
    }

    @Test func dronesTakeHitsAndEveryNthDroneScores() {
        var arena = Arena(seed: 11, settings: GameSettings([
            ("drones", 2), ("droneSpeed", 0), ("droneHealth", 25), ("dronesPerPoint", 2), ("respawnTicks", 30),
        ]))
        _ = arena.addPlayer(0, name: "hunter")
        arena.place(0, x: 30_000, y: 30_000)
        let drones = arena.slots(ofKind: ArenaTables.droneKind)
        for (slot, x) in zip(drones, [Int32(32_000), 36_000]) {
            arena.entities[slot, ArenaTables.DroneField.x] = x
            arena.entities[slot, ArenaTables.DroneField.y] = 30_000
        }
        arena.apply(input(angle: 0, fire: true), for: 0)
        arena.step(0)
        for tick in 1...6 { arena.step(UInt32(tick)) }
        #expect(arena.count(ofKind: ArenaTables.droneKind) == 2)
        #expect(arena.step(7).isEmpty, "drones are not players: no killed event")
        #expect(arena.count(ofKind: ArenaTables.droneKind) == 1)
        #expect(arena.field(0, ArenaTables.PlayerField.score) == 0)
        for tick in 8...12 { arena.step(UInt32(tick)) }
        arena.apply(input(angle: 0), for: 0)  // the shot of tick 12 is the last
        for tick in 13...36 { arena.step(UInt32(tick)) }
        #expect(arena.count(ofKind: ArenaTables.droneKind) == 1)
        arena.step(37)
        #expect(arena.count(ofKind: ArenaTables.droneKind) == 2, "replaced 30 ticks after it fell")
        for tick in 38...39 { arena.step(UInt32(tick)) }
        #expect(arena.field(0, ArenaTables.PlayerField.score) == 0)
        arena.step(40)
        #expect(arena.field(0, ArenaTables.PlayerField.score) == 1, "second drone down")
        #expect(arena.invariantsHold())
    }

    @Test func aDroneRamsTheNearestPlayerAndIsDestroyed() {
        var arena = Arena(seed: 4, settings: GameSettings([("drones", 1), ("droneSpeed", 0)]))
        _ = arena.addPlayer(0, name: "a")
        _ = arena.addPlayer(1, name: "b")
        arena.place(0, x: 20_000, y: 20_000)
        arena.place(1, x: 20_300, y: 20_000)
        let drone = arena.slots(ofKind: ArenaTables.droneKind)[0]
        arena.entities[drone, ArenaTables.DroneField.x] = 20_100
        arena.entities[drone, ArenaTables.DroneField.y] = 20_000
        #expect(arena.step(0).isEmpty)
        #expect(arena.field(0, ArenaTables.PlayerField.health) == 100 - ArenaSettings().droneDamage)
        #expect(arena.field(1, ArenaTables.PlayerField.health) == 100)
        #expect(arena.count(ofKind: ArenaTables.droneKind) == 0)
    }

    @Test func aDroneKillHasNoKiller() {
        var arena = Arena(seed: 4, settings: GameSettings([("drones", 1), ("droneSpeed", 0), ("droneDamage", 100)]))
        _ = arena.addPlayer(5, name: "a")
        arena.place(5, x: 20_000, y: 20_000)
        let drone = arena.slots(ofKind: ArenaTables.droneKind)[0]
        arena.entities[drone, ArenaTables.DroneField.x] = 20_000
        arena.entities[drone, ArenaTables.DroneField.y] = 20_400
        #expect(arena.step(0) == [.killed(killer: nil, victim: 5)])
        #expect(arena.field(5, ArenaTables.PlayerField.health) == 0)
    }

    @Test func scoreSaturatesAtTheFieldsMaximum() {
        var arena = Self.duel(("projectileDamage", 100))
        arena.entities[arena.slot(of: 0), ArenaTables.PlayerField.score] = ArenaRules.maxScore
        for tick in 1...7 { arena.step(UInt32(tick)) }
        #expect(arena.field(1, ArenaTables.PlayerField.health) == 0)
        #expect(arena.field(0, ArenaTables.PlayerField.score) == ArenaRules.maxScore)
    }
}
