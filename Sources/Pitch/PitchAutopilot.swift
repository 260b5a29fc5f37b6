/// A bot's player for Pitch: a pure, deterministic function from what a bot sees (its own
/// player, the ball, the phase) to its controls, so bots cost nothing to reason about and a
/// bot run replays exactly. Knows nothing of the network or of BotKit.
///
/// A striker runs to a spot behind the ball on the line from the opponents' goal through the
/// ball, then runs through the ball, kicking when close and lined up with the goal. A keeper
/// stays near its own goal line between the posts, following the ball's y, and clears the
/// ball when it comes within reach. Each bot's `seed` shifts its spots by a fixed jitter so
/// that bots on one team do not stack exactly.
public enum PitchAutopilot {
    public enum Role: Sendable, Hashable {
        case striker
        case keeper
    }

    /// Distance behind the ball a striker lines up at.
    static let approachDistance: Int64 = 640
    /// Closer than this to the spot counts as lined up.
    static let lineUpTolerance: Int64 = 320
    /// A keeper's distance in front of its goal line.
    static let keeperDepth: Int32 = 720
    /// How far a bot's spots are shifted at most, per axis.
    static let jitterRange: Int32 = 192
    /// Per-axis distance under which a bot stops pushing towards its target.
    static let deadZone: Int32 = 48

    /// The controls for one tick. `team` 0 attacks the right goal, 1 the left one.
    public static func decide(x: Int32, y: Int32, team: Int32, ballX: Int32, ballY: Int32,
                              phase: PitchPhase, role: Role = .striker,
                              seed: UInt64 = 0) -> (moveX: Int32, moveY: Int32, kick: Bool) {
        guard phase.playersMove else { return (0, 0, false) }
        let jitter = self.jitter(seed)
        let goalX: Int32 = team == 0 ? PitchRules.width : 0
        let goalY = PitchRules.centreY + jitter.y
        let toBallX = Int64(ballX - x), toBallY = Int64(ballY - y)
        let ballDistanceSquared = toBallX * toBallX + toBallY * toBallY
        let kickReach = Int64(PitchRules.kickReach)
        let inReach = ballDistanceSquared < kickReach * kickReach

        switch role {
        case .keeper:
            let lineX = team == 0 ? keeperDepth : PitchRules.width - keeperDepth
            let targetY = min(max(ballY, PitchRules.goalTop), PitchRules.goalBottom) + jitter.y / 2
            let ballNear = abs(ballX - lineX) < PitchRules.width / 6
            // Step out to the ball when it is near, else hold the line.
            let target = ballNear ? (ballX, ballY) : (lineX + jitter.x / 4, targetY)
            return (axis(target.0 - x), axis(target.1 - y), inReach)
        case .striker:
            // The spot behind the ball, away from the goal it attacks.
            let fromGoalX = Int64(ballX - goalX), fromGoalY = Int64(ballY - goalY)
            let length = max(1, Int64(PitchRules.integerSquareRoot(UInt64(fromGoalX * fromGoalX + fromGoalY * fromGoalY))))
            let spotX = Int64(ballX) + fromGoalX * approachDistance / length + Int64(jitter.x)
            let spotY = Int64(ballY) + fromGoalY * approachDistance / length + Int64(jitter.y)
            let offX = spotX - Int64(x), offY = spotY - Int64(y)
            // Lined up: the ball lies between the player and the goal (the player → ball
            // direction points at the goal within about 37°: cos² > 0.64).
            let toGoalX = Int64(goalX - x), toGoalY = Int64(goalY - y)
            let dot = toBallX * toGoalX + toBallY * toGoalY
            let goalDistanceSquared = toGoalX * toGoalX + toGoalY * toGoalY
            let facing = dot > 0 && dot * dot * 25 > ballDistanceSquared * goalDistanceSquared * 16
            let nearSpot = offX * offX + offY * offY < lineUpTolerance * lineUpTolerance
            if facing || nearSpot {
                return (axis(ballX - x), axis(ballY - y), inReach && facing)
            }
            return (axis(Int32(clamping: offX)), axis(Int32(clamping: offY)), false)
        }
    }

    /// -1, 0 or 1 towards a target `delta` away, 0 inside the dead zone.
    static func axis(_ delta: Int32) -> Int32 {
        delta > deadZone ? 1 : delta < -deadZone ? -1 : 0
    }

    /// A fixed per-bot shift in `-jitterRange...jitterRange` on each axis, from `seed` alone
    /// (SplitMix64's finaliser: a pure function, no generator state to carry).
    static func jitter(_ seed: UInt64) -> (x: Int32, y: Int32) {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        let span = UInt64(2 * jitterRange + 1)
        return (Int32(z % span) - jitterRange, Int32((z >> 32) % span) - jitterRange)
    }
}
