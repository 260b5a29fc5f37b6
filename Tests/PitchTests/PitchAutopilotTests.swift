import Simulation
import Testing
import Wire
@testable import Pitch

/// The bots' autopilot: pure, still when players cannot move, and good enough to score.
@Suite struct PitchAutopilotTests {
    @Test func standsStillWhenPlayersAreFrozen() {
        for phase in [PitchPhase.countdown, .halftime, .goal, .ended] {
            let decision = PitchAutopilot.decide(x: 1_000, y: 1_000, team: 0, ballX: 9_600, ballY: 5_600, phase: phase)
            #expect(decision == (0, 0, false))
        }
    }

    @Test func isPureAndJitteredPerSeed() {
        let a = PitchAutopilot.decide(x: 3_000, y: 2_000, team: 1, ballX: 9_600, ballY: 5_600, phase: .firstHalf, seed: 4)
        let b = PitchAutopilot.decide(x: 3_000, y: 2_000, team: 1, ballX: 9_600, ballY: 5_600, phase: .firstHalf, seed: 4)
        #expect(a == b)
        let jitters = Set((0..<16).map { PitchAutopilot.jitter(UInt64($0)).x })
        #expect(jitters.count > 8)
        for seed in 0..<100 {
            let jitter = PitchAutopilot.jitter(UInt64(seed))
            #expect(abs(jitter.x) <= PitchAutopilot.jitterRange && abs(jitter.y) <= PitchAutopilot.jitterRange)
        }
    }

    @Test func aStrikerGoesBehindTheBallFirst() {
        // Red attacks the right goal; the player is on the wrong side of the ball.
        let decision = PitchAutopilot.decide(x: 12_000, y: 5_600, team: 0, ballX: 9_600, ballY: 5_600, phase: .firstHalf)
        #expect(decision.moveX == -1 && !decision.kick)
        // Lined up and close: runs at the ball and kicks.
        let shot = PitchAutopilot.decide(x: 9_150, y: 5_600, team: 0, ballX: 9_600, ballY: 5_600, phase: .firstHalf)
        #expect(shot.moveX == 1 && shot.kick)
    }

    @Test func aKeeperHoldsItsLine() {
        let decision = PitchAutopilot.decide(x: 5_000, y: 5_600, team: 0, ballX: 15_000, ballY: 9_000,
                                             phase: .firstHalf, role: .keeper)
        #expect(decision.moveX == -1, "back towards its goal")
    }

    @Test func aLoneStrikerScores() {
        var game = makePitch(("minPlayers", 1), ("halfSeconds", 60))
        _ = game.addPlayer(0, name: "")
        game.run(until: .firstHalf)
        var ticks = 0
        while game.phase == .firstHalf && ticks < 3_600 {
            let slot = game.playerSlot(0), ball = game.ballState
            let decision = PitchAutopilot.decide(x: game.entities[slot, 0], y: game.entities[slot, 1], team: 0,
                                                 ballX: ball.x, ballY: ball.y, phase: game.phase)
            game.apply(input(moveX: Int8(decision.moveX), moveY: Int8(decision.moveY), kick: decision.kick), for: 0)
            game.tick()
            ticks += 1
        }
        #expect(game.phase == .goal)
        #expect(game.score == (1, 0))
        #expect(game.field(0, PitchTables.PlayerField.score) == 1)
    }
}
