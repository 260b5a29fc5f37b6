import Simulation
import Testing
import Wire
@testable import Pitch

/// The match lifecycle, transition by transition (the table in `Pitch`'s documentation).
/// `makePitch` plays 1 s countdowns, 2 s halves, 1 s breaks and results.
@Suite struct PitchLifecycleTests {
    @Test func teamsFillSmallerFirstAndPlayersSpawnInTheirHalf() {
        var game = makePitch()
        for id: PlayerID in [4, 2, 9, 1, 3] { _ = game.addPlayer(id, name: "") }
        // Join order 4, 2, 9, 1, 3: red, blue, red, blue, red.
        #expect([4, 2, 9, 1, 3].map { game.team(of: $0) } == [0, 1, 0, 1, 0])
        for id: PlayerID in [4, 2, 9, 1, 3] {
            let x = game.field(id, PitchTables.PlayerField.x)
            #expect(game.team(of: id) == 0 ? x < PitchRules.centreX : x > PitchRules.centreX)
            #expect(game.field(id, PitchTables.PlayerField.player) == Int32(id))
        }
        // Players are kept in id order.
        #expect(game.players.map(\.player) == [1, 2, 3, 4, 9])
    }

    @Test func waitsUntilBothTeamsHaveAPlayer() {
        var game = makePitch()
        #expect(game.phase == .waiting && game.matchNumber == 1)
        _ = game.addPlayer(0, name: "")
        game.tick(100)
        #expect(game.phase == .waiting)
        #expect(game.ticksLeft == 0)
        _ = game.addPlayer(1, name: "")
        game.tick()
        #expect(game.phase == .countdown)
        #expect(game.ticksLeft == 60)
    }

    @Test func aWholeMatchThenTheNext() {
        var game = makePitch()
        _ = game.addPlayer(0, name: "")
        _ = game.addPlayer(1, name: "")
        game.tick()
        #expect(game.phase == .countdown)
        // Kick-off positions: each in its own half, at rest; the ball at the centre.
        #expect(game.field(0, PitchTables.PlayerField.x) < PitchRules.centreX)
        #expect(game.field(1, PitchTables.PlayerField.x) > PitchRules.centreX)
        #expect(game.ballState == (PitchRules.centreX, PitchRules.centreY, 0, 0))
        // Frozen during the countdown, whatever the input.
        let before = (game.field(0, PitchTables.PlayerField.x), game.field(0, PitchTables.PlayerField.y))
        game.apply(input(moveX: 1, moveY: 1), for: 0)
        game.tick(59)
        #expect(game.phase == .countdown && game.ticksLeft == 1)
        #expect((game.field(0, PitchTables.PlayerField.x), game.field(0, PitchTables.PlayerField.y)) == before)
        game.tick()
        #expect(game.phase == .firstHalf && game.ticksLeft == 120)
        game.apply(input(), for: 0)
        game.tick()
        #expect(game.ticksLeft == 119)
        #expect(game.run(until: .halftime) == 119)
        #expect(game.ticksLeft == 60)
        #expect(game.run(until: .secondHalf) == 60)
        #expect(game.ticksLeft == 120)
        #expect(game.run(until: .ended) == 120)
        #expect(game.ticksLeft == 60)
        #expect(game.matchNumber == 1)
        #expect(game.run(until: .countdown) == 60)
        #expect(game.matchNumber == 2)
        #expect(game.score == (0, 0))
    }

    @Test func theNextMatchWaitsWhenPlayersLeftDuringTheResults() {
        var game = makePitch()
        _ = game.addPlayer(0, name: "")
        _ = game.addPlayer(1, name: "")
        game.run(until: .ended)
        game.removePlayer(1)
        game.tick()
        #expect(game.phase == .ended, "the result stands")
        game.run(until: .waiting, limit: 100)
        #expect(game.phase == .waiting && game.matchNumber == 2)
    }

    @Test func aLeaverAbandonsTheMatch() {
        for target in [PitchPhase.countdown, .firstHalf, .halftime, .secondHalf] {
            var game = makePitch()
            _ = game.addPlayer(0, name: "")
            _ = game.addPlayer(1, name: "")
            game.run(until: target)
            game.setMatchField(PitchTables.MatchField.red, 3)
            game.removePlayer(1)
            game.tick()
            #expect(game.phase == .waiting, "from \(target)")
            #expect(game.score == (0, 0) && game.ticksLeft == 0 && game.matchNumber == 1)
            _ = game.addPlayer(1, name: "")
            game.tick()
            #expect(game.phase == .countdown)
        }
    }

    @Test func aNewcomerBeforeAKickOffStandsAtItsKickOffPosition() {
        var game = makePitch()
        _ = game.addPlayer(0, name: "")
        _ = game.addPlayer(1, name: "")
        game.tick()
        #expect(game.phase == .countdown)
        _ = game.addPlayer(2, name: "")
        let depth = game.field(2, PitchTables.PlayerField.x)
        #expect(abs(depth - Pitch.kickOffDepth) <= Pitch.kickOffJitter)
        #expect(game.field(2, PitchTables.PlayerField.vx) == 0)
    }

    @Test func minPlayersOneLetsOnePlayerPlay() {
        var game = makePitch(("minPlayers", 1))
        _ = game.addPlayer(0, name: "")
        game.tick()
        #expect(game.phase == .countdown)
    }

