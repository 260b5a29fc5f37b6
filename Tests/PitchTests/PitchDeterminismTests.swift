import Simulation
import Testing
import Wire
@testable import Pitch

/// Same seed, settings and calls: the same bytes, always; a keyframe resumes a match exactly.
@Suite struct PitchDeterminismTests {
    @Test func sameSeedAndInputsGiveIdenticalStates() {
        var first = makePitch(seed: 42, ("halfSeconds", 10))
        var second = makePitch(seed: 42, ("halfSeconds", 10))
        var other = makePitch(seed: 43, ("halfSeconds", 10))
        var driverA = Driver(seed: 7), driverB = Driver(seed: 7), driverC = Driver(seed: 7)
        var differed = false
        var phasesSeen = Set<PitchPhase>()
        for block in 1...10 {
            for _ in 0..<1_000 {
                driverA.tick(&first)
                driverB.tick(&second)
                driverC.tick(&other)
                phasesSeen.insert(first.phase)
            }
            #expect(savedBytes(first) == savedBytes(second), "diverged by tick \(block * 1_000)")
            if savedBytes(first) != savedBytes(other) { differed = true }
        }
        #expect(differed, "a different seed plays a different game")
        // The run exercised the lifecycle, not just one phase.
        #expect(phasesSeen.isSuperset(of: [.waiting, .countdown, .firstHalf, .halftime, .secondHalf, .ended]))
    }

    /// Saves when `reached` first holds, restores into a fresh game and drives both the same
    /// way for 2,000 ticks: byte-identical throughout.
    func resumes(at label: String, settings: (String, Int32)..., until reached: (Pitch) -> Bool) throws {
        var settingsList = GameSettings([("countdownSeconds", 1), ("halfSeconds", 10), ("breakSeconds", 1), ("resultsSeconds", 2)])
        for (name, value) in settings { settingsList[name] = value }
        var original = Pitch(seed: 99, settings: settingsList)
        var driver = Driver(seed: 5, churn: false)
        for id: PlayerID in [0, 1, 3, 4] { _ = original.addPlayer(id, name: "p\(id)") }
        var ticks = 0
        while !reached(original) && ticks < 50_000 {
            driver.tick(&original)
            ticks += 1
        }
        try #require(reached(original), "never reached \(label)")
        var restored = Pitch(seed: 99, settings: settingsList)
        var reader = ByteReader(savedBytes(original))
        try restored.restoreState(from: &reader)
        #expect(reader.isAtEnd)
        #expect(savedBytes(restored) == savedBytes(original))
        // From here on players come and go too: ids and spawns continue from the keyframe.
        driver.churn = true
        var copy = driver
        for tick in 0..<2_000 {
            driver.tick(&original)
            copy.tick(&restored)
            if tick % 100 == 99 {
                #expect(savedBytes(restored) == savedBytes(original), "\(label): diverged \(tick + 1) ticks after the restore")
            }
        }
        #expect(savedBytes(restored) == savedBytes(original))
    }

    /// Every value the rules write stays inside its field table's range (the wire could not
    /// send it otherwise), through many matches, goals, joins and leaves.
    @Test func everyFieldStaysInRange() throws {
        var game = makePitch(seed: 8, ("halfSeconds", 10))
        var driver = Driver(seed: 21, maxPlayers: 12)
        var goals = 0
        for tick in 0..<20_000 {
            let before = game.phase
            driver.tick(&game)
            if game.phase == .goal && before != .goal { goals += 1 }
            #expect(throws: Never.self, "tick \(tick)") { try Pitch.validate(game.entities, at: 0) }
        }
        #expect(goals > 5)
    }

    @Test func restoredDuringFirstHalfDrivesIdentically() throws {
        try resumes(at: "firstHalf") { $0.phase == .firstHalf && $0.ticksLeft < 300 }
    }

    @Test func restoredDuringGoalPauseDrivesIdentically() throws {
        try resumes(at: "goal") { $0.phase == .goal && $0.ticksLeft < 100 }
    }

    @Test func restoredDuringResultsDrivesIdentically() throws {
        try resumes(at: "ended") { $0.phase == .ended && $0.ticksLeft < 100 }
    }
}
