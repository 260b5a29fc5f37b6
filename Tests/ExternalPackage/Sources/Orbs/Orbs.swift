import Simulation
import Wire

/// The smallest whole game: players move dots around a square; touching the orb scores a
/// point and sends the orb somewhere else. Integer math and a seeded generator only, so
/// every run with the same seed and inputs is the same, which the view hashes check.
public struct Orbs: Game, Sendable {
    public static let playerKind: UInt8 = 0
    public static let orbKind: UInt8 = 1
    static let size: Int32 = 4_096
    static let position = QuantizedRange(min: 0, max: size, step: 1)

    public static let descriptor = GameDescriptor(
        name: "Orbs", version: 1,
        kinds: [
            FieldTable(kind: playerKind, name: "player", fields: [
                FieldSpec("x", position), FieldSpec("y", position),
                FieldSpec("score", QuantizedRange(min: 0, max: 1_000, step: 1)),
            ]),
            FieldTable(kind: orbKind, name: "orb", fields: [FieldSpec("x", position), FieldSpec("y", position)]),
        ],
        // What a player sends each tick: a direction on each axis, held while inputs are late.
        inputs: InputTable([
            InputField("moveX", QuantizedRange(min: -1, max: 1, step: 1), whenLate: .hold),
            InputField("moveY", QuantizedRange(min: -1, max: 1, step: 1), whenLate: .hold),
        ]),
        worldMinX: 0, worldMinY: 0, worldMaxX: size, worldMaxY: size, viewRadius: size)

    public static let settingSpecs = [GameSettingSpec(name: "speed", range: 1...200, defaultValue: 24)]

    public private(set) var entities = EntityStore()
    private var random: SeededRandom
    private let speed: Int32
    private var orb: EntityID = 0
    /// Each player's entity and its last movement, in player order (deterministic iteration).
    private var players: [(player: PlayerID, entity: EntityID, moveX: Int32, moveY: Int32)] = []

    public init(seed: UInt64, settings: GameSettings) {
        random = SeededRandom(seed: seed)
        speed = min(max(settings["speed"] ?? 24, 1), 200)
        orb = entities.spawn(kind: Self.orbKind, fields: [random.int(in: 0...Self.size), random.int(in: 0...Self.size)])
    }

    public mutating func addPlayer(_ player: PlayerID, name: String) -> EntityID {
        let entity = entities.spawn(kind: Self.playerKind, fields: [random.int(in: 0...Self.size), random.int(in: 0...Self.size), 0])
        players.append((player, entity, 0, 0))
        return entity
    }

    public mutating func removePlayer(_ player: PlayerID) {
        guard let index = players.firstIndex(where: { $0.player == player }) else { return }
        entities.despawn(players[index].entity)
        players.remove(at: index)
    }

    public mutating func apply(_ input: PlayerInput, for player: PlayerID) {
        guard let index = players.firstIndex(where: { $0.player == player }) else { return }
        players[index].moveX = input[0]  // the descriptor's input fields, in order
        players[index].moveY = input[1]
    }

    public mutating func step(tick: UInt32, events: inout [GameEvent]) {
        guard let orbSlot = entities.slot(of: orb) else { return }
        for entry in players {
            guard let slot = entities.slot(of: entry.entity) else { continue }
            let x = min(max(entities[slot, 0] + entry.moveX * speed, 0), Self.size)
            let y = min(max(entities[slot, 1] + entry.moveY * speed, 0), Self.size)
            entities[slot, 0] = x
            entities[slot, 1] = y
            if abs(x - entities[orbSlot, 0]) < 128 && abs(y - entities[orbSlot, 1]) < 128 {
                entities[slot, 2] = min(entities[slot, 2] + 1, 1_000)
                entities[orbSlot, 0] = random.int(in: 0...Self.size)
                entities[orbSlot, 1] = random.int(in: 0...Self.size)
            }
        }
    }

    public func viewCenter(of player: PlayerID) -> (x: Int32, y: Int32)? {
        guard let entry = players.first(where: { $0.player == player }), let slot = entities.slot(of: entry.entity) else { return nil }
        return (entities[slot, 0], entities[slot, 1])
    }

    public func saveState(into writer: inout ByteWriter) {
        entities.save(into: &writer)
        let state = random.state
        writer.u64(state.0); writer.u64(state.1); writer.u64(state.2); writer.u64(state.3)
        writer.u32(orb)
        writer.u32(UInt32(players.count))
        for entry in players {
            writer.u32(UInt32(entry.player)); writer.u32(entry.entity); writer.i32(entry.moveX); writer.i32(entry.moveY)
        }
    }

    public mutating func restoreState(from reader: inout ByteReader) throws(ByteReadError) {
        entities = try EntityStore.load(from: &reader)
        guard let restored = SeededRandom(state: (try reader.u64(), try reader.u64(), try reader.u64(), try reader.u64())) else {
            throw ByteReadError(offset: reader.offset, "an all-zero generator state")
        }
        random = restored
        orb = try reader.u32()
        let count = try reader.u32()
        guard count <= UInt32(PlayerID.max) else { throw ByteReadError(offset: reader.offset, "too many players") }
        players = []
        for _ in 0..<count {
            let player = try reader.u32()
            guard player <= UInt32(PlayerID.max) else { throw ByteReadError(offset: reader.offset, "bad player id") }
            players.append((PlayerID(player), try reader.u32(), try reader.i32(), try reader.i32()))
        }
    }
}
