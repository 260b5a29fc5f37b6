import Simulation

/// The match lifecycle (the table in `Pitch`'s documentation): the phase clock, goals,
/// abandoning, kick-off positions and spawn points.
extension Pitch {
    /// How far inside its own half a kick-off puts a team (a quarter of the pitch from its
    /// goal line), and the jitter around that, in simulation units.
    static let kickOffDepth: Int32 = PitchRules.width / 4
    static let kickOffJitter: Int32 = 320
    /// Spawn points keep this far from the walls and from the halfway line.
    static let spawnMargin: Int32 = 800

    /// Counts the current phase's clock down and moves on when it runs out.
    mutating func advanceClock() {
        let current = phase
        guard current != .waiting else {
            if hasEnoughPlayers { enter(.countdown, ticks: settings.countdownTicks, kickOff: true) }
            return
        }
        let left = ticksLeft - 1
        guard left <= 0 else {
            setMatchField(PitchTables.MatchField.ticksLeft, left)
            return
        }
        switch current {
        case .waiting: break
        case .countdown: enter(.firstHalf, ticks: settings.halfTicks, kickOff: false)
        case .firstHalf: enter(.halftime, ticks: settings.breakTicks, kickOff: true)
        case .halftime: enter(.secondHalf, ticks: settings.halfTicks, kickOff: false)
        case .secondHalf:
            enter(.ended, ticks: settings.resultsTicks, kickOff: false)
            stopPlayers()
        case .goal: enter(resumePhase, ticks: max(1, resumeTicks), kickOff: true)
        case .ended: startNextMatch()
        }
    }

    /// Sets the phase and its clock, and optionally the kick-off positions.
    mutating func enter(_ next: PitchPhase, ticks: Int32, kickOff: Bool) {
        setMatchField(PitchTables.MatchField.phase, next.rawValue)
        setMatchField(PitchTables.MatchField.ticksLeft, min(max(ticks, 0), PitchTables.maxTicks))
        if kickOff { kickOffPositions() }
    }

    /// After the results: a fresh score, the next number, countdown or waiting.
    mutating func startNextMatch() {
        resetScores()
        let number = matchNumber
        setMatchField(PitchTables.MatchField.number, number >= PitchTables.maxMatchNumber ? 1 : number + 1)
        if hasEnoughPlayers {
            enter(.countdown, ticks: settings.countdownTicks, kickOff: true)
        } else {
            enter(.waiting, ticks: 0, kickOff: true)
        }
    }

    /// Too few players mid-match: back to waiting with the score wiped (same match number).
    mutating func abandonMatch() {
        resetScores()
        enter(.waiting, ticks: 0, kickOff: false)
        resetBall()
    }

    /// Counts a goal for `team` (the team whose opponents' goal the ball entered), credits the
    /// last toucher if it attacks for that team (an own goal credits nobody), and starts the
    /// goal pause with the half's clock kept.
    mutating func scoreGoal(for team: Int32) {
        let field = team == 0 ? PitchTables.MatchField.red : PitchTables.MatchField.blue
        setMatchField(field, min(matchField(field) + 1, PitchTables.maxScore))
        if let scorer = lastToucher, let index = index(of: scorer), let slot = entities.slot(of: players[index].entity),
           entities[slot, PitchTables.PlayerField.team] == team {
            entities[slot, PitchTables.PlayerField.score] = min(entities[slot, PitchTables.PlayerField.score] + 1, PitchTables.maxScore)
        }
        lastToucher = nil
        resumePhase = phase
        resumeTicks = ticksLeft
        enter(.goal, ticks: Self.goalPauseTicks, kickOff: false)
        stopPlayers()
        if let slot = entities.slot(of: ball) {
            entities[slot, PitchTables.BallField.vx] = 0
            entities[slot, PitchTables.BallField.vy] = 0
        }
    }

    /// Both teams' and every player's goals back to 0.
    mutating func resetScores() {
        setMatchField(PitchTables.MatchField.red, 0)
        setMatchField(PitchTables.MatchField.blue, 0)
        for state in players {
            guard let slot = entities.slot(of: state.entity) else { continue }
            entities[slot, PitchTables.PlayerField.score] = 0
        }
    }

    /// Players at rest where they stand (entering a frozen phase).
    mutating func stopPlayers() {
        for state in players {
            guard let slot = entities.slot(of: state.entity) else { continue }
            entities[slot, PitchTables.PlayerField.vx] = 0
            entities[slot, PitchTables.PlayerField.vy] = 0
        }
    }

    /// The ball at the centre, at rest, touched by nobody.
    mutating func resetBall() {
        guard let slot = entities.slot(of: ball) else { return }
        entities[slot, PitchTables.BallField.x] = PitchRules.centreX
        entities[slot, PitchTables.BallField.y] = PitchRules.centreY
        entities[slot, PitchTables.BallField.vx] = 0
        entities[slot, PitchTables.BallField.vy] = 0
        lastToucher = nil
    }

    /// Every team in a column a quarter of the pitch from its own goal line, spread evenly
    /// down the pitch in `PlayerID` order, each jittered a little (seeded, drawn in that order),
    /// at rest and ready to kick; the ball at the centre.
    mutating func kickOffPositions() {
        let counts = teamCounts()
        var placed = (red: 0, blue: 0)
        for index in players.indices {
            players[index].kickCooldown = 0
            guard let slot = entities.slot(of: players[index].entity) else { continue }
            let team = entities[slot, PitchTables.PlayerField.team]
            let rank: Int32, count: Int32
            if team == 0 {
                rank = Int32(placed.red); count = Int32(counts.red); placed.red += 1
            } else {
                rank = Int32(placed.blue); count = Int32(counts.blue); placed.blue += 1
            }
            let jitterX = random.int(in: -Self.kickOffJitter...Self.kickOffJitter)
            let jitterY = random.int(in: -Self.kickOffJitter...Self.kickOffJitter)
            let depth = Self.kickOffDepth + jitterX
            let x = team == 0 ? depth : PitchRules.width - depth
            let y = Int32(Int64(PitchRules.height) * Int64(rank + 1) / Int64(count + 1)) + jitterY
            entities[slot, PitchTables.PlayerField.x] = clampPlayerCoordinate(x, limit: PitchRules.width)
            entities[slot, PitchTables.PlayerField.y] = clampPlayerCoordinate(y, limit: PitchRules.height)
            entities[slot, PitchTables.PlayerField.vx] = 0
            entities[slot, PitchTables.PlayerField.vy] = 0
        }
        resetBall()
    }

    /// A random point of `team`'s own half, clear of the walls and the halfway line.
    mutating func spawnPoint(team: Int32) -> (x: Int32, y: Int32) {
        let depth = random.int(in: Self.spawnMargin...(PitchRules.centreX - Self.spawnMargin))
        let y = random.int(in: Self.spawnMargin...(PitchRules.height - Self.spawnMargin))
        return (team == 0 ? depth : PitchRules.width - depth, y)
    }

    func clampPlayerCoordinate(_ value: Int32, limit: Int32) -> Int32 {
        min(max(value, PitchRules.playerRadius), limit - PitchRules.playerRadius)
    }
}
