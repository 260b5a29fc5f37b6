import Foundation
import Simulation
import Testing
import Wire
@testable import Arena

/// The descriptor, field tables and settings: the contract with the server and the client.
@Suite struct ArenaTablesTests {
    @Test func descriptorDescribesTheWorld() {
        let descriptor = Arena.descriptor
        #expect(descriptor.name == "Arena")
        #expect(descriptor.kinds.map(\.name) == ["player", "drone", "projectile"])
        #expect(descriptor.kinds.map(\.kind) == [0, 1, 2])
        #expect(descriptor.worldMinX == 0 && descriptor.worldMinY == 0)
        #expect(descriptor.worldMaxX == 65_535 && descriptor.worldMaxY == 65_535)
        #expect(descriptor.viewRadius == 6_144)
    }

    @Test func fieldWidthsAreAsDocumented() {
        let bits = Arena.descriptor.kinds.map { $0.fields.map(\.bits) }
        #expect(bits == [[16, 16, 10, 7, 16, 16], [16, 16, 10, 7], [16, 16, 10, 16]])
        for table in ArenaTables.all {
            #expect(table.fields[0].name == "x" && table.fields[1].name == "y")
            // Lossless: every field is sent exactly as simulated.
            for field in table.fields { #expect(field.range.step == 1, "\(table.name).\(field.name)") }
            #expect(table.fields[0].range == ArenaTables.position && table.fields[1].range == ArenaTables.position)
        }
    }

    @Test func fieldIndicesMatchTheTables() {
        func index(_ table: FieldTable, _ name: String) -> Int? { table.fields.firstIndex { $0.name == name } }
        #expect(index(ArenaTables.player, "aim") == ArenaTables.PlayerField.aim)
        #expect(index(ArenaTables.player, "health") == ArenaTables.PlayerField.health)
        #expect(index(ArenaTables.player, "score") == ArenaTables.PlayerField.score)
        #expect(index(ArenaTables.player, "player") == ArenaTables.PlayerField.player)
        #expect(index(ArenaTables.drone, "heading") == ArenaTables.DroneField.heading)
        #expect(index(ArenaTables.drone, "health") == ArenaTables.DroneField.health)
        #expect(index(ArenaTables.projectile, "heading") == ArenaTables.ProjectileField.heading)
        #expect(index(ArenaTables.projectile, "owner") == ArenaTables.ProjectileField.owner)
    }

    @Test func settingsHaveDefaultsInRangeAndClamp() {
        let defaults = ArenaSettings()
        #expect(defaults.drones == 48 && defaults.projectileSpeed == 192 && defaults.respawnTicks == 180)
        for entry in ArenaSettings.entries { #expect(entry.range.contains(entry.defaultValue), "\(entry.name)") }
        #expect(ArenaSettings.entries.map(\.name) == ArenaSettings.entries.map(\.name).sorted())
        #expect(ArenaSettings(ArenaSettings.defaults) == defaults)
        #expect(ArenaSettings.defaults.entries.count == ArenaSettings.entries.count)

        let custom = ArenaSettings(GameSettings([("drones", 3), ("projectileSpeed", 10_000), ("fireCooldown", -5), ("nonsense", 1)]))
        #expect(custom.drones == 3)
        #expect(custom.projectileSpeed == 512, "clamped to the no-tunnelling limit")
        #expect(custom.fireCooldown == 1)
        #expect(custom.respawnTicks == defaults.respawnTicks)
        #expect(ArenaSettings(custom.gameSettings) == custom)
        // The no-tunnelling promise: the fastest projectile still lands inside a drone's core.
        let fastest = ArenaSettings.entries.first { $0.name == "projectileSpeed" }!.range.upperBound
        #expect(fastest < 2 * (Arena.droneRadius + Arena.projectileRadius))
    }

    @Test func arenaUsesItsSettings() {
        let arena = Arena(seed: 1, settings: GameSettings([("drones", 7)]))
        #expect(arena.settings.drones == 7)
        #expect(arena.count(ofKind: ArenaTables.droneKind) == 7)
        #expect(arena.invariantsHold())
    }
}
