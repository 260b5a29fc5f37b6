import Wire

/// The part of Arena's rules a client re-runs to predict its own player: pure functions of
/// integers, mirrored line for line in `web/games/arena/rules.js` and pinned by the golden
/// vectors in `web/test/vectors/arena-movement.json`, which both the Swift and the JS tests
/// check. Change anything here and both tests fail until the mirror and the vectors follow.
///
/// Units: the world is 4,096 × 4,096 units at 1/16-unit resolution, so positions are
/// integers in `0...65535` ("simulation units", identical to wire units). Speeds are per
/// tick and Arena's numbers are tuned for 60 Hz (a player crosses the world in about 17 s);
/// at another tick rate the game is just as deterministic, only faster or slower to play.
///
/// Movement is deliberately simple so that prediction is exact: no acceleration, no
/// collisions between players, only a clamp to the world's edge (less the player's radius).
/// A dead player (health 0) does not move; clients should not predict while dead.
public enum ArenaRules {
    /// Simulation units per world unit.
    public static let unitsPerWorldUnit: Int32 = 16
    public static let worldMin: Int32 = 0
    public static let worldMax: Int32 = 65_535

    /// Player speed along an axis, in simulation units per tick (4 world units; 240 per second at 60 Hz).
    public static let playerSpeed: Int32 = 64
    /// Player body radius (16 world units): the body stays wholly inside the world.
    public static let playerRadius: Int32 = 256
    public static let maxHealth: Int32 = 100
    public static let maxScore: Int32 = 65_535
    /// `sin(45°)` in `IntegerTrig`'s fixed point (2^14 = 1.0).
    public static let sin45: Int32 = 11_585

    /// The player's position after one tick of `input` from (`x`, `y`).
    ///
    /// Eight directions: one axis moves `speed`, a diagonal moves `diagonalStep(speed)` on
    /// both axes so its length is `speed` to within a unit. The result is clamped to
    /// `playerRadius...worldMax - playerRadius` on each axis (also repairing a start outside
    /// it). `moveX`/`moveY` outside -1...1 count as their sign.
    @inline(__always)
    public static func movePlayer(x: Int32, y: Int32, input: PlayerInput, speed: Int32 = playerSpeed) -> (x: Int32, y: Int32) {
        let delta = moveDelta(moveX: input.moveX, moveY: input.moveY, speed: speed)
        return (clampPlayer(x &+ delta.dx), clampPlayer(y &+ delta.dy))
    }

    /// The displacement for one tick of movement intent; `speed` must be in `0...100_000`.
    @inline(__always)
    public static func moveDelta(moveX: Int8, moveY: Int8, speed: Int32 = playerSpeed) -> (dx: Int32, dy: Int32) {
        let sx = Int32(max(-1, min(1, moveX))), sy = Int32(max(-1, min(1, moveY)))
        let step = sx != 0 && sy != 0 ? diagonalStep(speed) : speed
        return (sx * step, sy * step)
    }

    /// The per-axis step of a diagonal move: `round(speed · sin 45°)` in exact integer math
    /// (`(speed · 11585 + 8192) >> 14`), which stays inside 32-bit arithmetic for JS.
    @inline(__always)
    public static func diagonalStep(_ speed: Int32) -> Int32 {
        (speed &* sin45 &+ 8_192) >> 14
    }

    /// Keeps a player coordinate inside the world, less the player's radius.
    @inline(__always)
    public static func clampPlayer(_ value: Int32) -> Int32 {
        min(max(value, worldMin + playerRadius), worldMax - playerRadius)
    }

    /// The input's 16-bit binary aim as Arena's 10-bit angle (nearest, wrapping): the value of
    /// the player's `aim` field and the direction of its shots. `((aim + 32) >> 6) & 1023`.
    @inline(__always)
    public static func aimAngle(_ aim: UInt16) -> Int32 {
        (Int32(aim) &+ 32) >> 6 & (IntegerTrig.fullTurn - 1)
    }
}
