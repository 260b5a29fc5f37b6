import Simulation

/// One person watching a running room: what they chose to look at, the group of spectators
/// looking at the same thing, and whether their client must start over. Owned by the
/// spectator thread (`SpectatorStand`); the I/O thread reaches it only through `controls`
/// (requests in) and `channel` (bytes out). A spectator holds no view state of its own — its
/// group does — so its memory is a few words whatever the match.
final class Spectator {
    let id: Int
    let peer: String
    let channel: SessionChannel
    let controls: ReplayControls

    // Owned by the spectator thread.
    var followed: PlayerID = 0
    /// The free camera's centre; nil while following a player.
    var camera: SIMD2<Int32>?
    var group: SpectatorGroup?
    /// The next output starts the client over: welcome, the roster, a status, a full snapshot.
    var needsWelcome = true
    /// The next snapshot must be full: the client's view is not its group's (it missed a
    /// snapshot, or changed groups).
    var needsFull = true
    var stalledFrames = 0
    /// Requests taken while there was nothing to show yet (the delay filling), applied with
    /// the first frame that shows something.
    var held = ReplayControls.Pending()

    /// The requests to act on now: those held, overridden by `newer`.
    func merged(_ newer: ReplayControls.Pending) -> ReplayControls.Pending {
        var result = held
        held = ReplayControls.Pending()
        if newer.follow != nil || newer.camera != nil {
            result.follow = newer.follow
            result.camera = newer.camera
        }
        return result
    }

    init(id: Int, peer: String, channel: SessionChannel, controls: ReplayControls) {
        self.id = id
        self.peer = peer
        self.channel = channel
        self.controls = controls
    }
}