    @Test func minPlayersCountsEveryone() {
        var game = makePitch(("minPlayers", 4))
        for id: PlayerID in 0..<3 { _ = game.addPlayer(id, name: "") }
        game.tick(10)
        #expect(game.phase == .waiting)
        _ = game.addPlayer(3, name: "")
        game.tick()
        #expect(game.phase == .countdown)
    }

    /// Two players (0 red, 1 blue) and the first half running.
    func kickedOff() -> Pitch {
        var game = makePitch(("halfSeconds", 20))
        _ = game.addPlayer(0, name: "")
        _ = game.addPlayer(1, name: "")
        game.run(until: .firstHalf)
        return game
    }

    @Test func aGoalScoresCreditsPausesAndKicksOffAgain() {
        var game = kickedOff()
        game.tick(30)
        let clock = game.ticksLeft
        // Red's player 0 kicks the ball into blue's (right) goal.
        game.place(0, x: PitchRules.width - 900, y: PitchRules.centreY)
        game.placeBall(x: PitchRules.width - 600, y: PitchRules.centreY)
        game.apply(input(kick: true), for: 0)
        let ticks = game.run(until: .goal, limit: 60)
        #expect(ticks < 60)
        #expect(game.score == (1, 0))
        #expect(game.field(0, PitchTables.PlayerField.score) == 1)
        #expect(game.field(1, PitchTables.PlayerField.score) == 0)
        #expect(game.ballState.x == PitchRules.width)
        #expect(game.ticksLeft == Pitch.goalPauseTicks)
        // The pause: nobody moves, the half's clock stands.
        game.apply(input(moveX: -1), for: 0)
        let frozenAt = game.field(0, PitchTables.PlayerField.x)
        game.tick(Int(Pitch.goalPauseTicks) - 1)
        #expect(game.phase == .goal && game.field(0, PitchTables.PlayerField.x) == frozenAt)
        game.tick()
        #expect(game.phase == .firstHalf)
        #expect(game.ticksLeft == clock - Int32(ticks) + 1)
        #expect(game.ballState == (PitchRules.centreX, PitchRules.centreY, 0, 0))
        #expect(game.field(0, PitchTables.PlayerField.x) < PitchRules.centreX)
        #expect(game.lastToucher == nil)
    }

    @Test func anOwnGoalScoresForTheOtherTeamWithoutCredit() {
        var game = kickedOff()
        // Blue's player 1 kicks the ball into its own (right) goal.
        game.place(1, x: PitchRules.width - 900, y: PitchRules.centreY)
        game.placeBall(x: PitchRules.width - 600, y: PitchRules.centreY)
        game.apply(input(kick: true), for: 1)
        #expect(game.run(until: .goal, limit: 60) < 60)
        #expect(game.score == (1, 0))
        #expect(game.field(0, PitchTables.PlayerField.score) == 0)
        #expect(game.field(1, PitchTables.PlayerField.score) == 0)
    }

    @Test func aGoalInTheSecondHalfResumesTheSecondHalf() {
        var game = kickedOff()
        game.run(until: .secondHalf)
        game.place(1, x: 900, y: PitchRules.centreY)
        game.placeBall(x: 600, y: PitchRules.centreY)
        game.apply(input(kick: true), for: 1)
        game.run(until: .goal, limit: 60)
        #expect(game.score == (0, 1))
        #expect(game.field(1, PitchTables.PlayerField.score) == 1)
        game.apply(input(), for: 1)
        game.run(until: .secondHalf, limit: 200)
        #expect(game.phase == .secondHalf)
    }

    @Test func noGoalsWhileWaiting() {
        var game = makePitch()
        _ = game.addPlayer(0, name: "")
        game.placeBall(x: 400, y: PitchRules.centreY, vx: -500)
        game.tick(3)
        #expect(game.phase == .waiting && game.score == (0, 0))
        #expect(game.ballState == (PitchRules.centreX, PitchRules.centreY, 0, 0))
    }

    @Test func playersMoveWhileWaiting() {
        var game = makePitch()
        _ = game.addPlayer(0, name: "")
        let x = game.field(0, PitchTables.PlayerField.x)
        game.apply(input(moveX: 1), for: 0)
        game.tick(10)
        #expect(game.field(0, PitchTables.PlayerField.x) > x)
    }

    @Test func settingsAreClampedAndListedInNameOrder() {
        let names = Pitch.settingSpecs.map(\.name)
        #expect(names == names.sorted())
        #expect(Array(names.prefix(3)) == ["breakSeconds", "countdownSeconds", "halfSeconds"])
        let settings = PitchSettings(GameSettings([("minPlayers", 0), ("halfSeconds", 99_999), ("kickSpeed", 5_000)]))
        #expect(settings.minPlayers == 1 && settings.halfSeconds == 1_000 && settings.kickSpeed == 1_023)
        #expect(settings.halfTicks <= PitchTables.maxTicks)
        #expect(PitchSettings().gameSettings == PitchSettings.defaults)
        #expect(PitchSettings() == PitchSettings(GameSettings()))
        #expect(Pitch.descriptor.worldMaxX == 19_200 && Pitch.descriptor.worldMaxY == 11_200)
        #expect(Pitch.descriptor.kinds.map(\.name) == ["player", "ball", "match"])
    }
}
