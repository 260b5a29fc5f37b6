import Simulation
import Wire
@testable import Arena

/// A quiet arena (no drones unless asked) for tests that place things by hand.
func makeArena(seed: UInt64 = 1, _ settings: (String, Int32)...) -> Arena {
    var all: [(String, Int32)] = [("drones", 0)]
    all.append(contentsOf: settings)
    return Arena(seed: seed, settings: GameSettings(all))
}

/// An input with a 10-bit `angle` for aim (converted to the wire's binary angle).
func input(moveX: Int8 = 0, moveY: Int8 = 0, angle: Int32 = 0, fire: Bool = false) -> PlayerInput {
    PlayerInput(sequence: 0, tick: 0, buttons: fire ? Arena.fireButton : 0,
                aim: UInt16(truncatingIfNeeded: angle << 6), moveX: moveX, moveY: moveY)
}

/// Everything observable about a world, for exact comparisons.
struct WorldState: Equatable {
    var ids: [EntityID]
    var kinds: [UInt8]
    var values: [Int32]

    init(_ store: EntityStore) {
        ids = store.ids
        kinds = store.kinds
        values = store.values
    }
}

/// The world's determinism hash (the one recordings store), compared every tick.
func fingerprint(_ store: EntityStore) -> UInt64 {
    WorldHash.of(store)
}

extension Arena {
    func slot(of player: PlayerID) -> Int {
        entities.slot(of: entity(of: player)!)!
    }

    func field(_ player: PlayerID, _ field: Int) -> Int32 {
        entities[slot(of: player), field]
    }

    func position(of player: PlayerID) -> (x: Int32, y: Int32) {
        (field(player, ArenaTables.PlayerField.x), field(player, ArenaTables.PlayerField.y))
    }

    mutating func place(_ player: PlayerID, x: Int32, y: Int32) {
        let slot = slot(of: player)
        entities[slot, ArenaTables.PlayerField.x] = x
        entities[slot, ArenaTables.PlayerField.y] = y
    }

    func slots(ofKind kind: UInt8) -> [Int] {
        (0..<entities.count).filter { entities.kinds[$0] == kind }
    }

    func count(ofKind kind: UInt8) -> Int { slots(ofKind: kind).count }

    /// Steps once and returns that tick's events.
    @discardableResult
    mutating func step(_ tick: UInt32) -> [GameEvent] {
        var events: [GameEvent] = []
        step(tick: tick, events: &events)
        return events
    }

    /// The invariants every tick must keep: private state mirrors the store, every field is
    /// inside its table's range (so the wire carries it losslessly), bodies are in the world.
    func invariantsHold() -> Bool {
        guard slotStates.count == entities.count else { return false }
        for slot in 0..<entities.count {
            let table = ArenaTables.all[Int(entities.kinds[slot])]
            for (index, spec) in table.fields.enumerated() where spec.range.quantize(entities[slot, index]) != entities[slot, index] {
                return false
            }
            for index in table.count..<EntityStore.stride where entities[slot, index] != 0 { return false }
            let radius: Int32 = switch entities.kinds[slot] {
            case ArenaTables.playerKind: ArenaRules.playerRadius
            case ArenaTables.droneKind: Arena.droneRadius
            default: 0
            }
            for coordinate in [entities.x(at: slot), entities.y(at: slot)]
            where coordinate < ArenaRules.worldMin + radius || coordinate > ArenaRules.worldMax - radius {
                return false
            }
        }
        return true
    }
}
