import Simulation
import Wire

/// Arena, the reference game: a top-down 2D arena where players move in eight directions,
/// aim freely and shoot; AI drones wander the map and ram players; the last hit scores.
///
/// # How Arena implements `Game`
///
/// This is the worked example for game authors. The server owns the clock, the players and
/// the network; a game owns only its rules. Each tick the server calls, on one thread:
///
/// 1. `addPlayer` / `removePlayer` for joins and leaves. Arena spawns (despawns) the
///    player's entity. The server, not the game, emits `joined` and `left` events: it knows
///    the names and the reasons, and a game cannot forget to.
/// 2. `apply(_:for:)` once per player. Arena only stores the input; it takes effect in
///    `step`, so the order in which inputs arrive can never matter. A player without a new
///    input keeps its last one until the next arrives.
/// 3. `step(tick:events:)` advances the world in fixed phases, each walking entities in
///    slot order (a pure function of the spawn/despawn history, hence deterministic):
///    players move, aim and fire → drones steer and move → the collision grid is rebuilt →
///    projectiles fly, expire and hit (judged against the world their shooter saw, see
///    `Arena+LagCompensation`) → drones ram players → the dead respawn → removals are
///    applied → the targets' positions go into the lag-compensation history. Arena emits
///    `killed` events here, the only events it owns.
///
/// The server then reads `entities` (and `viewCenter(of:)`) to build every snapshot.
/// Everything a client may see lives in the `EntityStore`, described by `ArenaTables`;
/// what only the rules need (inputs, cooldowns, timers, drone goals, the RNG) lives in
/// private arrays beside it. A keyframe must therefore save both (`Arena+State`): the entity
/// store alone cannot resume the rules.
///
/// Determinism, which replays depend on: all arithmetic is integer (`IntegerTrig` tables
/// instead of `sin`), all randomness comes from one `SeededRandom` made from the room's
/// seed and drawn in slot order, and nothing reads a clock. The `tick` passed in is used only
/// to measure how old a shooter's view was (against its input's `tick`, on the same clock),
/// so a replay must number ticks as the match did; recordings store them. Speeds and durations
/// are per tick and tuned for 60 Hz (see `ArenaSettings`), but any rate is deterministic.
///
/// To write your own game, copy the shape rather than the rules: describe each entity kind
/// with a `FieldTable` (x and y first, values stored exactly as they are sent; see
/// `ArenaTables`); keep rules-only state in arrays parallel to the store's slots, spawning
/// and despawning through one door that keeps them in step (`Arena+Entities`); defer
/// despawns to the end of `step` so no slot moves under a phase; and put whatever a client
/// predicts into pure functions pinned by golden vectors on both sides (`ArenaRules`).
///
/// Performance: per-tick work is O(entities) plus grid queries; every scratch array is kept
/// and reused, so a warmed-up tick allocates only when the world grows past its peak.
public struct Arena: Game, Sendable {
    public static let descriptor = GameDescriptor(
        // Version 2: joiners spawn near a living player while the match is small (joinNearBelow).
        // Version 3: lag compensation (an input's tick is the tick its player was viewing).
        name: "Arena", version: 3, kinds: ArenaTables.all, inputs: ArenaInput.table,
        worldMinX: ArenaRules.worldMin, worldMinY: ArenaRules.worldMin,
        worldMaxX: ArenaRules.worldMax, worldMaxY: ArenaRules.worldMax,
        // 384 world units each way: with 1,000 players spread over the map a view holds
        // about 35 players plus their projectiles and the odd drone.
        viewRadius: viewRadius)

    /// Every setting in `ArenaSettings`, as `game-server --help` lists them.
    public static let settingSpecs = ArenaSettings.specs

    /// Half the side of each player's view square, in simulation units.
    public static let viewRadius: Int32 = 6_144
    /// Cell side of the collision grid: 64 world units, so a projectile's query covers at
    /// most 2 × 2 cells and a crowded cell stays short.
    static let collisionCellSize: Int32 = 1_024

    public internal(set) var entities = EntityStore()
    public let settings: ArenaSettings

    /// The only randomness: spawn points and drone goals.
    var random: SeededRandom
    /// Indexed by `PlayerID`; nil for ids not in the match. Grows to the largest id seen.
    var players: [PlayerState?] = []
    /// Rules-only state of each entity, parallel to `entities`' slots (see `Arena+Entities`).
    var slotStates: [SlotState] = []
    /// Collision candidates, rebuilt once per step after everything but projectiles moved.
    var grid: SpatialGrid
    /// Set when a despawn moved slots since the last rebuild: the grid's slots are then
    /// meaningless until rebuilt. (Spawns only append, so they leave it usable.)
    var gridIsStale = false

