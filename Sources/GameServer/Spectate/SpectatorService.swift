import Logging
import WebSocket
import Platform
import Wire
import Simulation

/// The spectator endpoint (`/spectate?room=ID`, or over Engine.IO `endpoint=spectate`), on the
/// I/O thread: finds the room, checks the cap, hands the spectator to the spectator thread,
/// and turns each `replayControl` (follow, camera) into a request for it. Spectators take no
/// seat, send no input and are not players: they are not in `game_players`, not in an
/// orchestrator's player counts, and never keep a server from being empty.
///
/// Every refusal is a close code with a reason, logged (warnings are rate-limited per label):
/// 4008 when no such room is running, 4004 when `maxSpectators` already watch, 4001 for
/// anything but a well-formed `replayControl`, 1003 for text, 4002 for a flood of controls.
final class SpectatorService<G: Game> {
    static var logger: Logger { Logger(label: "game.spectate") }

    let stand: SpectatorStand<G>
    /// The running room with `id` (nil: the first running room), as (id, tap); I/O thread.
    let room: (Int?) -> (id: Int, tap: SpectatorTap)?
    let maxMessagesPerSecond: Int
    let kicksMalformed: Counter

    init(stand: SpectatorStand<G>, maxMessagesPerSecond: Int, kicksMalformed: Counter,
         room: @escaping (Int?) -> (id: Int, tap: SpectatorTap)?) {
        self.stand = stand
        self.maxMessagesPerSecond = maxMessagesPerSecond
        self.kicksMalformed = kicksMalformed
        self.room = room
    }

    /// The handler for one new spectator connection, given the request's query.
    func connection(query: String?, now: UInt64) -> any MessageHandler {
        SpectatorConnection(service: self, query: query, now: now)
    }

    /// The `room` query parameter: nil when absent (the first room), `.failure` when not a number.
    static func roomID(fromQuery query: String?) -> Result<Int?, SpectateRequestError> {
        guard let query else { return .success(nil) }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts[0] == "room" else { continue }
            guard parts.count == 2, parts[1].utf8.count <= 9, let id = Int(parts[1]), id > 0 else {
                return .failure(.badRoom(String(parts.count == 2 ? parts[1].prefix(16) : "")))
            }
            return .success(id)
        }
        return .success(nil)
    }
}

/// Why a `/spectate` request names no room to watch: the close reason's detail.
enum SpectateRequestError: Error, Equatable, CustomStringConvertible {
    case badRoom(String)
    case noRoom(Int?)

    var description: String {
        switch self {
        case .badRoom(let text): "room must be a positive number, got \"\(text)\""
        case .noRoom(let id?): "no room \(id) is running"
        case .noRoom(nil): "no room is running"
        }
    }
}
