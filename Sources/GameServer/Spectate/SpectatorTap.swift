import Synchronization
import Recording

/// The switch between a room's game thread and the spectator thread: whether the room feeds
/// its spectators, and the memory sink it feeds. The spectator thread opens the tap when a
/// room gets its first spectator and closes it when the last has gone; the room looks at one
/// atomic per tick and, when it changed, starts its feed (a header and a keyframe of the
/// current state, then every tick's recorded calls) into the new sink, or stops it. A room
/// nobody watches costs nothing.
final class SpectatorTap: Sendable {
    /// `generation << 1 | wanted`; only the spectator thread writes it.
    private let state = Atomic<Int>(0)
    /// The sink a new generation offers, taken by the room once.
    private let offered = Mutex<RecordingSink?>(nil)
    /// The room's game thread has finished: no feed will come.
    private let roomClosed = Atomic<Bool>(false)

    /// Spectator thread: asks the room for a fresh feed; returns the sink it will fill.
    func open(maxPendingBytes: Int) -> RecordingSink {
        let sink = RecordingSink(memoryFeedOf: maxPendingBytes)
        offered.withLock { $0 = sink }
        let generation = state.load(ordering: .relaxed) >> 1
        state.store((generation + 1) << 1 | 1, ordering: .releasing)
        return sink
    }

    /// Spectator thread: nobody watches any more; the room stops feeding.
    func close() {
        offered.withLock { $0 = nil }
        let generation = state.load(ordering: .relaxed) >> 1
        state.store((generation + 1) << 1, ordering: .releasing)
    }

    /// Game thread, every tick: compare with the value last acted on.
    @inline(__always)
    var current: Int { state.load(ordering: .acquiring) }

    /// Game thread, when `current` changed: whether a feed is wanted, and the new sink if one
    /// was offered since the last call.
    func take() -> (state: Int, wanted: Bool, sink: RecordingSink?) {
        let now = state.load(ordering: .acquiring)
        let sink = offered.withLock { slot in
            defer { slot = nil }
            return slot
        }
        return (now, now & 1 == 1, sink)
    }

    /// Game thread, last: the room is closed.
    func markRoomClosed() { roomClosed.store(true, ordering: .releasing) }

    var isRoomClosed: Bool { roomClosed.load(ordering: .acquiring) }
}
