import Wire

/// The descriptor as the wire carries it (`GameSchema`, inside `welcome`), and back.
/// Wire cannot import Simulation, so the message holds the Wire-level twin of this type;
/// these conversions are lossless both ways.
extension GameDescriptor {
    /// What `welcome` sends about this game.
    public var schema: GameSchema {
        GameSchema(name: name, version: version, kinds: entityKinds,
                   worldMinX: worldMinX, worldMinY: worldMinY, worldMaxX: worldMaxX, worldMaxY: worldMaxY,
                   viewRadius: viewRadius)
    }

    /// The descriptor a client rebuilds from a `welcome`.
    public init(schema: GameSchema) {
        self.init(name: schema.name, version: schema.version, entityKinds: schema.kinds,
                  worldMinX: schema.worldMinX, worldMinY: schema.worldMinY,
                  worldMaxX: schema.worldMaxX, worldMaxY: schema.worldMaxY, viewRadius: schema.viewRadius)
    }
}

extension WelcomeMessage {
    /// A welcome for a game described by `descriptor` (the server's usual spelling).
    public init(playerID: PlayerID, entityID: EntityID, tickRate: UInt16, snapshotInterval: UInt8,
                hashInterval: UInt16, currentTick: UInt32, resumeToken: UInt64, descriptor: GameDescriptor) {
        self.init(playerID: playerID, entityID: entityID, tickRate: tickRate, snapshotInterval: snapshotInterval,
                  hashInterval: hashInterval, currentTick: currentTick, resumeToken: resumeToken,
                  game: descriptor.schema)
    }
}
