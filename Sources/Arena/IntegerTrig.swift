/// Integer trigonometry for deterministic simulation: angles are 10-bit binary angles
/// (1,024 units per turn, 0 along +x, a quarter turn (256) along +y) and sines and cosines
/// are fixed-point numbers scaled by `one` (2^14).
///
/// Why tables and not `Foundation.sin`: floating-point transcendental functions may differ
/// in the last bit between platforms and library versions, and one differing bit in one
/// position eventually changes a replay. These tables are literal constants (generated once
/// offline as `round(2^14 · sin(2π·i/1024))` and `round(2^6 · 1024/2π · atan(i/128))`), so every
/// machine computes exactly the same directions forever. Changing them changes the game:
/// bump `Arena.descriptor.version`.
public enum IntegerTrig {
    /// Angle units per full turn.
    public static let fullTurn: Int32 = 1_024
    public static let halfTurn: Int32 = 512
    public static let quarterTurn: Int32 = 256
    /// Fixed-point scale of `sin` and `cos`: 1.0.
    public static let one: Int32 = 16_384
    static let oneShift: Int64 = 14

    /// `sin` of `angle` (any integer; reduced modulo a full turn), scaled by `one`.
    @inline(__always)
    public static func sin(_ angle: Int32) -> Int32 {
        let a = angle & (fullTurn - 1)
        // Quadrant symmetry: only the first quarter wave (0...256) is stored.
        switch a >> 8 {
        case 0: return Int32(quarterSine[Int(a)])
        case 1: return Int32(quarterSine[Int(halfTurn - a)])
        case 2: return -Int32(quarterSine[Int(a - halfTurn)])
        default: return -Int32(quarterSine[Int(fullTurn - a)])
        }
    }

    /// `cos` of `angle`, scaled by `one`.
    @inline(__always)
    public static func cos(_ angle: Int32) -> Int32 {
        sin(angle &+ quarterTurn)
    }

    /// `value · length / one`, rounded to nearest (halves towards +∞): turns a unit
    /// direction component into a displacement of `length` simulation units.
    @inline(__always)
    public static func scale(_ value: Int32, by length: Int32) -> Int32 {
        Int32(truncatingIfNeeded: (Int64(value) * Int64(length) + (Int64(1) << (oneShift - 1))) >> oneShift)
    }

    /// The direction of the vector (`x`, `y`) as an angle in `0..<1024`, the nearest unit
    /// to the true value (error ≤ 0.51 units); (0, 0) gives 0. Used for steering, never for
    /// anything a client must reproduce.
    public static func atan2(y: Int32, x: Int32) -> Int32 {
        if x == 0 && y == 0 { return 0 }
        let ax = Int64(x).magnitude, ay = Int64(y).magnitude
        // Reduce to the first octant, where the table lives.
        let octant = ax >= ay ? octantAngle(ay, over: ax) : quarterTurn - octantAngle(ax, over: ay)
        switch (x >= 0, y >= 0) {
        case (true, true): return octant
        case (false, true): return halfTurn - octant
        case (false, false): return halfTurn + octant
        case (true, false): return (fullTurn - octant) & (fullTurn - 1)
        }
    }

    /// `atan(small / large)` in angle units (0...128), for `small <= large`, `large > 0`:
    /// the ratio in 1/32768ths selects a table interval (high 7 bits) and a position inside
    /// it (low 8 bits) for linear interpolation, rounded once at the end.
    @inline(__always)
    static func octantAngle(_ small: UInt64, over large: UInt64) -> Int32 {
        let ratio = Int((small << 15) / large)
        let index = ratio >> 8, fraction = Int64(ratio & 255)
        let low = Int64(atanTable[index])
        let high = index < 128 ? Int64(atanTable[index + 1]) : low
        let scaled = low * 256 + (high - low) * fraction  // angle units × 2^14
        return Int32((scaled + (1 << 13)) >> 14)
    }

    /// The signed turn from `from` to `to` the short way round, in `-512..<512`.
    @inline(__always)
    public static func shortestTurn(from: Int32, to: Int32) -> Int32 {
        ((to &- from &+ halfTurn) & (fullTurn - 1)) - halfTurn
    }

