import Simulation
import Wire

/// An Arena full of simulated players, for benchmarks and load tests of the rules and of
/// whatever reads `entities` afterwards (snapshots, interest management, hashing).
///
/// Players 0 ..< `players` join up front. Their inputs look like a person's rather than
/// noise: each holds a movement direction for 20–90 ticks, sweeps its aim a little every
/// tick and fires in bursts, so the world has the projectile traffic and the clustering of
/// real play. Inputs come from their own `SeededRandom`, so a workload is as reproducible
/// as the game: same arguments, same world at every tick.
public struct ArenaWorkload: Sendable {
    public private(set) var arena: Arena
    /// The tick the next `step` will simulate.
    public private(set) var tick: UInt32 = 0
    /// The events of the last `step` (the buffer is reused).
    public private(set) var events: [GameEvent] = []
    public let playerCount: Int

    private var random: SeededRandom
    private var inputs: [PlayerInput]
    /// Ticks left before each player picks a new movement direction.
    private var holdTicks: [Int32]
    /// Per player: how its aim drifts each tick.
    private var aimDrift: [Int16]

    /// A world with `players` players (at most 65,536), built from `seed` and `settings`.
    public init(players: Int, seed: UInt64 = 1, settings: GameSettings = GameSettings()) {
        precondition(players >= 0 && players <= Int(UInt16.max) + 1, "ArenaWorkload: players outside 0...65536")
        playerCount = players
        arena = Arena(seed: seed, settings: settings)
        random = SeededRandom(seed: seed ^ 0x5EED_0F_B075)
        inputs = []
        holdTicks = []
        aimDrift = []
        for player in 0..<players {
            _ = arena.addPlayer(PlayerID(player), name: "bot\(player)")
            inputs.append(PlayerInput(sequence: 0, tick: 0, aim: UInt16(truncatingIfNeeded: random.next())))
            holdTicks.append(0)
            aimDrift.append(Int16(random.int(in: -600...600)))
        }
    }

    /// Makes every player's input for this tick, applies them in player order and steps.
    public mutating func step() {
        for player in 0..<playerCount {
            var input = inputs[player]
            input.sequence &+= 1
            input.tick = tick
            holdTicks[player] -= 1
            if holdTicks[player] <= 0 {
                holdTicks[player] = random.int(in: 20...90)
                input.moveX = Int8(random.int(in: -1...1))
                input.moveY = Int8(random.int(in: -1...1))
                aimDrift[player] = Int16(random.int(in: -600...600))
                // Fire in bursts: about one direction change in three starts shooting.
                input.buttons = random.below(3) == 0 ? Arena.fireButton : 0
            }
            input.aim = input.aim &+ UInt16(bitPattern: aimDrift[player])
            inputs[player] = input
            // As it would arrive: the wire keeps 12 bits of aim.
            input.aim &= 0xFFF0
            arena.apply(input, for: PlayerID(player))
        }
        events.removeAll(keepingCapacity: true)
        arena.step(tick: tick, events: &events)
        tick &+= 1
    }

    /// Runs `count` steps.
    public mutating func step(count: Int) {
        for _ in 0..<count { step() }
    }
}
