import Simulation
import Testing
import Wire
@testable import Pitch

/// `restoreState` throws on anything that is not a state `saveState` wrote; it never traps.
@Suite struct PitchStateTests {
    func playedGame() -> Pitch {
        var game = makePitch(seed: 3)
        var driver = Driver(seed: 11)
        for id: PlayerID in [0, 1, 5] { _ = game.addPlayer(id, name: "p\(id)") }
        driver.run(&game, ticks: 700)
        return game
    }

    @Test func roundTripsExactly() throws {
        let game = playedGame()
        let bytes = savedBytes(game)
        var fresh = makePitch(seed: 3)
        var reader = ByteReader(bytes)
        try fresh.restoreState(from: &reader)
        #expect(reader.isAtEnd)
        #expect(savedBytes(fresh) == bytes)
        #expect(fresh.phase == game.phase)
        #expect(fresh.playerCount == game.playerCount)
    }

    @Test func everyTruncationThrows() {
        let bytes = savedBytes(playedGame())
        for length in 0..<bytes.count {
            var fresh = makePitch(seed: 3)
            var reader = ByteReader(Array(bytes[0..<length]))
            #expect(throws: ByteReadError.self, "truncated to \(length) of \(bytes.count)") {
                try fresh.restoreState(from: &reader)
            }
        }
    }

    @Test func randomBytesThrow() {
        var random = SeededRandom(seed: 0xBAD)
        for trial in 0..<2_000 {
            let length = Int(random.below(400))
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            var fresh = makePitch()
            var reader = ByteReader(bytes)
            #expect(throws: ByteReadError.self, "trial \(trial)") { try fresh.restoreState(from: &reader) }
        }
    }

    /// Single corrupted bytes of a real state either throw or give a state that plays on
    /// (a changed intent or position is still a legal state); neither may trap.
    @Test func corruptedBytesThrowOrPlayOn() {
        let bytes = savedBytes(playedGame())
        var random = SeededRandom(seed: 0xF11)
        var thrown = 0
        for _ in 0..<1_000 {
            var damaged = bytes
            let at = Int(random.below(UInt32(bytes.count)))
            damaged[at] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            var fresh = makePitch(seed: 3)
            var reader = ByteReader(damaged)
            do {
                try fresh.restoreState(from: &reader)
                fresh.tick(200)
                _ = savedBytes(fresh)
            } catch {
                thrown += 1
            }
        }
        #expect(thrown > 0)
    }

    @Test func rejectsAFieldOutOfRange() throws {
        var game = playedGame()
        game.entities[game.ballSlot, PitchTables.BallField.x] = PitchRules.width + 1
        var fresh = makePitch(seed: 3)
        var reader = ByteReader(savedBytes(game))
        #expect(throws: ByteReadError.self) { try fresh.restoreState(from: &reader) }
    }
}
