/// Server → client, once, before the first snapshot: who the player is, how time runs in
/// the room, and the game's schema (every field table), so the client can decode
/// snapshots of any game.
///
/// Body:
/// - `playerID` (16 bits) · `entityID` (32 bits; the player's own entity, 0 if none);
/// - `tickRate − 1` (ranged 1…65 535 Hz, 16 bits) · `snapshotInterval − 1` (ranged 1…255
///   ticks, 8 bits; 1 = a snapshot every tick) · `hashInterval` (16 bits, K: the server
///   includes a view hash every K ticks; 0 = never);
/// - `currentTick` (32 bits) · `resumeToken` (64 bits);
/// - the `GameSchema`.
public struct WelcomeMessage: WireMessage, Hashable, Sendable {
    public static let type = MessageType.welcome

    public var playerID: UInt16
    public var entityID: UInt32
    /// Ticks per second, ≥ 1.
    public var tickRate: UInt16
    /// Ticks between snapshots, ≥ 1.
    public var snapshotInterval: UInt8
    /// Ticks between view hashes (K); 0 means the server never sends one.
    public var hashInterval: UInt16
    public var currentTick: UInt32
    /// Present it in a later `hello` to take the same seat back after a reconnect.
    public var resumeToken: UInt64
    public var game: GameSchema

    public init() {
        playerID = 0
        entityID = 0
        tickRate = 1
        snapshotInterval = 1
        hashInterval = 0
        currentTick = 0
        resumeToken = 0
        game = GameSchema()
    }

    public init(playerID: UInt16, entityID: UInt32, tickRate: UInt16, snapshotInterval: UInt8,
                hashInterval: UInt16, currentTick: UInt32, resumeToken: UInt64, game: GameSchema) {
        self.playerID = playerID
        self.entityID = entityID
        self.tickRate = tickRate
        self.snapshotInterval = snapshotInterval
        self.hashInterval = hashInterval
        self.currentTick = currentTick
        self.resumeToken = resumeToken
        self.game = game
    }

    public mutating func serialize<S: BitStream>(_ stream: inout S) throws(S.Failure) {
        try stream.serialize(&playerID, bits: 16)
        try stream.serialize(&entityID, bits: 32)
        var rate = Int(tickRate)
        try stream.serialize(&rate, min: 1, max: Int(UInt16.max))
        tickRate = UInt16(truncatingIfNeeded: rate)
        var interval = Int(snapshotInterval)
        try stream.serialize(&interval, min: 1, max: Int(UInt8.max))
        snapshotInterval = UInt8(truncatingIfNeeded: interval)
        try stream.serialize(&hashInterval, bits: 16)
        try stream.serialize(&currentTick, bits: 32)
        try stream.serialize(&resumeToken, bits: 64)
        try game.serialize(&stream)
    }
}
