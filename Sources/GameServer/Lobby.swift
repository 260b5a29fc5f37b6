import Logging
import WebSocket
import Platform
import Simulation
import Recording

/// Seats players in rooms: the first running room with a free seat, else a new room (up to
/// `maxRooms`). Owned by the I/O thread; rooms report their end back to it through the loop.
final class Lobby<G: Game> {
    static var logger: Logger { Logger(label: "game.lobby") }

    private let configuration: GameServerConfiguration
    private let metrics: ServerMetrics
    private let loop: EventLoop
    private(set) var rooms: [Room<G>] = []
    private var nextRoomID = 1
    private let baseSeed: UInt64
    private var shuttingDown = false
    /// Which room issued each live resume token; entries go when the player leaves for good
    /// (the room reports it) or its room closes, so the map stays as small as the player count.
    private var roomByToken: [UInt64: Room<G>] = [:]
    private let recordingWriter: RecordingWriter?

    init(configuration: GameServerConfiguration, metrics: ServerMetrics, loop: EventLoop, recordingWriter: RecordingWriter? = nil) {
        self.recordingWriter = recordingWriter
        self.configuration = configuration
        self.metrics = metrics
        self.loop = loop
        var system = SystemRandomNumberGenerator()
        baseSeed = configuration.seed ?? system.next()
    }

    /// Why new players are not seated now (an orchestrator has not given this server a match
    /// yet), or nil when they are. Resumes are not refused: their players hold seats.
    var refusal: String?

    /// A seat for a new player, or nil when every room is full and no room may open (or new
    /// players are refused: `refusal`).
    func seat(name: String, channel: SessionChannel, resumeToken: UInt64) -> (room: Room<G>, player: PlayerID)? {
        guard !shuttingDown, refusal == nil else { return nil }
        for room in rooms {
            if let player = room.inbox.join(name: name, channel: channel, resumeToken: resumeToken) {
                roomByToken[resumeToken] = room
                return (room, player)
            }
        }
        guard rooms.count < configuration.maxRooms else { return nil }
        let id = nextRoomID
        nextRoomID += 1
        let bound = LoopBound(self, loop: loop)
        let room = Room<G>(id: id, seed: baseSeed &+ UInt64(id - 1), configuration: configuration, metrics: metrics, loop: loop,
                           recordingWriter: recordingWriter,
                           onPlayerGone: { token in bound.loop.execute { bound.value.roomByToken[token] = nil } },
                           onClosed: { closedID in bound.loop.execute { bound.value.roomClosed(closedID) } })
        rooms.append(room)
        metrics.rooms.add(1)
        room.start()
        Self.logger.info("room \(id) opened (seed \(room.seed))")
        guard let player = room.inbox.join(name: name, channel: channel, resumeToken: resumeToken) else { return nil }
        roomByToken[resumeToken] = room
        return (room, player)
    }

    /// The seated player holding `token`, reattached to `channel`; nil if no such player.
    func resume(token: UInt64, channel: SessionChannel) -> (room: Room<G>, player: PlayerID)? {
        guard !shuttingDown, let room = roomByToken[token] else { return nil }
        guard let player = room.inbox.resume(token: token, channel: channel) else {
            roomByToken[token] = nil
            return nil
        }
        return (room, player)
    }

    private func roomClosed(_ id: Int) {
        guard let index = rooms.firstIndex(where: { $0.id == id }) else { return }
        let room = rooms.remove(at: index)
        roomByToken = roomByToken.filter { $0.value !== room }
        // The thread is past its last act (this callback); detach rather than join, so the
        // I/O thread never waits on another thread.
        room.driver.detach()
        metrics.rooms.add(-1)
    }

    /// Stops every room (players get 1001); no new seats are given out.
    func shutdown() {
        shuttingDown = true
        for room in rooms { room.stop() }
    }

    var isEmpty: Bool { rooms.isEmpty }

    /// The running room spectators asked for (nil: the first running room), for `/spectate`.
    func spectatorRoom(_ id: Int?) -> (id: Int, tap: SpectatorTap)? {
        guard !shuttingDown, let room = id.map({ id in rooms.first { $0.id == id } }) ?? rooms.first else { return nil }
        return (room.id, room.spectatorTap)
    }
}
