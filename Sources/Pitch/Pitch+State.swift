import Simulation
import Wire

/// Keyframes: Pitch's whole state between two ticks, for recordings. Besides the entity store
/// (which holds the phase, its clock and the scores in the match entity) that is the RNG,
/// each player's intent and kick cooldown, the goal pause's half and clock, and the last
/// toucher. `restoreState` checks everything it reads against the invariants the rules rely
/// on (kinds, field ranges, one ball, one match, players matching their entities), so a
/// damaged state throws instead of trapping later.
extension Pitch {
    /// Largest player count a keyframe may hold (ids are `UInt16`); bounds a damaged count.
    static let maxSavedPlayers = Int(UInt16.max) + 1

    public func saveState(into writer: inout ByteWriter) {
        entities.save(into: &writer)
        let words = random.state
        writer.u64(words.0); writer.u64(words.1); writer.u64(words.2); writer.u64(words.3)
        writer.u32(ball)
        writer.u32(match)
        writer.u8(UInt8(resumePhase.rawValue))
        writer.i32(resumeTicks)
        if let lastToucher {
            writer.bool(true)
            writer.u16(lastToucher)
        } else {
            writer.bool(false)
        }
        writer.varint(UInt64(players.count))
        for state in players {
            writer.u16(state.player)
            writer.u32(state.entity)
            writer.i32(state.intent.moveX)
            writer.i32(state.intent.moveY)
            writer.bool(state.intent.kick)
            writer.i32(state.kickCooldown)
        }
    }

    public mutating func restoreState(from reader: inout ByteReader) throws(ByteReadError) {
        let storeAt = reader.offset
        let store = try EntityStore.load(from: &reader, maxEntities: Self.maxSavedPlayers + 2)
        try Self.validate(store, at: storeAt)
        let at = reader.offset
        guard let restored = SeededRandom(state: (try reader.u64(), try reader.u64(), try reader.u64(), try reader.u64())) else {
            throw ByteReadError(offset: at, "the random generator's state is all zero")
        }
        let ballAt = reader.offset
        let ball = try reader.u32(), match = try reader.u32()
        guard let ballSlot = store.slot(of: ball), store.kinds[ballSlot] == PitchTables.ballKind,
              let matchSlot = store.slot(of: match), store.kinds[matchSlot] == PitchTables.matchKind else {
            throw ByteReadError(offset: ballAt, "the ball \(ball) or the match \(match) is not such an entity")
        }
        let phaseAt = reader.offset
        guard let resumePhase = PitchPhase(rawValue: Int32(try reader.u8())), resumePhase.isHalf else {
            throw ByteReadError(offset: phaseAt, "the goal pause's half is not a half")
        }
        let resumeAt = reader.offset
        let resumeTicks = try reader.i32()
        guard (0...PitchTables.maxTicks).contains(resumeTicks) else {
            throw ByteReadError(offset: resumeAt, "the goal pause's clock \(resumeTicks) is out of range")
        }
        let lastToucher: PlayerID? = try reader.bool() ? try reader.u16() : nil
        let playerCount = try reader.count(atMost: Self.maxSavedPlayers, "player count")
        var players: [PlayerState] = []
        players.reserveCapacity(playerCount)
        for _ in 0..<playerCount {
            let entryAt = reader.offset
            let player = try reader.u16(), entity = try reader.u32()
            guard players.last.map({ $0.player < player }) ?? true else {
                throw ByteReadError(offset: entryAt, "players are not in ascending id order")
            }
            guard let slot = store.slot(of: entity), store.kinds[slot] == PitchTables.playerKind,
                  store[slot, PitchTables.PlayerField.player] == Int32(player) else {
                throw ByteReadError(offset: entryAt, "player \(player)'s entity \(entity) is not its player entity")
            }
            let moveX = try reader.i32(), moveY = try reader.i32(), kick = try reader.bool()
            let cooldownAt = reader.offset
            let cooldown = try reader.i32()
            guard (0...settings.kickCooldown).contains(cooldown) else {
                throw ByteReadError(offset: cooldownAt, "kick cooldown \(cooldown) is out of range")
            }
            players.append(PlayerState(player: player, entity: entity,
                                       intent: PitchInput(moveX: moveX, moveY: moveY, kick: kick), kickCooldown: cooldown))
        }
        let playerEntities = store.kinds.reduce(0) { $0 + ($1 == PitchTables.playerKind ? 1 : 0) }
        guard playerEntities == players.count else {
            throw ByteReadError(offset: reader.offset, "\(playerEntities) player entities for \(players.count) players")
        }

        entities = store
        random = restored
        self.ball = ball
        self.match = match
        self.resumePhase = resumePhase
        self.resumeTicks = resumeTicks
        self.lastToucher = lastToucher.flatMap { id in players.contains { $0.player == id } ? id : nil }
        self.players = players
    }

    /// Every entity's kind is Pitch's, every field inside its table's range (unused trailing
    /// fields 0), with exactly one ball and one match in a known phase.
    static func validate(_ store: EntityStore, at offset: Int) throws(ByteReadError) {
        var balls = 0, matches = 0
        for slot in 0..<store.count {
            let kind = store.kinds[slot]
            guard Int(kind) < PitchTables.all.count else {
                throw ByteReadError(offset: offset, "entity \(store.ids[slot]) has unknown kind \(kind)")
            }
            let table = PitchTables.all[Int(kind)]
            for field in 0..<EntityStore.stride {
                let value = store[slot, field]
                let legal = field < table.count
                    ? value >= table.fields[field].range.min && value <= table.fields[field].range.max
                    : value == 0
                guard legal else {
                    throw ByteReadError(offset: offset, "entity \(store.ids[slot]) field \(field) holds \(value)")
                }
            }
            if kind == PitchTables.ballKind { balls += 1 }
            if kind == PitchTables.matchKind {
                matches += 1
                guard PitchPhase(rawValue: store[slot, PitchTables.MatchField.phase]) != nil else {
                    throw ByteReadError(offset: offset, "the match's phase \(store[slot, PitchTables.MatchField.phase]) is unknown")
                }
            }
        }
        guard balls == 1, matches == 1 else {
            throw ByteReadError(offset: offset, "\(balls) balls and \(matches) matches, not one of each")
        }
    }
}