    // Scratch, reused every tick: owned by `step`, empty between steps.
    /// Entities to remove at the end of the step (removing earlier would move slots under
    /// the phases' feet).
    var pendingDespawns: [EntityID] = []
    /// Slots of living players, for drones choosing whom to visit.
    var livingPlayerSlots: [Int32] = []
    /// Ticks until each destroyed drone comes back (unordered countdowns).
    var droneRespawns: [Int32] = []
    /// Where every target was for the last `maxUnlagTicks` ticks (nil when lag compensation
    /// is off): what a projectile with a rewind is judged against (`Arena+LagCompensation`).
    var history: PositionHistory?

    public init(seed: UInt64, settings: GameSettings) {
        self.settings = ArenaSettings(settings)
        random = SeededRandom(seed: seed)
        grid = SpatialGrid(minX: ArenaRules.worldMin, minY: ArenaRules.worldMin,
                           maxX: ArenaRules.worldMax, maxY: ArenaRules.worldMax,
                           cellSize: Self.collisionCellSize)
        for _ in 0..<self.settings.drones { spawnDrone() }
        if self.settings.maxUnlagTicks > 0 {
            history = PositionHistory(ticks: Int(self.settings.maxUnlagTicks), entriesPerTick: Int(self.settings.drones) + 64)
        }
        // As after every step: the grid is derived state, rebuilt from the entities when next
        // needed, so the state between ticks is exactly what `saveState` writes.
        gridIsStale = true
    }

    /// Spawns the player's entity at a free-ish point, at full health. `name` is unused: the
    /// server keeps names and announces them in `joined`, so the rules never depend on text.
    public mutating func addPlayer(_ player: PlayerID, name: String) -> EntityID {
        // A server reusing a live id is a bug upstream; replacing keeps the world consistent.
        if playerState(player) != nil { removePlayer(player) }
        let spawn = findJoinPoint()
        let id = spawnEntity(kind: ArenaTables.playerKind)
        let slot = entities.count - 1
        entities[slot, ArenaTables.PlayerField.x] = spawn.x
        entities[slot, ArenaTables.PlayerField.y] = spawn.y
        entities[slot, ArenaTables.PlayerField.health] = ArenaRules.maxHealth
        entities[slot, ArenaTables.PlayerField.player] = Int32(player)
        let index = Int(player)
        if players.count <= index { players.append(contentsOf: repeatElement(PlayerState?.none, count: index + 1 - players.count)) }
        players[index] = PlayerState(entity: id, input: PlayerInput(sequence: 0, tick: 0))
        return id
    }

    public mutating func removePlayer(_ player: PlayerID) {
        guard let state = playerState(player) else { return }
        players[Int(player)] = nil
        despawnEntity(state.entity)
        // Its projectiles go too: the id may be reused, and a newcomer must not inherit kills.
        var slot = entities.count - 1
        while slot >= 0 {
            if entities.kinds[slot] == ArenaTables.projectileKind
                && entities[slot, ArenaTables.ProjectileField.owner] == Int32(player) {
                despawnEntity(entities.ids[slot])
            }
            slot -= 1
        }
    }

    public mutating func apply(_ input: PlayerInput, for player: PlayerID) {
        guard playerState(player) != nil else { return }
        players[Int(player)]!.input = input
    }

    public mutating func step(tick: UInt32, events: inout [GameEvent]) {
        movePlayers(tick: tick)
        moveDrones()
        grid.rebuild(from: entities)
        gridIsStale = false
        moveProjectiles(tick: tick, events: &events)
        ramPlayers(events: &events)
        respawnPlayers()
        respawnDrones()
        applyPendingDespawns()
        recordHistory(tick: tick &+ 1)
        // The grid now holds mid-step positions. Leaving it stale makes a spawn between ticks
        // rebuild it from the entities, so the state between ticks is the store plus the
        // rules arrays alone: what a keyframe saves.
        gridIsStale = true
    }

    /// Shots `player` fired and how many hit a player (lag compensation's fairness measure).
    public func accuracy(of player: PlayerID) -> (shots: Int, hits: Int)? {
        playerState(player).map { (Int($0.shotsFired), Int($0.hitsLanded)) }
    }

    public func viewCenter(of player: PlayerID) -> (x: Int32, y: Int32)? {
        guard let state = playerState(player), let slot = entities.slot(of: state.entity) else { return nil }
        return (entities.x(at: slot), entities.y(at: slot))
    }

    // MARK: Queries

    /// The entity of `player`, if it is in the match.
    public func entity(of player: PlayerID) -> EntityID? {
        playerState(player)?.entity
    }

    /// Players in the match.
    public var playerCount: Int {
        entities.kinds.reduce(0) { $0 + ($1 == ArenaTables.playerKind ? 1 : 0) }
    }

    @inline(__always)
    func playerState(_ player: PlayerID) -> PlayerState? {
        Int(player) < players.count ? players[Int(player)] : nil
    }
}
