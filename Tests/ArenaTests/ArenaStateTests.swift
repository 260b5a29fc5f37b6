import Simulation
import Testing
import Wire
@testable import Arena

/// Keyframes: a saved state restored into a fresh game must continue exactly as the
/// original does, and damaged state bytes must be refused, never trusted.
@Suite struct ArenaStateTests {
    static func saved(_ arena: Arena) -> [UInt8] {
        var writer = ByteWriter()
        arena.saveState(into: &writer)
        return writer.bytes
    }

    static func restored(_ bytes: [UInt8], seed: UInt64 = 1, settings: GameSettings = GameSettings()) throws(ByteReadError) -> Arena {
        var arena = Arena(seed: seed, settings: settings)
        var reader = ByteReader(bytes)
        try arena.restoreState(from: &reader)
        try reader.expectEnd("the state")
        return arena
    }

    @Test func savingTwiceGivesTheSameBytesAndRestoringRoundTrips() throws {
        var workload = ArenaWorkload(players: 30, seed: 7)
        workload.step(count: 300)
        let bytes = Self.saved(workload.arena)
        #expect(Self.saved(workload.arena) == bytes)
        let copy = try Self.restored(bytes, seed: 7)
        #expect(Self.saved(copy) == bytes)
        #expect(WorldHash.of(copy.entities) == WorldHash.of(workload.arena.entities))
    }

    /// The real test of "everything that decides the future": save between two ticks (before
    /// the first, or mid-match), restore into a fresh game, then feed both games the same
    /// joins, leaves and inputs; every tick's hash and the final full state must agree. A
    /// state that forgot a timer, the RNG or how the collision grid stands diverges quickly.
    @Test(arguments: [0, 1, 200])
    func aRestoredGameContinuesExactlyLikeTheOriginal(restoreAfter warmup: Int) throws {
        var script = SeededRandom(seed: 99)
        func drive(_ games: inout [Arena], tick: UInt32) {
            // Forty players join over the first ticks; later an occasional leave and join
            // (ids reused); then everyone's input.
            var joins: [PlayerID] = tick < 4 ? (0..<10).map { PlayerID(Int(tick) * 10 + $0) } : []
            var leaves: [PlayerID] = []
            if tick >= 4 {
                let churn = script.below(40)
                let who = PlayerID(script.below(48))
                if churn == 0 { leaves.append(who) }
                if churn == 1 { joins.append(who) }
            }
            var inputs: [(PlayerID, PlayerInput)] = []
            for player in 0..<48 where script.below(4) != 0 {
                inputs.append((PlayerID(player), PlayerInput(
                    sequence: tick, tick: tick, buttons: UInt8(script.below(2)),
                    aim: UInt16(truncatingIfNeeded: script.next()) & 0xFFF0,
                    moveX: Int8(script.int(in: -1...1)), moveY: Int8(script.int(in: -1...1)))))
            }
            for index in games.indices {
                for player in leaves { games[index].removePlayer(player) }
                for player in joins { _ = games[index].addPlayer(player, name: "p") }
                for (player, input) in inputs { games[index].apply(input, for: player) }
                var events: [GameEvent] = []
                games[index].step(tick: tick, events: &events)
            }
        }
        var single = [Arena(seed: 11, settings: GameSettings())]
        #expect(single[0].count(ofKind: ArenaTables.droneKind) > 0)
        for tick in 0..<warmup { drive(&single, tick: UInt32(tick)) }
        var pair = [single[0], try Self.restored(Self.saved(single[0]), seed: 11)]
        for tick in warmup..<(warmup + 1_200) {
            drive(&pair, tick: UInt32(tick))
            #expect(WorldHash.of(pair[0].entities) == WorldHash.of(pair[1].entities), "diverged at tick \(tick)")
            if WorldHash.of(pair[0].entities) != WorldHash.of(pair[1].entities) { return }
        }
        #expect(Self.saved(pair[0]) == Self.saved(pair[1]))
    }

    @Test func everyTruncationOfAStateIsRefused() {
        var workload = ArenaWorkload(players: 5, seed: 3)
        workload.step(count: 60)
        let bytes = Self.saved(workload.arena)
        for length in 0..<bytes.count {
            #expect(throws: ByteReadError.self) { _ = try Self.restored(Array(bytes.prefix(length)), seed: 3) }
        }
    }

    /// Random damage either is refused with an offset inside the bytes or yields some
    /// state; it never traps. (A flipped field value is a valid, different state.)
    @Test func randomDamageNeverTraps() {
        var workload = ArenaWorkload(players: 8, seed: 5)
        workload.step(count: 120)
        let bytes = Self.saved(workload.arena)
        var random = SeededRandom(seed: 17)
        for _ in 0..<2_000 {
            var damaged = bytes
            for _ in 0...random.below(3) {
                damaged[Int(random.below(UInt32(damaged.count)))] ^= UInt8(1 << random.below(8))
            }
            do {
                _ = try Self.restored(damaged, seed: 5)
            } catch {
                #expect(error.offset >= 0 && error.offset <= damaged.count)
            }
        }
    }

    /// Found by fuzz-recording (Tests/Fuzz/Recording/findings/keyframe-player-field-out-of-range):
    /// a keyframe whose player entity names a player id that is not its owner (negative, past
    /// the players, or another player's) restored, and the next step trapped indexing
    /// `players`. It must be refused as damaged.
    @Test(arguments: [Int32(-1), 7, 1])
    func aPlayerEntityNamingAnotherPlayerIsRefused(player: Int32) {
        var arena = Arena(seed: 1, settings: GameSettings())
        _ = arena.addPlayer(0, name: "a")
        _ = arena.addPlayer(1, name: "b")
        let slot = arena.entities.slot(of: arena.entity(of: 0)!)!
        arena.entities[slot, ArenaTables.PlayerField.player] = player
        #expect(throws: ByteReadError.self) { _ = try Self.restored(Self.saved(arena)) }
    }
}
