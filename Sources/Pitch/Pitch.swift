import Simulation
import Wire

/// Pitch, the second reference game: a top-down team ball game. Two teams (red = 0 defends
/// the left goal, blue = 1 the right one), one ball with momentum that bounces off the walls,
/// and, unlike Arena, a match lifecycle: waiting, countdown, two halves, goals, results and
/// the next match. It is written against the public API of `Simulation` and `Wire` only.
///
/// # The match lifecycle
///
/// The match entity (kind 2) carries the phase, its clock and the score, so every client sees
/// them (the view radius covers the whole pitch). "Enough players" means at least
/// `minPlayers` players and, when `minPlayers` ≥ 2, at least one on each team. Timed phases
/// count `ticksLeft` down by one per step and change phase on the step it reaches 0, so a
/// phase of N ticks shows `ticksLeft` N...1 in the snapshots.
///
/// | from        | when                         | to                                         |
/// |-------------|------------------------------|--------------------------------------------|
/// | waiting     | enough players               | countdown (kick-off positions)             |
/// | countdown   | `countdownSeconds` elapsed   | firstHalf, `halfSeconds` on the clock       |
/// | firstHalf   | a goal                       | goal (the half's clock is kept, stopped)   |
/// | firstHalf   | the clock runs out           | halftime (kick-off positions)              |
/// | halftime    | `breakSeconds` elapsed       | secondHalf, `halfSeconds` on the clock      |
/// | secondHalf  | a goal                       | goal                                       |
/// | secondHalf  | the clock runs out           | ended                                      |
/// | goal        | 2 s elapsed                  | the half that was running, its clock as it was (kick-off positions) |
/// | ended       | `resultsSeconds` elapsed     | next match (scores 0, number + 1): countdown if enough players, else waiting (kick-off positions) |
/// | countdown, firstHalf, halftime, secondHalf, goal | not enough players | waiting: the match is abandoned (scores 0, same number) |
///
/// The ended phase is not abandoned when players leave: its result stands and the next
/// match then starts in waiting. Teams do not swap ends at halftime, so the browser draws
/// one fixed layout.
///
/// Players move only in waiting and the two halves (`PitchPhase.playersMove`, mirrored by
/// the browser's `canMove`). Entering countdown, halftime or the end of a goal pause puts
/// them at kick-off positions (spread over their own half with a seeded jitter) and the ball
/// at the centre, at rest; during a goal pause and the results they stand where they were,
/// at rest. In waiting the ball rolls too, but one in a goal only returns to the centre.
///
/// # The ball
///
/// It rolls with friction and bounces off the walls, except in the goal mouths (y within
/// 4,000...7,200 on the end walls): a ball whose centre reaches the goal line there (x ≤ 0 or
/// x ≥ 19,200) is a goal for the attackers of that end (`rollBall`). A player overlapping it
/// pushes it out and bounces it off (`touchBall`); a player holding kick with the ball's centre
/// within 496 units sends it straight away from itself at `kickSpeed`, then waits
/// `kickCooldown` ticks (`kickBall`). The last player to touch or kick it scores the goal if it
/// attacks that end; an own goal counts for the other team and credits nobody.
///
/// # A tick
///
/// `apply` only stores each player's `PitchInput` as its intent; `step` then runs, in a
/// fixed order: enough-players check → in a moving phase: players move (`PitchRules
/// .movePlayer`, in `PlayerID` order) → the ball is pushed off players it overlaps → kicks →
/// the ball rolls, bounces and may score → the phase clock. Players are kept in `PlayerID`
/// order and all randomness (spawn points, kick-off jitter) comes from one `SeededRandom`, so
/// the game is deterministic; `saveState` writes all of it (`Pitch+State`).
///
/// Events: none. The server announces joins and leaves; goals and phases are in the match
/// entity, which every client sees, so no new event type is needed.
public struct Pitch: Game, Sendable {
    public static let descriptor = GameDescriptor(
        name: "Pitch", version: 1, kinds: PitchTables.all, inputs: PitchInput.table,
        worldMinX: 0, worldMinY: 0, worldMaxX: PitchRules.width, worldMaxY: PitchRules.height,
        // More than the pitch's length from any point on it: everyone sees everything,
        // including the match entity.
        viewRadius: viewRadius)

    /// Every setting in `PitchSettings`, as `game-server --help` lists them.
    public static let settingSpecs = PitchSettings.specs

    public static let viewRadius: Int32 = 20_000
    /// The pause after a goal (2 s at 60 Hz).
    public static let goalPauseTicks: Int32 = 120

    /// What Pitch remembers about a player beyond its entity's fields.
    struct PlayerState: Sendable, Equatable {
        var player: PlayerID
        var entity: EntityID
        /// The last applied input; used by every step until replaced.
        var intent: PitchInput
        /// Ticks until this player may kick again (0 = ready).
        var kickCooldown: Int32
    }

    public internal(set) var entities = EntityStore()
    public let settings: PitchSettings

