import Wire
import Simulation

/// A seated player as the game thread sees it. Owned by the room's game thread. A class, so
/// the per-tick updates of its view state and buffers happen in place, never copy-on-write.
final class PlayerSlot {
    let player: PlayerID
    let entity: EntityID
    let name: String
    /// The player's current connection; replaced when it resumes on a new one.
    var channel: SessionChannel
    /// The tick its connection ended, while it waits to be resumed; nil when connected.
    var detachedAt: UInt32?
    let resumeToken: UInt64
    var inputs = InputBuffer()
    /// What this player's socket was last sent; every snapshot is a delta from it.
    var view = ViewState()
    /// Sequence of the last input applied, echoed in every snapshot for client reconciliation.
    var lastAppliedSequence: UInt32 = 0
    /// The last input applied: a player whose connection drops keeps its `keep` fields (say,
    /// where it faces) in the resting input it is given. All zero until one is applied.
    var lastInput = PlayerInput(sequence: 0, tick: 0)
    /// Events waiting for the socket to be free; bounded by `Room.maxPendingEvents`.
    var pendingEvents: [GameEvent] = []
    var welcomeSent = false
    /// Consecutive snapshot ticks this player's socket was not free.
    var stalledSnapshots = 0
    var closing = false

    init(player: PlayerID, entity: EntityID, name: String, channel: SessionChannel, resumeToken: UInt64) {
        self.player = player
        self.entity = entity
        self.name = name
        self.channel = channel
        self.resumeToken = resumeToken
    }
}
