import Simulation
import Testing
import Wire
@testable import Arena

/// Crowds: hundreds of players fighting keep every invariant, and the workload helper the
/// benchmarks use behaves.
@Suite struct ArenaScaleTests {
    @Test func fiveHundredPlayersStepWithoutTrouble() {
        var workload = ArenaWorkload(players: 500, seed: 3)
        #expect(workload.arena.playerCount == 500)
        var kills = 0, peakProjectiles = 0
        for tick in 0..<300 {
            workload.step()
            kills += workload.events.count
            peakProjectiles = max(peakProjectiles, workload.arena.count(ofKind: ArenaTables.projectileKind))
            if tick % 50 == 49 { #expect(workload.arena.invariantsHold(), "tick \(tick)") }
        }
        #expect(workload.tick == 300)
        #expect(workload.arena.playerCount == 500)
        #expect(workload.arena.count(ofKind: ArenaTables.droneKind) + workload.arena.droneRespawns.count == 48)
        #expect(peakProjectiles > 100, "the workload fires")
        #expect(kills > 0, "and hits")
        for player in PlayerID(0)..<500 { #expect(workload.arena.viewCenter(of: player) != nil) }
    }

    @Test func theWorkloadIsReproducible() {
        var a = ArenaWorkload(players: 64, seed: 10), b = ArenaWorkload(players: 64, seed: 10)
        a.step(count: 120)
        b.step(count: 120)
        #expect(WorldState(a.arena.entities) == WorldState(b.arena.entities))
        var c = ArenaWorkload(players: 64, seed: 11)
        c.step(count: 120)
        #expect(WorldState(a.arena.entities) != WorldState(c.arena.entities))
    }

    /// With 1,000 players over the map a view holds tens of entities, as the view radius
    /// was chosen for.
    @Test func aThousandPlayersSeeTensOfEntitiesEach() {
        var workload = ArenaWorkload(players: 1_000, seed: 4)
        workload.step(count: 30)
        let arena = workload.arena
        var grid = SpatialGrid(minX: ArenaRules.worldMin, minY: ArenaRules.worldMin,
                               maxX: ArenaRules.worldMax, maxY: ArenaRules.worldMax, cellSize: Arena.viewRadius)
        grid.rebuild(from: arena.entities)
        let radius = Arena.descriptor.viewRadius
        var total = 0
        for player in PlayerID(0)..<1_000 {
            let center = arena.viewCenter(of: player)!
            grid.forEachSlot(minX: center.x - radius, minY: center.y - radius,
                             maxX: center.x + radius, maxY: center.y + radius) { slot in
                if abs(arena.entities.x(at: slot) - center.x) <= radius
                    && abs(arena.entities.y(at: slot) - center.y) <= radius { total += 1 }
            }
        }
        let average = Double(total) / 1_000
        #expect(average >= 20 && average <= 150, "average entities in view: \(average)")
    }
}
