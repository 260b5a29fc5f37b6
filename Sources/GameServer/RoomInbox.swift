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

    struct Contents {
        var joins: [Join] = []
        var leaves: [PlayerID] = []
        var inputs: [(player: PlayerID, input: PlayerInput)] = []
        var chats: [(player: PlayerID, text: String)] = []

        var isEmpty: Bool { joins.isEmpty && leaves.isEmpty && inputs.isEmpty && chats.isEmpty }

        mutating func removeAll() {
            joins.removeAll(keepingCapacity: true)
            leaves.removeAll(keepingCapacity: true)
            inputs.removeAll(keepingCapacity: true)
            chats.removeAll(keepingCapacity: true)
        }
    }

    struct State {
        var contents = Contents()
        var freePlayerIDs: [PlayerID]
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
            state.contents.joins.append(Join(player: player, name: name, channel: channel, resumeToken: resumeToken))
            return player
        }
    }

    func leave(_ player: PlayerID) {
        state.withLock { $0.contents.leaves.append(player) }
    }

    /// Queues inputs; returns how many were dropped because the inbox is full.
    func add(inputs: UnsafeBufferPointer<PlayerInput>, from player: PlayerID) -> Int {
        state.withLock { state in
            let room = max(0, maxInputsPerTick - state.contents.inputs.count)
            for input in inputs.prefix(room) { state.contents.inputs.append((player, input)) }
            return max(0, inputs.count - room)
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

    /// Game thread: a leave was processed, the seat is free again.
    func freeSeat(_ player: PlayerID) {
        state.withLock { state in
            state.seated -= 1
            state.freePlayerIDs.append(player)
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
