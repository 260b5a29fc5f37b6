import Simulation

/// Players and the ball in a moving phase: movement, touches, kicks and the ball's roll.
extension Pitch {
    /// Every player moves by its intent (exactly `PitchRules.movePlayer`, which clients
    /// predict), in `PlayerID` order; kick cooldowns count down.
    mutating func movePlayers() {
        for index in players.indices {
            if players[index].kickCooldown > 0 { players[index].kickCooldown -= 1 }
            guard let slot = entities.slot(of: players[index].entity) else { continue }
            let intent = players[index].intent
            let moved = PitchRules.movePlayer(
                x: entities[slot, PitchTables.PlayerField.x], y: entities[slot, PitchTables.PlayerField.y],
                vx: entities[slot, PitchTables.PlayerField.vx], vy: entities[slot, PitchTables.PlayerField.vy],
                moveX: intent.moveX, moveY: intent.moveY)
            entities[slot, PitchTables.PlayerField.x] = moved.x
            entities[slot, PitchTables.PlayerField.y] = moved.y
            entities[slot, PitchTables.PlayerField.vx] = moved.vx
            entities[slot, PitchTables.PlayerField.vy] = moved.vy
        }
    }

    /// A player overlapping the ball (centres closer than `touchDistance`) pushes it out along
    /// the line between their centres to exactly that distance (truncating), and, if they
    /// were closing, bounces it: with n the unit normal (player → ball) and
    /// `vn = (ball.v − player.v) · n < 0`, the ball's velocity loses `n · vn · 3/2` (a
    /// restitution of ½ against a player that does not yield), each component truncated and
    /// clamped to the field. The player becomes the last toucher. Players in `PlayerID`
    /// order; the player is never moved, so its prediction stays exact.
    mutating func touchBall() {
        guard let ballSlot = entities.slot(of: ball) else { return }
        let reach = Int64(PitchRules.touchDistance)
        for state in players {
            guard let slot = entities.slot(of: state.entity) else { continue }
            let px = entities[slot, PitchTables.PlayerField.x], py = entities[slot, PitchTables.PlayerField.y]
            var dx = Int64(entities[ballSlot, PitchTables.BallField.x] - px)
            var dy = Int64(entities[ballSlot, PitchTables.BallField.y] - py)
            let squared = dx * dx + dy * dy
            guard squared < reach * reach else { continue }
            var distance = Int64(PitchRules.integerSquareRoot(UInt64(squared)))
            if distance == 0 {
                // Exactly on top: push towards the player's attacking goal.
                dx = entities[slot, PitchTables.PlayerField.team] == 0 ? 1 : -1
                dy = 0
                distance = 1
            }
            entities[ballSlot, PitchTables.BallField.x] = px + Int32(dx * reach / distance)
            entities[ballSlot, PitchTables.BallField.y] = py + Int32(dy * reach / distance)
            let rvx = Int64(entities[ballSlot, PitchTables.BallField.vx] - entities[slot, PitchTables.PlayerField.vx])
            let rvy = Int64(entities[ballSlot, PitchTables.BallField.vy] - entities[slot, PitchTables.PlayerField.vy])
            let closing = (rvx * dx + rvy * dy) / distance
            if closing < 0 {
                let impulse = closing * 3 / 2
                entities[ballSlot, PitchTables.BallField.vx] =
                    PitchRules.clampBallVelocity(Int64(entities[ballSlot, PitchTables.BallField.vx]) - dx * impulse / distance)
                entities[ballSlot, PitchTables.BallField.vy] =
                    PitchRules.clampBallVelocity(Int64(entities[ballSlot, PitchTables.BallField.vy]) - dy * impulse / distance)
            }
            lastToucher = state.player
        }
    }

