/// Pitch's fixed geometry and the pure integer functions of its rules. `movePlayer` is the
/// part a client re-runs to predict its own player: it is mirrored line for line in
/// `web/games/pitch/rules.js` and pinned by `web/test/vectors/pitch-movement.json`, which
/// both the Swift and the JS tests check. Change it and both tests fail until the mirror and
/// the vectors follow. The rest (the ball, kicks, the square root) only the server runs.
///
/// Units: 16 simulation units per world unit; the pitch is 1,200 × 700 world units, so
/// positions are integers in `0...19_200` × `0...11_200`. Speeds are per tick, tuned for
/// 60 Hz. There is no floating point anywhere in the rules: `/` truncates toward zero in
/// Swift, and the JS mirror uses `Math.trunc` to match.
public enum PitchRules {
    public static let unitsPerWorldUnit: Int32 = 16
    public static let width: Int32 = 19_200
    public static let height: Int32 = 11_200
    public static let centreX: Int32 = width / 2
    public static let centreY: Int32 = height / 2

    /// The goal mouth on both end walls: the ball scores when its centre reaches the goal
    /// line (x ≤ 0 or x ≥ `width`) while its y is inside `goalTop...goalBottom`.
    public static let goalTop: Int32 = 4_000
    public static let goalBottom: Int32 = 7_200

    /// Player body radius (15 world units).
    public static let playerRadius: Int32 = 240
    /// Velocity gained per tick of held movement, per axis.
    public static let playerAccel: Int32 = 4
    /// Damping: each tick a player keeps `v - v / playerDamping` of its velocity.
    public static let playerDamping: Int32 = 16
    /// The player velocity field's range, per axis.
    public static let playerMinVelocity: Int32 = -512
    public static let playerMaxVelocity: Int32 = 511

    /// Ball radius (10 world units).
    public static let ballRadius: Int32 = 160
    /// Friction: each tick the ball keeps `v - v / ballFriction`, then loses one more unit
    /// towards zero (without that step, truncation would let a ball slower than 64 units
    /// per tick roll for ever).
    public static let ballFriction: Int32 = 64
    /// The ball velocity field's range, per axis.
    public static let ballMinVelocity: Int32 = -1_024
    public static let ballMaxVelocity: Int32 = 1_023
    /// A player and the ball touch below this centre distance.
    public static let touchDistance: Int32 = playerRadius + ballRadius
    /// A kick reaches the ball when its centre is closer than this to the player's.
    public static let kickReach: Int32 = touchDistance + 96
    /// Unit vectors are scaled by 1,024 before they multiply a speed.
    public static let unitScale: Int64 = 1_024

    /// One tick of a player's movement (and the whole of it: players do not collide with
    /// each other and the ball does not push them, so a client predicting its own player from
    /// its own inputs is exact). `moveX`/`moveY` are clamped into -1...1 first. Then:
    /// accelerate by `moveX · accel`, damp by `v / 16` (truncating) and, on an axis with no
    /// input, by one more unit towards 0 (truncation alone leaves |v| < 16 for ever: a
    /// released player would drift), clamp v into -512...511, move, and clamp the position
    /// into `playerRadius...width − playerRadius` (y likewise); an axis clamped at a wall
    /// loses its velocity.
    @inline(__always)
    public static func movePlayer(x: Int32, y: Int32, vx: Int32, vy: Int32,
                                  moveX: Int32, moveY: Int32) -> (x: Int32, y: Int32, vx: Int32, vy: Int32) {
        let ax = min(max(moveX, -1), 1), ay = min(max(moveY, -1), 1)
        var vx = vx &+ ax &* playerAccel, vy = vy &+ ay &* playerAccel
        vx -= vx / playerDamping
        vy -= vy / playerDamping
        if ax == 0 { vx = towardZero(vx) }
        if ay == 0 { vy = towardZero(vy) }
        vx = min(max(vx, playerMinVelocity), playerMaxVelocity)
        vy = min(max(vy, playerMinVelocity), playerMaxVelocity)
        var x = x &+ vx, y = y &+ vy
        if x < playerRadius { x = playerRadius; vx = 0 }
        if x > width - playerRadius { x = width - playerRadius; vx = 0 }
        if y < playerRadius { y = playerRadius; vy = 0 }
        if y > height - playerRadius { y = height - playerRadius; vy = 0 }
        return (x, y, vx, vy)
    }

    /// `v` one unit nearer 0 (0 stays 0).
    @inline(__always)
    static func towardZero(_ v: Int32) -> Int32 { v > 0 ? v - 1 : v < 0 ? v + 1 : 0 }

    /// One tick of ball friction on one velocity component (see `ballFriction`).
    @inline(__always)
    public static func ballDrag(_ v: Int32) -> Int32 {
        let slowed = v - v / ballFriction
        return slowed > 0 ? slowed - 1 : slowed < 0 ? slowed + 1 : 0
    }

    /// Whether a y coordinate is inside the goal mouth.
    @inline(__always)
    public static func inMouth(_ y: Int32) -> Bool {
        y >= goalTop && y <= goalBottom
    }

    /// `floor(sqrt(value))`, exact for every `UInt64`, bit by bit (no floating point).
    public static func integerSquareRoot(_ value: UInt64) -> UInt64 {
        var remainder = value
        var root: UInt64 = 0
        var bit: UInt64 = 1 << 62
        while bit > remainder { bit >>= 2 }
        while bit != 0 {
            if remainder >= root + bit {
                remainder -= root + bit
                root = (root >> 1) + bit
            } else {
                root >>= 1
            }
            bit >>= 2
        }
        return root
    }

    /// The direction of (`dx`, `dy`) scaled to `speed`: each component is
    /// `(d · 1024 / length) · speed / 1024`, truncating. A zero vector gives (`speed`, 0).
    public static func scaled(dx: Int32, dy: Int32, to speed: Int32) -> (x: Int32, y: Int32) {
        let length = Int64(integerSquareRoot(UInt64(Int64(dx) * Int64(dx) + Int64(dy) * Int64(dy))))
        guard length > 0 else { return (speed, 0) }
        let ux = Int64(dx) * unitScale / length, uy = Int64(dy) * unitScale / length
        return (Int32(ux * Int64(speed) / unitScale), Int32(uy * Int64(speed) / unitScale))
    }

    /// Clamps a ball velocity component into its field's range.
    @inline(__always)
    public static func clampBallVelocity(_ v: Int64) -> Int32 {
        Int32(min(max(v, Int64(ballMinVelocity)), Int64(ballMaxVelocity)))
    }
}
