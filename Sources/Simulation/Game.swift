import Wire

/// What a game author implements: the rules, and nothing about networking. The server owns
/// the clock and the players; each tick it calls, in this order and always on one thread:
/// `addPlayer`/`removePlayer` for joins and leaves, `apply` once per player with that tick's
/// input, then `step`. It reads `entities` to build every player's snapshot.
///
/// A game must be deterministic: the same seed, settings and call sequence give the same
/// entity state, bit for bit (integer or fixed-point math only, randomness only from a
/// `SeededRandom` made from `seed`, a fixed iteration order). Replays depend on it.
///
/// `Arena` (Sources/Arena) is the worked example.
public protocol Game {
    /// Name, version, entity kinds with their field tables, input fields, world bounds, view
    /// size.
    static var descriptor: GameDescriptor { get }

    /// The settings `init` reads from `GameSettings`, in name order (none by default).
    static var settingSpecs: [GameSettingSpec] { get }

    init(seed: UInt64, settings: GameSettings)

    /// All entities with their current field values; the server only reads it.
    var entities: EntityStore { get }

    /// A player joined: spawn its entity and return that entity's id.
    mutating func addPlayer(_ player: PlayerID, name: String) -> EntityID

    /// A player left: despawn what belongs to it.
    mutating func removePlayer(_ player: PlayerID)

    /// The player's input for this tick: the fields of `descriptor.inputs`, each already
    /// clamped and quantized to its range by the wire. A game may keep the last applied
    /// input as the player's intent: the server guarantees that a player whose inputs stop
    /// arriving stands still. It repeats the last input (its `release` fields at rest) for a
    /// few ticks, so a late packet costs nothing visible, then applies one resting input
    /// (`release` and `hold` fields at rest, `keep` fields as they were, the last sequence)
    /// and then nothing until inputs resume. A backlog that a network freeze left (more than
    /// three inputs waiting for half a second) is drained by applying two consecutive inputs as
    /// one: the newer, with each `release` field the larger of the two, so no press is lost.
    /// Every applied input, stand-ins and merged ones included, is recorded.
    mutating func apply(_ input: PlayerInput, for player: PlayerID)

    /// Advances the world by one tick. Append what players must be told to `events`.
    mutating func step(tick: UInt32, events: inout [GameEvent])

    /// Where the player's view is centred (usually its entity's position); nil if it has none.
    func viewCenter(of player: PlayerID) -> (x: Int32, y: Int32)?

    /// Writes everything between two ticks that decides the future: the entities and every
    /// piece of rules-only state (timers, cooldowns, stored inputs, the RNG). Recordings store
    /// it in keyframes so a replay can start there instead of at tick 0, and compare it byte
    /// for byte to check a re-simulation, so it must be deterministic: the same state always
    /// writes the same bytes. Settings need not be written: they are in the recording header.
    func saveState(into writer: inout ByteWriter)

    /// Replaces the state with one `saveState` wrote, on a game made by `init` with the same
    /// seed and settings. Throws on bytes that are not such a state; the game is then unusable.
    mutating func restoreState(from reader: inout ByteReader) throws(ByteReadError)
}

extension Game {
    public static var settingSpecs: [GameSettingSpec] { [] }
}
