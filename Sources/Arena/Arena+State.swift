import Simulation
import Wire

/// Keyframes: Arena's whole state between two ticks, for recordings. Besides the entity store
/// that is the RNG, each player's stored input, timers and accuracy, each slot's rules state,
/// the drones waiting to respawn and lag compensation's position history (without it a seek
/// would judge the next shots against a world it no longer remembers). The collision grid is not state: `step` leaves it stale, so the
/// next reader rebuilds it from the entities, here as in the original run.
extension Arena {
    /// Largest player id a keyframe may hold (ids are `UInt16`); bounds a damaged count.
    static let maxSavedPlayers = Int(UInt16.max) + 1

    public func saveState(into writer: inout ByteWriter) {
        entities.save(into: &writer)
        let words = random.state
        writer.u64(words.0); writer.u64(words.1); writer.u64(words.2); writer.u64(words.3)
        writer.varint(UInt64(players.count))
        for state in players {
            guard let state else {
                writer.bool(false)
                continue
            }
            writer.bool(true)
            writer.u32(state.entity)
            writer.u32(state.input.sequence)
            writer.u32(state.input.tick)
            writer.u8(state.input.buttons)
            writer.u16(state.input.aim)
            writer.u8(UInt8(bitPattern: state.input.moveX))
            writer.u8(UInt8(bitPattern: state.input.moveY))
            writer.i32(state.cooldown)
            writer.i32(state.respawnCountdown)
            writer.i32(state.dronesDestroyed)
            writer.i32(state.shotsFired)
            writer.i32(state.hitsLanded)
        }
        // One per entity slot, in slot order: the count is the store's.
        for state in slotStates {
            writer.i32(state.countdown)
            writer.i32(state.goalX)
            writer.i32(state.goalY)
            writer.u32(state.life)
            writer.i32(state.rewind)
        }
        writer.varint(UInt64(droneRespawns.count))
        for countdown in droneRespawns { writer.i32(countdown) }
        history?.save(into: &writer)
    }

    public mutating func restoreState(from reader: inout ByteReader) throws(ByteReadError) {
        let storeAt = reader.offset
        let store = try EntityStore.load(from: &reader)
        let at = reader.offset
        guard let restored = SeededRandom(state: (try reader.u64(), try reader.u64(), try reader.u64(), try reader.u64())) else {
            throw ByteReadError(offset: at, "the random generator's state is all zero")
        }
        let playerCount = try reader.count(atMost: Self.maxSavedPlayers, "player count")
        var players: [PlayerState?] = []
        players.reserveCapacity(playerCount)
        for _ in 0..<playerCount {
            guard try reader.bool() else {
                players.append(nil)
                continue
            }
            let entityAt = reader.offset
            let entity = try reader.u32()
            guard store.contains(entity) else {
                throw ByteReadError(offset: entityAt, "a player's entity \(entity) is not in the store")
            }
            let sequence = try reader.u32(), tick = try reader.u32(), buttons = try reader.u8(), aim = try reader.u16()
            let moveX = Int8(bitPattern: try reader.u8()), moveY = Int8(bitPattern: try reader.u8())
            let input = PlayerInput(sequence: sequence, tick: tick, buttons: buttons, aim: aim, moveX: moveX, moveY: moveY)
            players.append(PlayerState(entity: entity, input: input, cooldown: try reader.i32(),
                                       respawnCountdown: try reader.i32(), dronesDestroyed: try reader.i32(),
                                       shotsFired: try reader.i32(), hitsLanded: try reader.i32()))
        }
        // The rules index `players` by a player entity's `player` field and look entities up
        // by a player's `entity`: both directions must agree, or a step would trap.
        for slot in 0..<store.count where store.kinds[slot] == ArenaTables.playerKind {
            let player = Int(store[slot, ArenaTables.PlayerField.player])
            guard player >= 0 && player < players.count && players[player]?.entity == store.ids[slot] else {
                throw ByteReadError(offset: storeAt, "player entity \(store.ids[slot]) names player \(player), whose entity it is not")
            }
        }
        for (player, state) in players.enumerated() {
            guard let state else { continue }
            guard let slot = store.slot(of: state.entity), store.kinds[slot] == ArenaTables.playerKind else {
                throw ByteReadError(offset: storeAt, "player \(player)'s entity \(state.entity) is not a player entity")
            }
        }
        var slotStates: [SlotState] = []
        slotStates.reserveCapacity(store.count)
        for _ in 0..<store.count {
            let countdown = try reader.i32(), goalX = try reader.i32(), goalY = try reader.i32()
            let life = try reader.u32()
            let rewindAt = reader.offset
            let rewind = try reader.i32()
            guard (0...settings.maxUnlagTicks).contains(rewind) else {
                throw ByteReadError(offset: rewindAt, "a projectile's rewind \(rewind) is outside 0...\(settings.maxUnlagTicks)")
            }
            slotStates.append(SlotState(countdown: countdown, goalX: goalX, goalY: goalY, life: life, rewind: rewind))
        }
        let respawnCount = try reader.count(atMost: 1 << 20, "drone respawn count")
        var droneRespawns: [Int32] = []
        droneRespawns.reserveCapacity(respawnCount)
        for _ in 0..<respawnCount { droneRespawns.append(try reader.i32()) }
        let history = settings.maxUnlagTicks > 0
            ? try PositionHistory.load(from: &reader, capacity: Int(settings.maxUnlagTicks)) : nil

        entities = store
        random = restored
        self.players = players
        self.slotStates = slotStates
        self.droneRespawns = droneRespawns
        self.history = history
        gridIsStale = true
        pendingDespawns.removeAll(keepingCapacity: true)
        livingPlayerSlots.removeAll(keepingCapacity: true)
    }
}