    /// `round(2^14 · sin(2π·i/1024))` for i in 0...256.
    static let quarterSine: [Int16] = [
        0, 101, 201, 302, 402, 503, 603, 704, 804, 904, 1005, 1105, 1205, 1306, 1406, 1506,
        1606, 1706, 1806, 1906, 2006, 2105, 2205, 2305, 2404, 2503, 2603, 2702, 2801, 2900, 2999, 3098,
        3196, 3295, 3393, 3492, 3590, 3688, 3786, 3883, 3981, 4078, 4176, 4273, 4370, 4467, 4563, 4660,
        4756, 4852, 4948, 5044, 5139, 5235, 5330, 5425, 5520, 5614, 5708, 5803, 5897, 5990, 6084, 6177,
        6270, 6363, 6455, 6547, 6639, 6731, 6823, 6914, 7005, 7096, 7186, 7276, 7366, 7456, 7545, 7635,
        7723, 7812, 7900, 7988, 8076, 8163, 8250, 8337, 8423, 8509, 8595, 8680, 8765, 8850, 8935, 9019,
        9102, 9186, 9269, 9352, 9434, 9516, 9598, 9679, 9760, 9841, 9921, 10001, 10080, 10159, 10238, 10316,
        10394, 10471, 10549, 10625, 10702, 10778, 10853, 10928, 11003, 11077, 11151, 11224, 11297, 11370, 11442, 11514,
        11585, 11656, 11727, 11797, 11866, 11935, 12004, 12072, 12140, 12207, 12274, 12340, 12406, 12472, 12537, 12601,
        12665, 12729, 12792, 12854, 12916, 12978, 13039, 13100, 13160, 13219, 13279, 13337, 13395, 13453, 13510, 13567,
        13623, 13678, 13733, 13788, 13842, 13896, 13949, 14001, 14053, 14104, 14155, 14206, 14256, 14305, 14354, 14402,
        14449, 14497, 14543, 14589, 14635, 14680, 14724, 14768, 14811, 14854, 14896, 14937, 14978, 15019, 15059, 15098,
        15137, 15175, 15213, 15250, 15286, 15322, 15357, 15392, 15426, 15460, 15493, 15525, 15557, 15588, 15619, 15649,
        15679, 15707, 15736, 15763, 15791, 15817, 15843, 15868, 15893, 15917, 15941, 15964, 15986, 16008, 16029, 16049,
        16069, 16088, 16107, 16125, 16143, 16160, 16176, 16192, 16207, 16221, 16235, 16248, 16261, 16273, 16284, 16295,
        16305, 16315, 16324, 16332, 16340, 16347, 16353, 16359, 16364, 16369, 16373, 16376, 16379, 16381, 16383, 16384,
        16384,
    ]

    /// `round(64 · 1024/2π · atan(i/128))` for i in 0...128: the first octant in 1/64 angle
    /// units, interpolated by `octantAngle`.
    static let atanTable: [Int16] = [
        0, 81, 163, 244, 326, 407, 489, 570, 651, 732, 813, 894, 975, 1056, 1136, 1217,
        1297, 1377, 1457, 1537, 1617, 1696, 1775, 1854, 1933, 2012, 2090, 2168, 2246, 2324, 2401, 2478,
        2555, 2632, 2708, 2784, 2860, 2935, 3010, 3085, 3159, 3233, 3307, 3380, 3453, 3526, 3599, 3670,
        3742, 3813, 3884, 3955, 4025, 4095, 4164, 4233, 4302, 4370, 4438, 4505, 4572, 4639, 4705, 4771,
        4836, 4901, 4966, 5030, 5094, 5157, 5220, 5282, 5344, 5406, 5467, 5528, 5589, 5649, 5708, 5768,
        5826, 5885, 5943, 6000, 6058, 6114, 6171, 6227, 6282, 6337, 6392, 6446, 6500, 6554, 6607, 6660,
        6712, 6764, 6815, 6867, 6917, 6968, 7018, 7068, 7117, 7166, 7214, 7262, 7310, 7358, 7405, 7451,
        7498, 7544, 7589, 7635, 7679, 7724, 7768, 7812, 7856, 7899, 7942, 7984, 8026, 8068, 8110, 8151,
        8192,
    ]
}
