import Simulation
import Testing
import Wire
@testable import Arena

/// Players: joining, moving, aiming, firing, leaving.
@Suite struct ArenaPlayerTests {
    @Test func joiningSpawnsALivingPlayerInsideTheWorld() {
        var arena = makeArena()
        let id = arena.addPlayer(7, name: "seven")
        #expect(arena.entity(of: 7) == id)
        #expect(arena.playerCount == 1)
        #expect(arena.field(7, ArenaTables.PlayerField.health) == ArenaRules.maxHealth)
        #expect(arena.field(7, ArenaTables.PlayerField.player) == 7)
        #expect(arena.field(7, ArenaTables.PlayerField.score) == 0)
        let center = arena.viewCenter(of: 7)!
        #expect(center == arena.position(of: 7))
        #expect(arena.invariantsHold())
        #expect(arena.viewCenter(of: 8) == nil)
        #expect(arena.entity(of: 60_000) == nil)
    }

    /// The first hour: a second tab must find the first player. While the match is small a
    /// joiner spawns in the first one's view; with the rule off, or once the match is big, a
    /// joiner lands anywhere, as before (over 40 seeds, far from the others at least once).
    @Test func joinersSpawnInViewOfAPlayerWhileTheMatchIsSmall() {
        let view = Arena.viewRadius
        var farWhenOff = 0, farWhenBig = 0
        for seed in UInt64(1)...40 {
            var arena = makeArena(seed: seed, ("drones", 0))
            _ = arena.addPlayer(0, name: "first")
            _ = arena.addPlayer(1, name: "second")
            let (x0, y0) = arena.position(of: 0), (x1, y1) = arena.position(of: 1)
            #expect(abs(x1 - x0) <= Arena.joinNearReach && abs(y1 - y0) <= Arena.joinNearReach, "seed \(seed)")
            #expect(abs(x1 - x0) < view && abs(y1 - y0) < view, "each in the other's view, seed \(seed)")
            #expect(arena.invariantsHold())

            var off = makeArena(seed: seed, ("drones", 0), ("joinNearBelow", 0))
            _ = off.addPlayer(0, name: "first")
            _ = off.addPlayer(1, name: "second")
            if abs(off.position(of: 1).0 - off.position(of: 0).0) > view { farWhenOff += 1 }

            var big = makeArena(seed: seed, ("drones", 0), ("joinNearBelow", 2))
            _ = big.addPlayer(0, name: "first")
            _ = big.addPlayer(1, name: "second")  // near the first: 1 < 2
            _ = big.addPlayer(2, name: "third")   // anywhere: 2 players are not fewer than 2
            let third = big.position(of: 2)
            if abs(third.0 - big.position(of: 0).0) > view && abs(third.0 - big.position(of: 1).0) > view { farWhenBig += 1 }
        }
        #expect(farWhenOff > 10 && farWhenBig > 10, "off: \(farWhenOff), big: \(farWhenBig) of 40")
    }

    @Test(arguments: [(Int8(1), Int8(0)), (-1, 0), (0, 1), (0, -1), (0, 0)])
    func axisMovesAtPlayerSpeed(moveX: Int8, moveY: Int8) {
        var arena = makeArena()
        _ = arena.addPlayer(0, name: "a")
        arena.place(0, x: 30_000, y: 30_000)
        arena.apply(input(moveX: moveX, moveY: moveY), for: 0)
        for tick in 0..<10 { arena.step(UInt32(tick)) }
        #expect(arena.position(of: 0) == (30_000 + 640 * Int32(moveX), 30_000 + 640 * Int32(moveY)))
    }

    @Test func diagonalsMoveAtTheSameSpeedAsAxes() {
        var arena = makeArena()
        _ = arena.addPlayer(0, name: "a")
        arena.place(0, x: 30_000, y: 30_000)
        arena.apply(input(moveX: -1, moveY: 1), for: 0)
        arena.step(0)
        let (x, y) = arena.position(of: 0)
        #expect(x == 30_000 - 45 && y == 30_000 + 45)
        let dx = Double(x - 30_000), dy = Double(y - 30_000)
        #expect(abs((dx * dx + dy * dy).squareRoot() - Double(ArenaRules.playerSpeed)) <= 1)
        for speed: Int32 in 1...2_000 {
            let step = Double(ArenaRules.diagonalStep(speed))
            #expect(abs((2 * step * step).squareRoot() - Double(speed)) <= 1, "speed \(speed)")
        }
    }

    @Test func movementStopsAtTheWorldsEdge() {
        var arena = makeArena()
        _ = arena.addPlayer(0, name: "a")
        _ = arena.addPlayer(1, name: "b")
        arena.place(0, x: 400, y: 65_000)
        arena.place(1, x: 65_100, y: 300)
        arena.apply(input(moveX: -1, moveY: 1), for: 0)
        arena.apply(input(moveX: 1, moveY: -1), for: 1)
        for tick in 0..<20 { arena.step(UInt32(tick)) }
        let low = ArenaRules.playerRadius, high = ArenaRules.worldMax - ArenaRules.playerRadius
        #expect(arena.position(of: 0) == (low, high))
        #expect(arena.position(of: 1) == (high, low))
        #expect(arena.invariantsHold())
        // Sliding along a wall keeps the free axis moving.
        arena.apply(input(moveX: -1, moveY: -1), for: 0)
        arena.step(20)
        #expect(arena.position(of: 0) == (low, high - 45))
    }

