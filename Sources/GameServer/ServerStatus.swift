/// What an orchestrator needs to know about a running server, read on the I/O loop
/// (`GameServer.status`): how full it is, who is in it, and whether every room's game thread
/// is still alive.
public struct ServerStatus: Equatable, Sendable {
    public var rooms: Int
    public var players: Int
    /// Seats in all: `roomCapacity × maxRooms`.
    public var capacity: Int
    /// The seated players' ids (`SeatedPlayers.id`).
    public var playerIDs: Set<String>
    /// The longest time since any room's game thread last woke, in seconds (0 with no
    /// rooms): a thread that is merely late still wakes; one that stopped is stalled.
    public var longestWakeGapSeconds: Double

    public init(rooms: Int, players: Int, capacity: Int, playerIDs: Set<String>, longestWakeGapSeconds: Double) {
        self.rooms = rooms
        self.players = players
        self.capacity = capacity
        self.playerIDs = playerIDs
        self.longestWakeGapSeconds = longestWakeGapSeconds
    }
}
