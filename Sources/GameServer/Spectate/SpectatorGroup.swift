import Simulation

/// The spectators of one room who look at the same thing — one followed player, or one cell
/// of the free-camera grid — and the one copy of the view they were all sent. Per frame the
/// group's snapshot is encoded once, as a delta from `view`, and the same bytes go to every
/// member that took the previous one; members who missed it (busy socket) or just arrived get
/// the group's full snapshot, also encoded once. So the encoding cost is per distinct view,
/// not per spectator, and a slow spectator's next snapshot is the newest, never a queue.
final class SpectatorGroup {
    enum Target: Hashable {
        case player(PlayerID)
        /// A free-camera grid cell's centre.
        case camera(x: Int32, y: Int32)
    }

    let target: Target
    var members = 0
    /// What every in-sync member's client has.
    var view = ViewState()
    /// Scratch for the full snapshot (reset before each use).
    var fresh = ViewState()
    var lastHashTick: UInt32?
    /// This frame's bytes for in-sync members: events, then the delta (framed for `offer`).
    var delta: [UInt8] = []
    /// This frame's full snapshot, framed; empty when nobody needs it.
    var full: [UInt8] = []
    /// Set while gathering a frame: someone takes the delta / the full snapshot.
    var wantsDelta = false
    var wantsFull = false

    init(target: Target) {
        self.target = target
    }

    var followed: PlayerID {
        if case .player(let player) = target { return player }
        return 0
    }
}
