import Foundation
import Simulation
import Testing
import Wire
@testable import Arena

/// Lag compensation: shots judged against the world their shooter saw, within the cap.
@Suite struct ArenaLagCompensationTests {
    // MARK: The fairness experiment

    /// One run of the experiment: a target walking a seeded path, eight shooters on an arc
    /// west of it (alternately on a direct link and on a 75 ms ± 15 ms one-way link, ordered),
    /// each aiming at where it sees the target, led by the velocity it sees, and firing as fast
    /// as the cooldown allows. Everyone draws others two ticks behind its newest snapshot (a
    /// browser's interpolation delay). Returns each group's hit rate and the largest rewind any
    /// projectile carried.
    struct Fairness {
        var directRate: Double
        var laggedRate: Double
        var directShots: Int
        var laggedShots: Int
        var largestRewind: Int32
        var friendlyHits: Int
    }

    static func fairness(maxUnlagTicks: Int32, ticks: Int = 7_200, seed: UInt64 = 21) -> Fairness {
        var arena = makeArena(seed: seed, ("maxUnlagTicks", maxUnlagTicks))
        var random = SeededRandom(seed: seed)
        let centre: (x: Int32, y: Int32) = (32_768, 32_768)
        let shooters = 8, radius = 300.0 * 16, interpolation = 2, box: Int32 = 100 * 16
        _ = arena.addPlayer(0, name: "target")
        arena.place(0, x: centre.x, y: centre.y)
        var shooterPositions: [(x: Int32, y: Int32)] = []
        for index in 0..<shooters {
            let player = PlayerID(index + 1)
            _ = arena.addPlayer(player, name: "shooter")
            // 10° apart from 145° to 215°: misses fly on east, away from every shooter.
            let angle = (145 + 10 * Double(index)) * .pi / 180
            let at = (x: centre.x + Int32(radius * cos(angle)), y: centre.y + Int32(radius * sin(angle)))
            arena.place(player, x: at.x, y: at.y)
            shooterPositions.append(at)
        }
        // Snapshots: the target's position after each tick's step, labelled as the server labels them.
        var seen: [(x: Int32, y: Int32)] = [arena.position(of: 0)]
        // Per shooter, the newest snapshot label it has and when its inputs arrive (ordered links).
        var newestDown = Array(repeating: 0, count: shooters)
        var downArrivals = Array(repeating: [(label: Int, at: Int)](), count: shooters)
        var pending = Array(repeating: [(input: PlayerInput, at: Int)](), count: shooters)
        var lastUpArrival = Array(repeating: 0, count: shooters)
        var lastDownArrival = Array(repeating: 0, count: shooters)
        var move: (x: Int8, y: Int8) = (1, 0)
        var largestRewind: Int32 = 0
        var friendlyHits = 0
        let oneWay = { (lagged: Bool, random: inout SeededRandom) -> Int in lagged ? 4 + Int(random.int(in: -1...1)) : 0 }

        for tick in 0..<ticks {
            // The target changes course every 90 ticks, turning back at the edge of its box.
            if tick % 90 == 0 {
                repeat { move = (Int8(random.int(in: -1...1)), Int8(random.int(in: -1...1))) } while move == (0, 0)
            }
            let here = arena.position(of: 0)
            if abs(here.x - centre.x) > box { move.x = here.x > centre.x ? -1 : 1 }
            if abs(here.y - centre.y) > box { move.y = here.y > centre.y ? -1 : 1 }
            arena.apply(PlayerInput(sequence: UInt32(tick), tick: UInt32(tick), moveX: move.x, moveY: move.y), for: 0)

            for index in 0..<shooters {
                let lagged = index % 2 == 1
                // Snapshots that have arrived by now.
                while let first = downArrivals[index].first, first.at <= tick {
                    newestDown[index] = first.label
                    downArrivals[index].removeFirst()
                }
                // The shooter's view: its newest snapshot less the interpolation delay.
                let view = max(0, newestDown[index] - interpolation)
                let target = seen[view], before = seen[max(0, view - 1)]
                let velocity = (x: Double(target.x - before.x), y: Double(target.y - before.y))
                let from = shooterPositions[index]
                var lead = 0.0
                for _ in 0..<3 {
                    let dx = Double(target.x) + velocity.x * lead - Double(from.x)
                    let dy = Double(target.y) + velocity.y * lead - Double(from.y)
                    lead = (dx * dx + dy * dy).squareRoot() / Double(ArenaSettings().projectileSpeed)
                }
                let aimAt = (x: Double(target.x) + velocity.x * lead, y: Double(target.y) + velocity.y * lead)
                var angle = atan2(aimAt.y - Double(from.y), aimAt.x - Double(from.x))
                if angle < 0 { angle += 2 * .pi }
                let aim = UInt16(truncatingIfNeeded: Int(angle / (2 * .pi) * 65_536))
                let made = PlayerInput(sequence: UInt32(tick), tick: UInt32(view), buttons: Arena.fireButton, aim: aim)
                let arrives = max(lastUpArrival[index], tick + oneWay(lagged, &random))
                lastUpArrival[index] = arrives
                pending[index].append((made, arrives))
                // Apply the newest input that has arrived (the server applies one per tick).
                var newest: PlayerInput?
                while let first = pending[index].first, first.at <= tick {
                    newest = first.input
                    pending[index].removeFirst()
                }
                if let newest { arena.apply(newest, for: PlayerID(index + 1)) }
            }

            arena.step(UInt32(tick))
            for slot in arena.slots(ofKind: ArenaTables.projectileKind) {
                largestRewind = max(largestRewind, arena.slotStates[slot].rewind)
            }
            // The target never dies (its deaths would move it); the shooters count friendly fire.
            let targetSlot = arena.slot(of: 0)
            arena.entities[targetSlot, ArenaTables.PlayerField.health] = ArenaRules.maxHealth
            for index in 0..<shooters {
                let slot = arena.slot(of: PlayerID(index + 1))
                if arena.entities[slot, ArenaTables.PlayerField.health] < ArenaRules.maxHealth { friendlyHits += 1 }
                arena.entities[slot, ArenaTables.PlayerField.health] = ArenaRules.maxHealth
            }
            seen.append(arena.position(of: 0))
            let label = tick + 1
            for index in 0..<shooters {
                let at = max(lastDownArrival[index], label + oneWay(index % 2 == 1, &random))
                lastDownArrival[index] = at
                downArrivals[index].append((label, at))
            }
        }
        var shots = [0, 0], hits = [0, 0]
        for index in 0..<shooters {
            let (fired, landed) = arena.accuracy(of: PlayerID(index + 1))!
            shots[index % 2] += fired
            hits[index % 2] += landed
        }
        return Fairness(directRate: Double(hits[0]) / Double(shots[0]), laggedRate: Double(hits[1]) / Double(shots[1]),
                        directShots: shots[0], laggedShots: shots[1], largestRewind: largestRewind, friendlyHits: friendlyHits)
    }