    @Test func aimFollowsTheInputTo10Bits() {
        var arena = makeArena()
        _ = arena.addPlayer(0, name: "a")
        for (aim, angle) in [(UInt16(0), Int32(0)), (16_384, 256), (65_504, 0), (65_472, 1_023), (100, 2)] {
            arena.apply(PlayerInput(sequence: 0, tick: 0, aim: aim), for: 0)
            arena.step(0)
            #expect(arena.field(0, ArenaTables.PlayerField.aim) == angle)
        }
    }

    @Test func holdingFireShootsOncePerCooldown() {
        var arena = makeArena(("fireCooldown", 12), ("projectileLifetime", 600))
        _ = arena.addPlayer(0, name: "a")
        arena.place(0, x: 10_000, y: 10_000)
        arena.apply(input(angle: 0, fire: true), for: 0)
        var shotTicks: [Int] = []
        var previous = 0
        for tick in 0..<60 {
            arena.step(UInt32(tick))
            let count = arena.count(ofKind: ArenaTables.projectileKind)
            if count > previous { shotTicks.append(tick) }
            previous = count
        }
        #expect(shotTicks == [0, 12, 24, 36, 48])
        // Releasing and pressing again respects the remaining cooldown too.
        arena.apply(input(), for: 0)
        arena.step(60)
        arena.apply(input(fire: true), for: 0)
        arena.step(61)
        #expect(arena.count(ofKind: ArenaTables.projectileKind) == 6, "cooldown over at 60, fires at 61")
        arena.step(62)
        #expect(arena.count(ofKind: ArenaTables.projectileKind) == 6)
    }

    @Test func projectilesLeaveFromTheAimedRimAndCarryTheirOwner() {
        var arena = makeArena()
        _ = arena.addPlayer(3, name: "a")
        arena.place(3, x: 20_000, y: 20_000)
        arena.apply(input(angle: 256, fire: true), for: 3)  // +y
        arena.step(0)
        let slot = arena.slots(ofKind: ArenaTables.projectileKind)[0]
        let speed = ArenaSettings().projectileSpeed
        #expect(arena.entities[slot, ArenaTables.ProjectileField.x] == 20_000)
        #expect(arena.entities[slot, ArenaTables.ProjectileField.y] == 20_000 + ArenaRules.playerRadius + speed)
        #expect(arena.entities[slot, ArenaTables.ProjectileField.heading] == 256)
        #expect(arena.entities[slot, ArenaTables.ProjectileField.owner] == 3)
    }

    @Test func unknownPlayersInputIsIgnored() {
        var arena = makeArena()
        _ = arena.addPlayer(0, name: "a")
        let before = WorldState(arena.entities)
        arena.apply(input(moveX: 1, fire: true), for: 1)
        arena.removePlayer(9)
        #expect(WorldState(arena.entities) == before)
    }

    @Test func leavingRemovesThePlayerAndItsProjectilesAndIdsAreNeverReused() {
        var arena = makeArena(("projectileLifetime", 600))
        _ = arena.addPlayer(0, name: "a")
        let firstB = arena.addPlayer(1, name: "b")
        arena.place(0, x: 5_000, y: 5_000)
        arena.place(1, x: 60_000, y: 60_000)
        arena.apply(input(angle: 0, fire: true), for: 0)
        arena.apply(input(angle: 512, fire: true), for: 1)
        for tick in 0..<30 { arena.step(UInt32(tick)) }
        let owners = { (arena: Arena) in
            arena.slots(ofKind: ArenaTables.projectileKind).map { arena.entities[$0, ArenaTables.ProjectileField.owner] }
        }
        #expect(Set(owners(arena)) == [0, 1])

        arena.removePlayer(1)
        #expect(arena.entity(of: 1) == nil && arena.viewCenter(of: 1) == nil)
        #expect(!arena.entities.contains(firstB))
        #expect(Set(owners(arena)) == [0])
        #expect(arena.playerCount == 1)
        #expect(arena.invariantsHold())

        let maxID = arena.entities.ids.max()!
        let secondB = arena.addPlayer(1, name: "b again")
        #expect(secondB > maxID)
        #expect(arena.field(1, ArenaTables.PlayerField.score) == 0)
        for tick in 30..<40 { arena.step(UInt32(tick)) }
        #expect(arena.playerCount == 2)
        #expect(arena.invariantsHold())
    }

    @Test func addingAnIDTwiceReplacesThePlayer() {
        var arena = makeArena()
        let first = arena.addPlayer(4, name: "a")
        let second = arena.addPlayer(4, name: "a")
        #expect(first != second)
        #expect(arena.playerCount == 1)
        #expect(!arena.entities.contains(first))
        #expect(arena.entity(of: 4) == second)
    }

    @Test func playersJoinAndLeaveEveryFewTicksWithoutBreakingAnything() {
        var arena = Arena(seed: 5, settings: GameSettings())
        var random = SeededRandom(seed: 77)
        var present = Set<PlayerID>()
        var events: [GameEvent] = []
        for tick in 0..<600 {
            if random.below(3) == 0 {
                let player = PlayerID(random.below(40))
                if present.contains(player) { arena.removePlayer(player); present.remove(player) }
                else { _ = arena.addPlayer(player, name: "p"); present.insert(player) }
            }
            for player in present.sorted() {
                arena.apply(input(moveX: Int8(random.int(in: -1...1)), moveY: Int8(random.int(in: -1...1)),
                                  angle: random.int(in: 0...1_023), fire: random.below(2) == 0), for: player)
            }
            arena.step(tick: UInt32(tick), events: &events)
            #expect(arena.playerCount == present.count)
            #expect(arena.invariantsHold())
        }
        for player in present { #expect(arena.viewCenter(of: player) != nil) }
    }
}
