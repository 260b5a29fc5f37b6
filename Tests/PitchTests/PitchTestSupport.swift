import Simulation
import Wire
@testable import Pitch

/// A pitch with short phases unless told otherwise: 1 s countdown, 2 s halves, 1 s break and
/// results, so a whole match is a few hundred ticks.
func makePitch(seed: UInt64 = 1, _ settings: (String, Int32)...) -> Pitch {
    var all = GameSettings([("countdownSeconds", 1), ("halfSeconds", 2), ("breakSeconds", 1), ("resultsSeconds", 1)])
    for (name, value) in settings { all[name] = value }
    return Pitch(seed: seed, settings: all)
}

/// A wire input with the given moves and kick, as the wire would deliver it.
func input(moveX: Int8 = 0, moveY: Int8 = 0, kick: Bool = false) -> PlayerInput {
    PitchInput.table.quantized(PitchInput(moveX: Int32(moveX), moveY: Int32(moveY), kick: kick).playerInput(sequence: 0, tick: 0))
}

/// The game's bytes as `saveState` writes them.
func savedBytes(_ game: Pitch) -> [UInt8] {
    var writer = ByteWriter()
    game.saveState(into: &writer)
    return writer.bytes
}

extension Pitch {
    mutating func tick(_ count: Int = 1) {
        var events: [GameEvent] = []
        for _ in 0..<count { step(tick: 0, events: &events) }
    }

    /// Steps until the phase is `target` (at most `limit` ticks); returns the ticks taken.
    @discardableResult
    mutating func run(until target: PitchPhase, limit: Int = 100_000) -> Int {
        var ticks = 0
        while phase != target && ticks < limit {
            tick()
            ticks += 1
        }
        return ticks
    }

    func playerSlot(_ player: PlayerID) -> Int {
        entities.slot(of: entity(of: player)!)!
    }

    func field(_ player: PlayerID, _ field: Int) -> Int32 {
        entities[playerSlot(player), field]
    }

    func team(of player: PlayerID) -> Int32 { field(player, PitchTables.PlayerField.team) }

    mutating func place(_ player: PlayerID, x: Int32, y: Int32, vx: Int32 = 0, vy: Int32 = 0) {
        let slot = playerSlot(player)
        entities[slot, PitchTables.PlayerField.x] = x
        entities[slot, PitchTables.PlayerField.y] = y
        entities[slot, PitchTables.PlayerField.vx] = vx
        entities[slot, PitchTables.PlayerField.vy] = vy
    }

    var ballSlot: Int { entities.slot(of: ballEntity)! }

    var ballState: (x: Int32, y: Int32, vx: Int32, vy: Int32) {
        let slot = ballSlot
        return (entities[slot, 0], entities[slot, 1], entities[slot, 2], entities[slot, 3])
    }

    mutating func placeBall(x: Int32, y: Int32, vx: Int32 = 0, vy: Int32 = 0) {
        let slot = ballSlot
        entities[slot, PitchTables.BallField.x] = x
        entities[slot, PitchTables.BallField.y] = y
        entities[slot, PitchTables.BallField.vx] = vx
        entities[slot, PitchTables.BallField.vy] = vy
    }
}

/// Plays a game with seeded joins, leaves and inputs: even player ids steer by the
/// autopilot (so goals happen), odd ones press random keys. Two drivers made from the same
/// seed, driving games in the same state, make the same calls.
struct Driver {
    var random: SeededRandom
    let maxPlayers: PlayerID
    var churn: Bool

    init(seed: UInt64, maxPlayers: PlayerID = 8, churn: Bool = true) {
        random = SeededRandom(seed: seed)
        self.maxPlayers = maxPlayers
        self.churn = churn
    }

    /// One tick: maybe a join or a leave, every player's input, then the step.
    mutating func tick(_ game: inout Pitch) {
        if churn && random.below(240) == 0 {
            let id = PlayerID(random.below(UInt32(maxPlayers)))
            if game.entity(of: id) == nil { _ = game.addPlayer(id, name: "p\(id)") } else if random.below(3) == 0 { game.removePlayer(id) }
        }
        let ball = game.ballState
        for id in 0..<maxPlayers {
            guard let entity = game.entity(of: id), let slot = game.entities.slot(of: entity) else { continue }
            let controls: PlayerInput
            if id % 2 == 0 {
                let decision = PitchAutopilot.decide(
                    x: game.entities[slot, PitchTables.PlayerField.x], y: game.entities[slot, PitchTables.PlayerField.y],
                    team: game.entities[slot, PitchTables.PlayerField.team], ballX: ball.x, ballY: ball.y,
                    phase: game.phase, role: id == 2 ? .keeper : .striker, seed: UInt64(id))
                controls = input(moveX: Int8(decision.moveX), moveY: Int8(decision.moveY), kick: decision.kick)
            } else {
                controls = input(moveX: Int8(random.int(in: -1...1)), moveY: Int8(random.int(in: -1...1)),
                                    kick: random.below(4) == 0)
            }
            game.apply(controls, for: id)
        }
        game.tick()
    }

    mutating func run(_ game: inout Pitch, ticks: Int) {
        for _ in 0..<ticks { tick(&game) }
    }
}

