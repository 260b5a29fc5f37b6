import Simulation
import Testing
@testable import Arena

/// Where players spawn: `spawnSpread` around the world's centre, deterministically.
@Suite struct ArenaSpawnTests {
    static let centre: Int32 = 32_768

    /// Whether a point is within `spread` world units of the centre on each axis.
    static func isNearCentre(_ point: (x: Int32, y: Int32), spread: Int32) -> Bool {
        let reach = spread * ArenaRules.unitsPerWorldUnit
        return abs(point.x - centre) <= reach && abs(point.y - centre) <= reach
    }

    @Test func theDefaultSpreadIsTheWholeWorldAsBefore() {
        let spread = ArenaSettings().spawnSpread
        #expect(spread == 2_048)
        #expect(Arena.spawnRange(spread: spread) == Arena.spawnRange(spread: nil))
        #expect(Arena.spawnRange(spread: nil) == (ArenaRules.worldMin + Arena.spawnMargin)...(ArenaRules.worldMax - Arena.spawnMargin))
        #expect(Arena.spawnRange(spread: 100) == (Self.centre - 1_600)...(Self.centre + 1_600))
        #expect(Arena.spawnRange(spread: 0) == Self.centre...Self.centre)

        // Unset and explicitly the default draw the same points: old seeds spawn players where they did.
        var implicit = Arena(seed: 9, settings: GameSettings([("drones", 8)]))
        var explicit = Arena(seed: 9, settings: GameSettings([("drones", 8), ("spawnSpread", 2_048)]))
        for player in PlayerID(0)..<6 {
            _ = implicit.addPlayer(player, name: "p")
            _ = explicit.addPlayer(player, name: "p")
            #expect(implicit.position(of: player) == explicit.position(of: player))
        }
        #expect(WorldState(implicit.entities) == WorldState(explicit.entities))
    }

    @Test(arguments: [Int32(0), 40, 100, 600])
    func playersSpawnAndRespawnNearTheCentre(spread: Int32) {
        var arena = Arena(seed: 3, settings: GameSettings([("drones", 24), ("spawnSpread", spread), ("respawnTicks", 1)]))
        for player in PlayerID(0)..<12 {
            _ = arena.addPlayer(player, name: "p")
            #expect(Self.isNearCentre(arena.position(of: player), spread: spread), "player \(player) at \(arena.position(of: player))")
        }
        // Kill everyone far from the centre; they come back near it.
        for player in PlayerID(0)..<12 {
            arena.place(player, x: 4_000, y: 60_000)
            arena.entities[arena.slot(of: player), ArenaTables.PlayerField.health] = 0
        }
        for tick in 0..<3 { arena.step(UInt32(tick)) }
        for player in PlayerID(0)..<12 {
            // Alive again (a drone near the centre may already have rammed it once).
            #expect(arena.field(player, ArenaTables.PlayerField.health) > 0)
            #expect(Self.isNearCentre(arena.position(of: player), spread: spread), "player \(player) at \(arena.position(of: player))")
        }
        #expect(arena.invariantsHold())
    }

    @Test func dronesStillSpawnAcrossTheWholeWorld() {
        let arena = Arena(seed: 5, settings: GameSettings([("drones", 48), ("spawnSpread", 0)]))
        let far = arena.slots(ofKind: ArenaTables.droneKind).filter {
            !Self.isNearCentre((arena.entities.x(at: $0), arena.entities.y(at: $0)), spread: 1_000)
        }
        #expect(!far.isEmpty)
    }

    @Test func spawnsAreDeterministicAndTheSpreadIsClamped() {
        func positions(_ settings: GameSettings) -> [Int32] {
            var arena = Arena(seed: 11, settings: settings)
            for player in PlayerID(0)..<8 { _ = arena.addPlayer(player, name: "p") }
            return (PlayerID(0)..<8).flatMap { [arena.position(of: $0).x, arena.position(of: $0).y] }
        }
        let small = GameSettings([("drones", 4), ("spawnSpread", 64)])
        #expect(positions(small) == positions(small))
        #expect(positions(GameSettings([("spawnSpread", -5)])) == positions(GameSettings([("spawnSpread", 0)])))
        #expect(ArenaSettings(GameSettings([("spawnSpread", 99_999)])).spawnSpread == 2_048)
    }
}
