import Simulation
import Wire

/// A bot's own shots and hits, counted from what it sees, for the report's hit rates by link
/// class (the fairness measure of lag compensation). A game whose schema has a kind named
/// `projectile` with an `owner` field (Arena's) is tracked: a new projectile owned by the bot
/// is a shot; one that vanishes while well inside the view (short of its range, which ends
/// beyond the view's edge) was consumed by a hit. Other games count nothing.
public struct ShotTracker: Sendable {
    public private(set) var shots = 0
    public private(set) var hits = 0
    /// The bot's projectiles in view at the last look, and where.
    private var tracked: [EntityID: (x: Int32, y: Int32)] = [:]
    private var seen: Set<EntityID> = []
    private var lastTick: UInt32?
    /// Resolved from the welcome: the projectile kind and its owner field, or nil.
    private var layout: (kind: UInt8, owner: Int)?
    private var resolved = false

    public init() {}

    /// A vanished projectile counts as a hit when last seen nearer the bot than this
    /// fraction of the view's radius (each axis): it cannot have left the view in one tick.
    static let insideFraction = 0.75

    /// Looks at the newest snapshot (once per snapshot; later calls for the same tick do nothing).
    public mutating func observe(_ client: GameClient) {
        let world = client.world
        guard let welcome = world.welcome, let tick = world.tick, tick != lastTick,
              let me = client.entityID, let own = world.entity(me), own.values.count >= 2 else { return }
        lastTick = tick
        if !resolved {
            resolved = true
            layout = Self.layout(of: welcome.game)
        }
        guard let layout else { return }
        let radius = Int64(Double(welcome.game.viewRadius) * Self.insideFraction)
        seen.removeAll(keepingCapacity: true)
        let view = world.view
        for index in 0..<view.count where view.kinds[index] == layout.kind {
            let id = view.ids[index]
            guard world.value(of: id, field: layout.owner) == Int32(welcome.playerID),
                  let x = world.value(of: id, field: 0), let y = world.value(of: id, field: 1) else { continue }
            if tracked[id] == nil { shots += 1 }
            tracked[id] = (x, y)
            seen.insert(id)
        }
        for (id, at) in tracked where !seen.contains(id) {
            if abs(Int64(at.x) - Int64(own.values[0])) < radius && abs(Int64(at.y) - Int64(own.values[1])) < radius { hits += 1 }
            tracked[id] = nil
        }
    }

    static func layout(of game: GameSchema) -> (kind: UInt8, owner: Int)? {
        guard let table = game.kinds.first(where: { $0.name == "projectile" }),
              let owner = table.fields.firstIndex(where: { $0.name == "owner" }) else { return nil }
        return (table.kind, owner)
    }
}