    @Test func withCompensationALaggedShooterHitsAsOftenAsADirectOne() {
        let run = Self.fairness(maxUnlagTicks: 18)
        #expect(run.directShots > 2_000 && run.laggedShots > 2_000)
        #expect(run.friendlyHits == 0)
        #expect(run.directRate > 0.3, "the experiment must be one where aiming works: \(run)")
        #expect(abs(run.directRate - run.laggedRate) < 0.05, "\(run)")
        #expect(run.largestRewind <= 18 && run.largestRewind >= 8, "\(run)")
    }

    @Test func withoutItTheLaggedShooterMissesWhatItAimedAt() {
        let run = Self.fairness(maxUnlagTicks: 0)
        #expect(run.friendlyHits == 0)
        #expect(run.largestRewind == 0)
        #expect(run.directRate - run.laggedRate > 0.15, "\(run)")
    }

    // MARK: The rules

    /// Shooter 0 at (30000, 30000) facing +x, about to fire in step 110 from a view `viewAge`
    /// ticks old; target 1 at (32000, 30000), standing until then and walking north (+64 a
    /// tick) from step 110 on. The projectile reaches x = 31792, 208 short of the target's
    /// centre, in step 117 (see `ArenaCombatTests`). By then the target is 448 units north:
    /// the present is a miss (touch is 320), the world of 10 ticks before is a hit.
    static func crossing(maxUnlagTicks: Int32, viewAge: UInt32) -> Arena {
        var arena = makeArena(seed: 3, ("maxUnlagTicks", maxUnlagTicks))
        _ = arena.addPlayer(0, name: "shooter")
        _ = arena.addPlayer(1, name: "target")
        arena.place(0, x: 30_000, y: 30_000)
        arena.place(1, x: 32_000, y: 30_000)
        for tick in UInt32(0)..<110 { arena.step(tick) }
        arena.apply(input(moveY: 1), for: 1)
        var fire = input(angle: 0, fire: true)
        fire.tick = 111 - viewAge
        arena.apply(fire, for: 0)
        return arena
    }

