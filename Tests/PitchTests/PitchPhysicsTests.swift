import Simulation
import Testing
import Wire
@testable import Pitch

/// The ball, kicks, touches and the movement rule.
@Suite struct PitchPhysicsTests {
    /// One player far from everything (red, parked in a corner) and the first half running.
    func playing() -> Pitch {
        var game = makePitch(("halfSeconds", 1_000), ("minPlayers", 1))
        _ = game.addPlayer(0, name: "")
        game.run(until: .firstHalf)
        game.place(0, x: PitchRules.playerRadius, y: PitchRules.playerRadius)
        return game
    }

    @Test func movePlayerAcceleratesDampsAndClamps() {
        // From rest: +4, then damped by 4 / 16 = 0 (truncating).
        #expect(PitchRules.movePlayer(x: 5_000, y: 5_000, vx: 0, vy: 0, moveX: 1, moveY: -1) == (5_004, 4_996, 4, -4))
        // Damping truncates toward zero on both signs (100 → 100 - 6, -100 → -100 + 6), and an
        // axis without input loses one unit more.
        #expect(PitchRules.movePlayer(x: 5_000, y: 5_000, vx: 100, vy: -100, moveX: 0, moveY: 0) == (5_093, 4_907, 93, -93))
        #expect(PitchRules.movePlayer(x: 5_000, y: 5_000, vx: 100, vy: -100, moveX: 1, moveY: -1) == (5_098, 4_902, 98, -98))
        // Out-of-range intents count as ±1.
        #expect(PitchRules.movePlayer(x: 5_000, y: 5_000, vx: 0, vy: 0, moveX: 9, moveY: -9) == (5_004, 4_996, 4, -4))
        // Velocity clamps into -512...511.
        #expect(PitchRules.movePlayer(x: 5_000, y: 5_000, vx: 2_000, vy: -2_000, moveX: 1, moveY: -1).vx == 511)
        #expect(PitchRules.movePlayer(x: 5_000, y: 5_000, vx: 2_000, vy: -2_000, moveX: 1, moveY: -1).vy == -512)
        // A wall stops the axis.
        #expect(PitchRules.movePlayer(x: 300, y: 11_000, vx: -200, vy: 200, moveX: -1, moveY: 1) == (240, 10_960, 0, 0))
        // Held movement settles at the terminal speed, where (v + 4) / 16 = 4: 60 per tick.
        var state = (x: Int32(1_000), y: Int32(5_000), vx: Int32(0), vy: Int32(0))
        for _ in 0..<150 { state = PitchRules.movePlayer(x: state.x, y: state.y, vx: state.vx, vy: state.vy, moveX: 1, moveY: 0) }
        #expect(state.vx == 60)
        for _ in 0..<300 { state = PitchRules.movePlayer(x: state.x, y: state.y, vx: state.vx, vy: state.vy, moveX: 1, moveY: 0) }
        #expect(state.x == PitchRules.width - PitchRules.playerRadius && state.vx == 0)
        state = PitchRules.movePlayer(x: 5_000, y: 5_000, vx: 0, vy: 0, moveX: 0, moveY: 0)
        #expect(state == (5_000, 5_000, 0, 0))
    }

    @Test func integerSquareRootIsExactFloor() {
        for value: UInt64 in [0, 1, 2, 3, 4, 15, 16, 17, 99, 100, 101, 1 << 32, (1 << 32) - 1, UInt64.max, UInt64.max - 1] {
            let root = PitchRules.integerSquareRoot(value)
            #expect(root * root <= value)
            let next = root + 1
            let (square, overflow) = next.multipliedReportingOverflow(by: next)
            #expect(overflow || square > value, "\(value)")
        }
        #expect(PitchRules.integerSquareRoot(UInt64.max) == UInt64(UInt32.max))
        var random = SeededRandom(seed: 5)
        for _ in 0..<10_000 {
            let value = random.next() >> (random.next() % 64)
            let root = PitchRules.integerSquareRoot(value)
            #expect(root * root <= value && (root + 1) * (root + 1) > value)
        }
    }

    @Test func theBallBouncesOffWallsAndStaysInside() {
        var game = playing()
        var random = SeededRandom(seed: 77)
        let r = PitchRules.ballRadius
        for _ in 0..<200 {
            game.placeBall(x: random.int(in: r...(PitchRules.width - r)), y: random.int(in: r...(PitchRules.height - r)),
                           vx: random.int(in: -1_024...1_023), vy: random.int(in: -1_024...1_023))
            for _ in 0..<300 {
                game.tick()
                guard game.phase == .firstHalf else { break }
                let ball = game.ballState
                #expect(ball.y >= r && ball.y <= PitchRules.height - r)
                if ball.x < r || ball.x > PitchRules.width - r {
                    #expect(PitchRules.inMouth(ball.y), "only the goal mouth lets the ball past a wall")
                }
            }
            if game.phase == .goal { game.run(until: .firstHalf) }
        }
    }

