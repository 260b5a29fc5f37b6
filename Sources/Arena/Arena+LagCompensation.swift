import Simulation
import Wire

/// Lag compensation: a shot is judged against the world as its shooter saw it.
///
/// A client sends, with every input, the tick of the world it was showing when the player
/// made it (`PlayerInput.tick`: a browser's render tick for other entities, a bot's newest
/// snapshot). When that input fires, the projectile takes a `rewind`: how many ticks older
/// than the present that view was, capped at `maxUnlagTicks`. For as long as it flies, its
/// hits are tested against where each target was `rewind` ticks before the step's present,
/// read from a `PositionHistory` of every living player and drone. The shooter and the
/// projectile are not rewound; only the targets are, and never across a death or respawn
/// (history breaks there, and the present is used instead), nor past the cap.
///
/// The trade-off, as in Source and Overwatch: it favours the shooter, within a bound. What
/// the shooter aimed at on its screen is what the server tests, so a player on a 150 ms link
/// hits as often as one on a direct link; the cost falls on the target, who can be hit up to
/// `maxUnlagTicks` ticks after ducking behind cover, on its own screen. The cap bounds that
/// (and what a client claiming an old view can gain); 0 turns it off.
///
/// Deterministic: the rewind is a function of recorded inputs and ticks, and the history is
/// saved in keyframes, so replays and seeks judge every shot as the match did.
extension Arena {
    /// How many ticks back a shot fired in step `steppingTick` from a view of `viewedTick` is
    /// judged: the view's age (0 for a view of the present or a claimed future), capped.
    func rewind(viewedTick: UInt32, steppingTick: UInt32) -> Int32 {
        guard history != nil else { return 0 }
        // Snapshot ticks count steps done, so the world this step produces is `steppingTick + 1`.
        let age = Int32(bitPattern: steppingTick &+ 1 &- viewedTick)
        return max(0, min(age, settings.maxUnlagTicks))
    }

    /// The farthest a target moves along an axis in one tick: how much a rewound hit test
    /// widens its grid query per tick of rewind.
    var maxTargetSpeed: Int32 { max(ArenaRules.playerSpeed, settings.droneSpeed) }

    /// Where the entity at `slot` was at `tick` in its present life, or where it is now when
    /// the history does not have it then (it joined, respawned or spawned since).
    func rewoundPosition(slot: Int, tick: UInt32) -> (x: Int32, y: Int32) {
        if let history, let past = history.position(of: entities.ids[slot], at: tick, life: slotStates[slot].life) {
            return past
        }
        return (x: entities.x(at: slot), y: entities.y(at: slot))
    }

    /// Adds the world after a step (`tick`, labelled as its snapshot is) to the history:
    /// every living player and drone. Allocation-free once the history has seen its largest tick.
    mutating func recordHistory(tick: UInt32) {
        guard history != nil else { return }
        history!.begin(tick: tick)
        for slot in 0..<entities.count {
            switch entities.kinds[slot] {
            case ArenaTables.playerKind:
                guard entities[slot, ArenaTables.PlayerField.health] > 0 else { continue }
            case ArenaTables.droneKind:
                guard entities[slot, ArenaTables.DroneField.health] > 0 else { continue }
            default:
                continue
            }
            history!.add(entities.ids[slot], x: entities.x(at: slot), y: entities.y(at: slot), life: slotStates[slot].life)
        }
        history!.end()
    }
}
