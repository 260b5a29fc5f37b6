/// An angle sent as a `bits`-bit fraction of a full turn (nengi's `Rotation8`, for any
/// width up to 16).
///
/// Code `c` stands for `c / 2^bits` of a turn, so the codes wrap: 0 and 2π share code 0,
/// and no value is ever out of range. Two representations are supported:
///
/// - **Radians** (`Double`), for the client's aim: encoded as
///   `floor(x / 2π * 2^bits + 0.5)` reduced modulo `2^bits` (nearest code, halves up,
///   any finite `x` accepted, non-finite gives 0); decoded into `0 ..< 2π` as
///   `code * (2π / 2^bits)`. The JS mirror performs the same operations.
/// - **Binary angles** (`UInt16`, 65 536 units per turn), for deterministic simulation
///   code: pure integer rounding, `(a + half) >> (16 - bits)`, wrapping.
///
/// Either way the circular error is at most half a code (`π / 2^bits` radians).
public struct QuantizedAngle: Hashable, Sendable {
    public let bits: Int
    /// `2^bits`: the number of codes per turn.
    public let codeCount: UInt32

    /// One full turn, the same double as JS's `2 * Math.PI`.
    public static let fullTurn: Double = 2 * Double.pi

    public init(bits: Int) {
        precondition(bits >= 1 && bits <= 16, "QuantizedAngle: \(bits) bits outside 1...16")
        self.bits = bits
        codeCount = 1 << UInt32(bits)
    }

    // MARK: Radians

    @inlinable
    public func encode(radians: Double) -> UInt32 {
        guard radians.isFinite else { return 0 }
        let count = Double(codeCount)
        let nearest = (radians / Self.fullTurn * count + 0.5).rounded(.down)
        // Exact for every finite input: the result is an integer in 0 ..< count.
        let wrapped = nearest - count * (nearest / count).rounded(.down)
        guard wrapped >= 0 && wrapped < count else { return 0 }
        return UInt32(wrapped)
    }

    /// The angle of `code`, in `0 ..< 2π`.
    @inlinable
    public func decodeRadians(_ code: UInt32) -> Double {
        Double(code & (codeCount - 1)) * (Self.fullTurn / Double(codeCount))
    }

    // MARK: Binary angles

    @inlinable
    public func encode(binaryAngle: UInt16) -> UInt32 {
        let shift = UInt32(16 - bits)
        let half: UInt32 = shift == 0 ? 0 : 1 << (shift - 1)
        return ((UInt32(binaryAngle) + half) >> shift) & (codeCount - 1)
    }

    @inlinable
    public func decodeBinaryAngle(_ code: UInt32) -> UInt16 {
        UInt16(truncatingIfNeeded: (code & (codeCount - 1)) << UInt32(16 - bits))
    }

    // MARK: Interpolation

    /// `radians` wrapped into `0 ..< 2π`.
    @inlinable
    public static func wrap(radians: Double) -> Double {
        let wrapped = radians - fullTurn * (radians / fullTurn).rounded(.down)
        return wrapped < fullTurn ? wrapped : 0
    }

    /// The signed turn from `a` to `b` the short way round, in `-π ..< π`.
    @inlinable
    public static func shortestArc(fromRadians a: Double, toRadians b: Double) -> Double {
        let d = b - a
        return d - fullTurn * ((d + Double.pi) / fullTurn).rounded(.down)
    }

    /// Interpolates from `a` to `b` along the shorter arc (`t` = 0 gives `a`, 1 gives
    /// `b`), so an entity turning from 350° to 10° sweeps 20°, not 340°. Result in `0 ..< 2π`.
    @inlinable
    public static func lerp(fromRadians a: Double, toRadians b: Double, t: Double) -> Double {
        wrap(radians: a + shortestArc(fromRadians: a, toRadians: b) * t)
    }

    /// The same for binary angles; the arc's length is rounded to the nearest unit.
    @inlinable
    public static func lerp(from a: UInt16, to b: UInt16, t: Double) -> UInt16 {
        let arc = Double(Int16(bitPattern: b &- a))
        let moved = (arc * t + 0.5).rounded(.down)
        return a &+ UInt16(truncatingIfNeeded: Int(moved))
    }
}
