import Synchronization
import Wire
import Simulation

/// What the I/O thread hands a room's game thread, drained once per tick by swapping arrays
/// under one lock. Also the room's seat table, so "is there a free seat" and "the room is
/// closing" are decided under the same lock and a join can never land in a closed room.
final class RoomInbox: Sendable {
    struct Join {
        var player: PlayerID
        var name: String
        var channel: SessionChannel
        var resumeToken: UInt64
    }

    /// A player's connection ended. The player stays seated for the resume grace period, so
    /// a reconnect with its token continues the same player; `channel` says which connection
    /// ended, so the close of a connection that was already replaced is ignored.
    struct Disconnect {
        var player: PlayerID
        var channel: SessionChannel
    }

    /// A reconnect that presented a seated player's resume token.
    struct Resume {
        var player: PlayerID
        var channel: SessionChannel
    }

    struct Contents {
        var joins: [Join] = []
        var resumes: [Resume] = []
        var leaves: [Disconnect] = []
        var inputs: [(player: PlayerID, input: PlayerInput)] = []
        var chats: [(player: PlayerID, text: String)] = []

        var isEmpty: Bool { joins.isEmpty && resumes.isEmpty && leaves.isEmpty && inputs.isEmpty && chats.isEmpty }

        mutating func removeAll() {
            joins.removeAll(keepingCapacity: true)
            resumes.removeAll(keepingCapacity: true)
            leaves.removeAll(keepingCapacity: true)
            inputs.removeAll(keepingCapacity: true)
            chats.removeAll(keepingCapacity: true)
        }
    }

    struct State {
        var contents = Contents()
        var freePlayerIDs: [PlayerID]
        /// Resume tokens of seated players. Kept under the same lock as the seats, so a token
        /// can only ever name the player it was issued to, never a later holder of its id.
        var playerByToken: [UInt64: PlayerID] = [:]
        var seated = 0
        var accepting = true
    }

    let capacity: Int
    /// Inputs beyond this many per tick are dropped: an I/O side that outruns a stalled game
    /// thread cannot grow the inbox without bound.
    let maxInputsPerTick: Int
    private let state: Mutex<State>

    init(capacity: Int) {
        self.capacity = capacity
        self.maxInputsPerTick = capacity * 24
        // Player ids 1...capacity, lowest first.
        state = Mutex(State(freePlayerIDs: (1...PlayerID(capacity)).reversed()))
    }

    /// Takes a seat and queues the join; nil when the room is full or closing.
    func join(name: String, channel: SessionChannel, resumeToken: UInt64) -> PlayerID? {
        state.withLock { state in
            guard state.accepting, let player = state.freePlayerIDs.popLast() else { return nil }
            state.seated += 1
            state.playerByToken[resumeToken] = player
            state.contents.joins.append(Join(player: player, name: name, channel: channel, resumeToken: resumeToken))
            return player
        }
    }

    /// Reattaches the seated player holding `token` to a new connection; nil when no seated
    /// player holds it (it expired, or never existed).
    func resume(token: UInt64, channel: SessionChannel) -> PlayerID? {
        state.withLock { state in
            guard state.accepting, let player = state.playerByToken[token] else { return nil }
            state.contents.resumes.append(Resume(player: player, channel: channel))
            return player
        }
    }

    func disconnected(_ player: PlayerID, channel: SessionChannel) {
        state.withLock { $0.contents.leaves.append(Disconnect(player: player, channel: channel)) }
    }

    /// Queues inputs; returns how many were dropped because the inbox is full.
    /// Queues `inputs`, moving any view claimed older than `oldestView` up to it (wrap-aware);
    /// returns how many were dropped (the inbox is full) and how many claims were moved.
    func add(inputs: UnsafeBufferPointer<PlayerInput>, from player: PlayerID, oldestView: UInt32? = nil) -> (dropped: Int, clamped: Int) {
        state.withLock { state in
            let room = max(0, maxInputsPerTick - state.contents.inputs.count)
            var clamped = 0
            for var input in inputs.prefix(room) {
                if let oldestView, Int32(bitPattern: input.tick &- oldestView) < 0 {
                    input.tick = oldestView
                    clamped += 1
                }
                state.contents.inputs.append((player, input))
            }
            return (max(0, inputs.count - room), clamped)
        }
    }

    func add(chat text: String, from player: PlayerID) {
        state.withLock { state in
            if state.contents.chats.count < capacity { state.contents.chats.append((player, text)) }
        }
    }

    /// Game thread: swaps the queued work into `drained` (whose old contents must be processed).
    func drain(into drained: inout Contents) {
        drained.removeAll()
        state.withLock { swap(&$0.contents, &drained) }
    }

    /// Game thread: the player is gone for good; its seat and token are free again.
    func freeSeat(_ player: PlayerID, token: UInt64) {
        state.withLock { state in
            state.seated -= 1
            state.freePlayerIDs.append(player)
            if state.playerByToken[token] == player { state.playerByToken[token] = nil }
        }
    }

    /// Game thread: closes the room if nobody is seated and nothing is queued. After it returns
    /// true no join can be accepted.
    func closeIfEmpty() -> Bool {
        state.withLock { state in
            guard state.seated == 0 && state.contents.isEmpty else { return false }
            state.accepting = false
            return true
        }
    }

    var seatedCount: Int { state.withLock { $0.seated } }
}
