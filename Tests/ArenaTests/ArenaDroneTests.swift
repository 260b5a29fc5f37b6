import Simulation
import Testing
import Wire
@testable import Arena

/// Drones: bounded, smooth, numerous where players are, and always replaced.
@Suite struct ArenaDroneTests {
    @Test(arguments: [1 as UInt64, 2, 3])
    func dronesStayInBoundsAndTurnSmoothly(seed: UInt64) {
        // Fast drones and players in the corners push them against every wall.
        var arena = Arena(seed: seed, settings: GameSettings([("drones", 150), ("droneSpeed", 256), ("droneDamage", 0)]))
        for (player, corner) in [(Int32(700), Int32(700)), (64_800, 64_800), (700, 64_800)].enumerated() {
            _ = arena.addPlayer(PlayerID(player), name: "p")
            arena.place(PlayerID(player), x: corner.0, y: corner.1)
        }
        #expect(arena.count(ofKind: ArenaTables.droneKind) == 150)
        var headings: [EntityID: Int32] = [:]
        let low = Arena.droneRadius, high = ArenaRules.worldMax - Arena.droneRadius
        var allInBounds = true, allSmooth = true
        for tick in 0..<1_500 {
            arena.step(UInt32(tick))
            var next: [EntityID: Int32] = [:]
            for slot in arena.slots(ofKind: ArenaTables.droneKind) {
                let x = arena.entities.x(at: slot), y = arena.entities.y(at: slot)
                allInBounds = allInBounds && x >= low && x <= high && y >= low && y <= high
                let id = arena.entities.ids[slot]
                let heading = arena.entities[slot, ArenaTables.DroneField.heading]
                if let previous = headings[id] {
                    allSmooth = allSmooth && abs(IntegerTrig.shortestTurn(from: previous, to: heading)) <= Arena.droneTurnRate
                }
                next[id] = heading
            }
            headings = next
        }
        #expect(allInBounds)
        #expect(allSmooth)
        #expect(arena.invariantsHold())
    }

    @Test func dronesActuallyMove() {
        var arena = Arena(seed: 8, settings: GameSettings([("drones", 48)]))
        let before = arena.entities.values
        for tick in 0..<10 { arena.step(UInt32(tick)) }
        let speed = ArenaSettings().droneSpeed
        var moved = 0
        for slot in arena.slots(ofKind: ArenaTables.droneKind) {
            let dx = Double(arena.entities.x(at: slot) - before[slot * EntityStore.stride])
            let dy = Double(arena.entities.y(at: slot) - before[slot * EntityStore.stride + 1])
            let distance = (dx * dx + dy * dy).squareRoot()
            if distance > Double(speed) * 5 { moved += 1 }
            #expect(distance <= Double(speed) * 10 + 10)
        }
        #expect(moved == 48)
    }

    /// The point of drones: a lone player in a 4,096-unit world still has company.
    @Test func aFewPlayersSeeManyDrones() {
        var arena = Arena(seed: 21, settings: GameSettings([("droneDamage", 0)]))
        _ = arena.addPlayer(0, name: "alone")
        _ = arena.addPlayer(1, name: "also alone")
        arena.place(0, x: 20_000, y: 20_000)
        arena.place(1, x: 45_000, y: 45_000)
        var seen = 0, samples = 0
        for tick in 0..<1_800 {
            arena.step(UInt32(tick))
            guard tick >= 900, tick % 30 == 0 else { continue }
            let center = arena.viewCenter(of: 0)!
            let radius = Arena.descriptor.viewRadius
            seen += arena.slots(ofKind: ArenaTables.droneKind).filter {
                abs(arena.entities.x(at: $0) - center.x) <= radius && abs(arena.entities.y(at: $0) - center.y) <= radius
            }.count
            samples += 1
        }
        let average = Double(seen) / Double(samples)
        // Spread uniformly, 48 drones would put under 2 in a view; gathering puts far more.
        #expect(average >= 8, "average drones in view: \(average)")
    }

    @Test func theDroneCountRecoversAfterLosses() {
        var arena = Arena(seed: 2, settings: GameSettings([("drones", 30), ("respawnTicks", 20), ("droneHealth", 1)]))
        _ = arena.addPlayer(0, name: "a")
        arena.place(0, x: 32_000, y: 32_000)
        // Spin and fire for a while: drones gather, get shot and ram.
        for tick in 0..<600 {
            arena.apply(input(angle: Int32(tick * 37 % 1_024), fire: true), for: 0)
            arena.step(UInt32(tick))
            #expect(arena.count(ofKind: ArenaTables.droneKind) + arena.droneRespawns.count == 30)
        }
        #expect(arena.field(0, ArenaTables.PlayerField.score) > 0)
        arena.apply(input(), for: 0)
        arena.removePlayer(0)
        for tick in 600..<640 { arena.step(UInt32(tick)) }
        #expect(arena.count(ofKind: ArenaTables.droneKind) == 30)
    }
}
