import Synchronization
import Wire

/// What one viewer asked for since the replay or spectator thread last looked, handed from
/// the I/O thread (which decodes the viewer's messages) to that thread. Requests are merged,
/// not queued: of each kind only the newest counts, so however many messages a viewer sends,
/// the replay thread does at most one seek per viewer per frame and memory stays constant.
final class ReplayControls: Sendable {
    struct Pending: Equatable {
        var paused: Bool?
        var quarters: UInt8?
        var seek: UInt32?
        var follow: UInt16?
        /// A free camera's centre (raw world units); a later `follow` replaces it, and back.
        var camera: SIMD2<Int32>?

        var isEmpty: Bool { self == Pending() }
    }

    private struct State {
        var pending = Pending()
        /// The viewer's connection is gone.
        var closed = false
    }

    private let state = Mutex(State())

    /// I/O thread: records a request.
    func submit(_ action: ReplayAction) {
        state.withLock { state in
            switch action {
            case .play: state.pending.paused = false
            case .pause: state.pending.paused = true
            case .speed(let quarters): state.pending.quarters = quarters
            case .seek(let tick): state.pending.seek = tick
            case .follow(let player):
                state.pending.follow = player
                state.pending.camera = nil
            case .camera(let x, let y):
                state.pending.camera = SIMD2(x, y)
                state.pending.follow = nil
            }
        }
    }

    /// I/O thread: the connection ended; the replay thread forgets the viewer.
    func markClosed() {
        state.withLock { $0.closed = true }
    }

    /// Replay thread: the requests since the last call, and whether the connection is gone.
    func take() -> (pending: Pending, closed: Bool) {
        state.withLock { state in
            let taken = (state.pending, state.closed)
            state.pending = Pending()
            return taken
        }
    }
}