    @Test func aShotHitsTheTargetWhereItsShooterSawIt() {
        var arena = Self.crossing(maxUnlagTicks: 18, viewAge: 10)
        arena.step(110)
        #expect(arena.slotStates[arena.slots(ofKind: ArenaTables.projectileKind)[0]].rewind == 10)
        arena.apply(input(angle: 0), for: 0)
        for tick in UInt32(111)..<120 { arena.step(tick) }
        #expect(arena.accuracy(of: 0)! == (1, 1))
        #expect(arena.field(1, ArenaTables.PlayerField.health) == 100 - ArenaSettings().projectileDamage)
    }

    @Test func offItMissesAndAViewOlderThanTheCapIsJudgedAtTheCap() {
        var off = Self.crossing(maxUnlagTicks: 0, viewAge: 10)
        var capped = Self.crossing(maxUnlagTicks: 1, viewAge: 10)
        for tick in UInt32(110)..<120 {
            off.step(tick)
            capped.step(tick)
            if tick == 110 {
                #expect(capped.slotStates[capped.slots(ofKind: ArenaTables.projectileKind)[0]].rewind == 1)
                off.apply(input(angle: 0), for: 0)
                capped.apply(input(angle: 0), for: 0)
                #expect(off.slotStates[off.slots(ofKind: ArenaTables.projectileKind)[0]].rewind == 0)
            }
        }
        #expect(off.accuracy(of: 0)! == (1, 0))
        // One tick back the target was already 448 units north when the shot got there: a miss.
        #expect(capped.accuracy(of: 0)! == (1, 0))
        #expect(capped.field(1, ArenaTables.PlayerField.health) == 100)
    }

    @Test func aViewOfTheFutureOrThePresentIsNotRewound() {
        var arena = makeArena(seed: 3)
        _ = arena.addPlayer(0, name: "shooter")
        for claimed in [UInt32(51), 60, 5_000_000] {
            #expect(arena.rewind(viewedTick: claimed, steppingTick: 50) == 0)
        }
        #expect(arena.rewind(viewedTick: 50, steppingTick: 50) == 1)
        #expect(arena.rewind(viewedTick: 0, steppingTick: 50) == 18)
        // Wrapping ticks: a view just before the 32-bit wrap, stepped just after it.
        #expect(arena.rewind(viewedTick: UInt32.max - 2, steppingTick: 1) == 5)
    }

    @Test func aRespawnBreaksTheHistory() {
        var arena = makeArena(seed: 3, ("respawnTicks", 1))
        _ = arena.addPlayer(0, name: "shooter")
        _ = arena.addPlayer(1, name: "target")
        arena.place(0, x: 30_000, y: 30_000)
        arena.place(1, x: 32_000, y: 30_000)
        for tick in UInt32(0)..<20 { arena.step(tick) }
        let entity = arena.entity(of: 1)!
        let before = arena.history!.position(of: entity, at: 20, life: 0)
        #expect(before! == (32_000, 30_000))
        // Killed and respawned elsewhere: the same entity in a new life.
        var events: [GameEvent] = []
        arena.damagePlayer(at: arena.slot(of: 1), amount: 100, by: 0, events: &events)
        for tick in UInt32(20)..<23 { arena.step(tick) }
        let slot = arena.slot(of: 1)
        #expect(arena.slotStates[slot].life == 1)
        #expect(arena.history!.position(of: entity, at: 20, life: 1) == nil, "the old life is not this one")
        #expect(arena.history!.position(of: entity, at: 21, life: 0) == nil, "dead ticks are not recorded")
        #expect(arena.rewoundPosition(slot: slot, tick: 20) == arena.position(of: 1), "no history: the present")
    }

    @Test func aRestoredKeyframeJudgesTheNextShotsAsTheOriginalDid() throws {
        var original = Self.crossing(maxUnlagTicks: 18, viewAge: 10)
        var writer = ByteWriter()
        original.saveState(into: &writer)
        var restored = makeArena(seed: 99, ("maxUnlagTicks", 18))
        var reader = ByteReader(writer.bytes)
        try restored.restoreState(from: &reader)
        try reader.expectEnd("state")
        #expect(restored.history == original.history)
        for tick in UInt32(110)..<120 {
            original.step(tick)
            restored.step(tick)
            if tick == 110 {
                original.apply(input(angle: 0), for: 0)
                restored.apply(input(angle: 0), for: 0)
            }
            #expect(WorldState(original.entities) == WorldState(restored.entities))
        }
        #expect(restored.accuracy(of: 0)! == (1, 1))
        var again = ByteWriter()
        restored.saveState(into: &again)
        writer.reset()
        original.saveState(into: &writer)
        #expect(again.bytes == writer.bytes)
    }
}