    /// The only randomness: spawn points and kick-off jitter.
    var random: SeededRandom
    /// In ascending `PlayerID` order: the order every per-player phase walks.
    var players: [PlayerState] = []
    var ball: EntityID = 0
    var match: EntityID = 0
    /// During a goal pause: the half to return to and its clock.
    var resumePhase: PitchPhase = .firstHalf
    var resumeTicks: Int32 = 0
    /// The player who last touched or kicked the ball (nil after a kick-off or if it left).
    var lastToucher: PlayerID?

    public init(seed: UInt64, settings: GameSettings) {
        self.settings = PitchSettings(settings)
        random = SeededRandom(seed: seed)
        ball = entities.spawn(kind: PitchTables.ballKind, fields: [PitchRules.centreX, PitchRules.centreY, 0, 0])
        match = entities.spawn(kind: PitchTables.matchKind, fields: [
            PitchRules.centreX, PitchRules.centreY, PitchPhase.waiting.rawValue, 0, 0, 0, 1,
        ])
    }

    /// Puts the player on the smaller team (ties: red) at a random point of its own half (at
    /// its kick-off position during a countdown or halftime). `name` is unused: the server keeps names, so the rules never depend on text.
    public mutating func addPlayer(_ player: PlayerID, name: String) -> EntityID {
        // A server reusing a live id is a bug upstream; replacing keeps the world consistent.
        if index(of: player) != nil { removePlayer(player) }
        let counts = teamCounts()
        let team: Int32 = counts.blue < counts.red ? 1 : 0
        let spawn = spawnPoint(team: team)
        let entity = entities.spawn(kind: PitchTables.playerKind,
                                    fields: [spawn.x, spawn.y, 0, 0, 0, team, Int32(player)])
        let state = PlayerState(player: player, entity: entity, intent: .neutral, kickCooldown: 0)
        players.insert(state, at: players.firstIndex { $0.player > player } ?? players.count)
        // Before a kick-off everyone stands at kick-off positions, newcomers too (the columns
        // are re-spread for the new team size).
        if phase == .countdown || phase == .halftime { kickOffPositions() }
        return entity
    }

    public mutating func removePlayer(_ player: PlayerID) {
        guard let index = index(of: player) else { return }
        entities.despawn(players[index].entity)
        players.remove(at: index)
        if lastToucher == player { lastToucher = nil }
    }

    public mutating func apply(_ input: PlayerInput, for player: PlayerID) {
        guard let index = index(of: player) else { return }
        players[index].intent = PitchInput(input)
    }

    public mutating func step(tick: UInt32, events: inout [GameEvent]) {
        if phase != .waiting && phase != .ended && !hasEnoughPlayers { abandonMatch() }
        let current = phase
        if current.playersMove {
            movePlayers()
            touchBall()
            kickBall()
            if let scoringTeam = rollBall() {
                if current.isHalf {
                    scoreGoal(for: scoringTeam)
                    return
                }
                resetBall()
            }
        }
        advanceClock()
    }

    public func viewCenter(of player: PlayerID) -> (x: Int32, y: Int32)? {
        guard let index = index(of: player), let slot = entities.slot(of: players[index].entity) else { return nil }
        return (entities.x(at: slot), entities.y(at: slot))
    }

    // MARK: Queries

    /// The match's phase.
    public var phase: PitchPhase {
        PitchPhase(rawValue: matchField(PitchTables.MatchField.phase)) ?? .waiting
    }

    /// Ticks left in the current phase (0 when untimed).
    public var ticksLeft: Int32 { matchField(PitchTables.MatchField.ticksLeft) }
    /// Goals this match: red's, blue's.
    public var score: (red: Int32, blue: Int32) {
        (matchField(PitchTables.MatchField.red), matchField(PitchTables.MatchField.blue))
    }
    /// The match number, from 1.
    public var matchNumber: Int32 { matchField(PitchTables.MatchField.number) }

    /// The entity of `player`, if it is in the game.
    public func entity(of player: PlayerID) -> EntityID? {
        index(of: player).map { players[$0].entity }
    }

    /// The ball's entity.
    public var ballEntity: EntityID { ball }
    /// The match entity.
    public var matchEntity: EntityID { match }

    /// Players in the game.
    public var playerCount: Int { players.count }

    /// The players of each team.
    public func teamCounts() -> (red: Int, blue: Int) {
        var red = 0, blue = 0
        for state in players {
            guard let slot = entities.slot(of: state.entity) else { continue }
            if entities[slot, PitchTables.PlayerField.team] == 0 { red += 1 } else { blue += 1 }
        }
        return (red, blue)
    }

    /// Whether a match can be played: `minPlayers` players and, from 2, both teams manned.
    public var hasEnoughPlayers: Bool {
        guard players.count >= Int(settings.minPlayers) else { return false }
        if settings.minPlayers < 2 { return true }
        let counts = teamCounts()
        return counts.red > 0 && counts.blue > 0
    }

    func index(of player: PlayerID) -> Int? {
        players.firstIndex { $0.player == player }
    }

    func matchField(_ field: Int) -> Int32 {
        guard let slot = entities.slot(of: match) else { return 0 }
        return entities[slot, field]
    }

    mutating func setMatchField(_ field: Int, _ value: Int32) {
        guard let slot = entities.slot(of: match) else { return }
        entities[slot, field] = value
    }
}