    @Test func aBallHitsTheTopWallAndComesBack() {
        var game = playing()
        game.placeBall(x: 9_000, y: 400, vx: 0, vy: -300)
        game.tick()
        #expect(game.ballState.y == PitchRules.ballRadius)
        #expect(game.ballState.vy > 0)
        game.placeBall(x: 400, y: 2_000, vx: -300, vy: 0)
        game.tick()
        #expect(game.ballState.x == PitchRules.ballRadius && game.ballState.vx > 0, "the left wall outside the mouth")
    }

    @Test func aBallInTheGoalMouthBouncesOffThePost() {
        var game = playing()
        // In the gap, just inside the mouth's top edge, moving up and slowly in.
        game.placeBall(x: 100, y: PitchRules.goalTop + 10, vx: -1, vy: -100)
        game.tick()
        #expect(game.phase == .firstHalf)
        #expect(game.ballState.y == PitchRules.goalTop && game.ballState.vy > 0)
    }

    @Test func theBallComesToRest() {
        var game = playing()
        game.placeBall(x: 9_000, y: 2_000, vx: 1_000, vy: 0)
        game.tick(600)
        #expect(game.ballState.vx == 0 && game.ballState.vy == 0)
    }

    @Test func aKickSendsTheBallAwayFromTheKicker() {
        for (dx, dy) in [(Int32(300), Int32(0)), (-300, 0), (0, 300), (200, -250), (-350, -100)] {
            var game = playing()
            game.place(0, x: 9_000, y: 5_000)
            game.placeBall(x: 9_000 + dx, y: 5_000 + dy)
            game.apply(input(kick: true), for: 0)
            game.tick()
            let ball = game.ballState
            // Away from the kicker, at the kick speed (within the truncations).
            #expect(Int64(ball.vx) * Int64(dx) + Int64(ball.vy) * Int64(dy) > 0)
            let speed = PitchRules.integerSquareRoot(UInt64(Int64(ball.vx) * Int64(ball.vx) + Int64(ball.vy) * Int64(ball.vy)))
            #expect(speed >= 580 && speed <= 600, "\(dx), \(dy): \(speed)")
            #expect(game.lastToucher == 0)
            #expect(game.players[0].kickCooldown == 15)
        }
    }

    @Test func kicksWaitForTheCooldownAndTheReach() {
        var game = playing()
        game.place(0, x: 9_000, y: 5_000)
        game.placeBall(x: 9_000 + PitchRules.kickReach + 10, y: 5_000)
        game.apply(input(kick: true), for: 0)
        game.tick()
        #expect(game.ballState.vx == 0, "out of reach")
        game.placeBall(x: 9_300, y: 5_000)
        game.tick()
        #expect(game.ballState.vx > 0)
        game.placeBall(x: 9_300, y: 5_000)
        game.tick(14)
        // Pushed out of the player's body, but not kicked.
        #expect(game.ballState.vx == 0 && game.ballState.x == 9_000 + PitchRules.touchDistance, "no kick during the cooldown")
        game.placeBall(x: 9_300, y: 5_000)
        game.tick()
        #expect(game.ballState.vx == PitchRules.ballDrag(600), "kicked again on the 15th tick, then one tick of drag")
    }

    @Test func aRunningPlayerPushesTheBall() {
        var game = playing()
        game.place(0, x: 9_000, y: 5_000, vx: 60)
        game.placeBall(x: 9_390, y: 5_000)
        game.apply(input(moveX: 1), for: 0)
        game.tick()
        let ball = game.ballState
        #expect(ball.vx > 60, "bounced off faster than the player")
        #expect(ball.x - game.field(0, PitchTables.PlayerField.x) >= PitchRules.touchDistance)
        #expect(game.lastToucher == 0)
    }
}

/// A released player comes to rest (truncating damping alone would leave it drifting at up
/// to 15 units a tick), while a held key still reaches the same top speed on either side.
@Suite struct PitchRestTests {
    @Test func aReleasedPlayerStopsWithinASecond() {
        var state = (x: Int32(5_000), y: Int32(10_000), vx: Int32(0), vy: Int32(0))
        for _ in 0..<120 { state = PitchRules.movePlayer(x: state.x, y: state.y, vx: state.vx, vy: state.vy, moveX: 1, moveY: -1) }
        let top = state.vx
        #expect(top > 40 && state.vy == -top)
        for _ in 0..<60 { state = PitchRules.movePlayer(x: state.x, y: state.y, vx: state.vx, vy: state.vy, moveX: 0, moveY: 0) }
        #expect(state.vx == 0 && state.vy == 0)
    }
}
