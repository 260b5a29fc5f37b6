import Synchronization

/// The ids of the players seated in every room, kept by the rooms' threads at seat and unseat
/// and read by whoever reports them (the Agones player tracking, once a second). A player
/// keeps its id through a resume: it keeps its seat.
public final class SeatedPlayers: Sendable {
    private let ids = Mutex<Set<String>>([])

    public init() {}

    /// `ROOM.PLAYER`: unique while the player is seated.
    public static func id(room: Int, player: UInt16) -> String { "\(room).\(player)" }

    func insert(_ id: String) { _ = ids.withLock { $0.insert(id) } }
    func remove(_ id: String) { _ = ids.withLock { $0.remove(id) } }

    public var current: Set<String> { ids.withLock { $0 } }
}