    /// A player holding kick, with its cooldown run out and the ball's centre closer than
    /// `kickReach`, sends the ball directly away from itself at `kickSpeed`
    /// (`PitchRules.scaled`: a 1,024-scaled unit vector from an integer square root) and
    /// waits `kickCooldown` ticks. First in `PlayerID` order wins a tick's contested ball.
    mutating func kickBall() {
        guard let ballSlot = entities.slot(of: ball) else { return }
        let reach = Int64(PitchRules.kickReach)
        for index in players.indices where players[index].intent.kick && players[index].kickCooldown == 0 {
            guard let slot = entities.slot(of: players[index].entity) else { continue }
            let dx = entities[ballSlot, PitchTables.BallField.x] - entities[slot, PitchTables.PlayerField.x]
            let dy = entities[ballSlot, PitchTables.BallField.y] - entities[slot, PitchTables.PlayerField.y]
            guard Int64(dx) * Int64(dx) + Int64(dy) * Int64(dy) < reach * reach else { continue }
            var velocity = PitchRules.scaled(dx: dx, dy: dy, to: settings.kickSpeed)
            if dx == 0 && dy == 0 && entities[slot, PitchTables.PlayerField.team] == 1 { velocity.x = -velocity.x }
            entities[ballSlot, PitchTables.BallField.vx] = velocity.x
            entities[ballSlot, PitchTables.BallField.vy] = velocity.y
            players[index].kickCooldown = settings.kickCooldown
            lastToucher = players[index].player
            return
        }
    }

    /// The ball rolls one tick: it moves by its velocity, slows (`PitchRules.ballDrag`) and
    /// bounces off the walls (the velocity component reflected, the centre put back one radius
    /// inside). The end walls have a gap, the goal mouth: a ball whose centre is inside
    /// `goalTop...goalBottom` may pass the wall, and in the gap (centre less than a radius
    /// from the line) it bounces off the mouth's edges instead (the posts and side netting);
    /// when its centre reaches the goal line (x ≤ 0 or x ≥ width) it stops there and the
    /// attacking team is returned (1 for the left goal, red's; 0 for the right one).
    mutating func rollBall() -> Int32? {
        guard let slot = entities.slot(of: ball) else { return nil }
        let radius = PitchRules.ballRadius, width = PitchRules.width, height = PitchRules.height
        let oldX = entities[slot, PitchTables.BallField.x], oldY = entities[slot, PitchTables.BallField.y]
        var vx = entities[slot, PitchTables.BallField.vx], vy = entities[slot, PitchTables.BallField.vy]
        var x = oldX + vx, y = oldY + vy
        vx = PitchRules.ballDrag(vx)
        vy = PitchRules.ballDrag(vy)
        if y < radius { y = radius; vy = abs(vy) }
        if y > height - radius { y = height - radius; vy = -abs(vy) }
        // In the gap already (not merely pushed past a wall by a player this tick).
        let wasInGap = (oldX < radius || oldX > width - radius) && PitchRules.inMouth(oldY)
        var scored: Int32?
        if x < radius || x > width - radius {
            if PitchRules.inMouth(y) {
                if x <= 0 { x = 0; scored = 1 }
                if x >= width { x = width; scored = 0 }
            } else if wasInGap {
                // Inside the gap and leaving the mouth sideways: the post turns it back.
                if y < PitchRules.goalTop { y = PitchRules.goalTop; vy = abs(vy) } else { y = PitchRules.goalBottom; vy = -abs(vy) }
                if x < 0 { x = 0 }
                if x > width { x = width }
                if x <= 0 { scored = 1 }
                if x >= width { scored = 0 }
            } else if x < radius {
                x = radius; vx = abs(vx)
            } else {
                x = width - radius; vx = -abs(vx)
            }
        }
        if scored != nil { vx = 0; vy = 0 }
        entities[slot, PitchTables.BallField.x] = x
        entities[slot, PitchTables.BallField.y] = y
        entities[slot, PitchTables.BallField.vx] = vx
        entities[slot, PitchTables.BallField.vy] = vy
        return scored
    }
}
