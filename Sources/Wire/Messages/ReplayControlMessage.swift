/// Client → server, on the replay and spectator endpoints only (`/replay`, `/spectate`): one
/// thing the viewer asked for. A viewer never plays, so this is the only message it sends.
///
/// Body: `action` (ranged 0…5, 3 bits; codes 6–7 are rejected), then its value:
///
/// | action | name     | value                                                          |
/// |-------:|----------|----------------------------------------------------------------|
/// | 0      | `play`   | —                                                              |
/// | 1      | `pause`  | —                                                              |
/// | 2      | `speed`  | `quarters − 1` (ranged 1…32, 5 bits): 1 = 0.25×, 4 = 1×, 32 = 8× |
/// | 3      | `seek`   | `tick` (32 bits): the tick to show next                         |
/// | 4      | `follow` | `player` (16 bits): whose view to show                          |
/// | 5      | `camera` | `x`, `y` (32 bits each, two's complement): a free camera's centre, raw world units |
///
/// `camera` was added with live spectating; it is an addition (no byte an existing client
/// reads changed), and a spectator's page sends it only to a server that serves `/spectate`.
public struct ReplayControlMessage: WireMessage, Hashable, Sendable {
    public static let type = MessageType.replayControl

    public var action: ReplayAction

    public init() {
        action = .play
    }

    public init(_ action: ReplayAction) {
        self.action = action
    }

    public mutating func serialize<S: BitStream>(_ stream: inout S) throws(S.Failure) {
        var tag: Int
        var quarters = Int(ReplayAction.minQuarters)
        var tick: UInt32 = 0
        var player: UInt16 = 0
        var x: UInt32 = 0
        var y: UInt32 = 0
        switch action {
        case .play: tag = 0
        case .pause: tag = 1
        case .speed(let value): tag = 2; quarters = Int(value)
        case .seek(let value): tag = 3; tick = value
        case .follow(let value): tag = 4; player = value
        case .camera(let cx, let cy): tag = 5; x = UInt32(bitPattern: cx); y = UInt32(bitPattern: cy)
        }
        try stream.serialize(&tag, min: 0, max: 5)
        switch tag {
        case 0:
            action = .play
        case 1:
            action = .pause
        case 2:
            try stream.serialize(&quarters, min: Int(ReplayAction.minQuarters), max: Int(ReplayAction.maxQuarters))
            action = .speed(quarters: UInt8(quarters))
        case 3:
            try stream.serialize(&tick, bits: 32)
            action = .seek(tick: tick)
        case 4:
            try stream.serialize(&player, bits: 16)
            action = .follow(player: player)
        default:
            try stream.serialize(&x, bits: 32)
            try stream.serialize(&y, bits: 32)
            action = .camera(x: Int32(bitPattern: x), y: Int32(bitPattern: y))
        }
    }
}

/// What a replay viewer can ask for. Speeds are in quarters so that every allowed speed
/// (0.25× … 8×) is an exact integer on the wire and in the server's pacing arithmetic.
public enum ReplayAction: Hashable, Sendable {
    case play
    case pause
    /// Playback speed in quarters of real time, `minQuarters…maxQuarters` (4 = 1×).
    case speed(quarters: UInt8)
    /// Show `tick` next: the server restores the nearest keyframe at or before it and
    /// simulates forward to it.
    case seek(tick: UInt32)
    /// Show the game as `player` saw it (0: nobody, the free camera).
    case follow(player: UInt16)
    /// Follow nobody and look at this point (raw world units): the free camera.
    case camera(x: Int32, y: Int32)

    /// 0.25×.
    public static let minQuarters: UInt8 = 1
    /// 8×.
    public static let maxQuarters: UInt8 = 32
}
