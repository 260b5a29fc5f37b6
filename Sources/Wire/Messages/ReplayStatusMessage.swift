/// Server → client, on the replay endpoint only: where the replay is and how it plays, sent a
/// few times a second and at once after every change, so the page's controls and timeline
/// always show the server's truth rather than what the viewer last asked for.
///
/// Body: `tick` (32 bits: the tick simulated so far, the one the last snapshot showed) ·
/// `endTick` (32) · `paused` (1) · `quarters − 1` (ranged 1…32, 5 bits) · `followed` (16
/// bits; 0 = nobody, a view of the world's centre) · `hasTimeline` (1), and if set the
/// `ReplayTimeline` (keyframe ticks and everyone who played). The timeline is sent with the
/// first status and whenever it changed; the others leave it out.
public struct ReplayStatusMessage: WireMessage, Hashable, Sendable {
    public static let type = MessageType.replayStatus

    public var tick: UInt32
    /// Ticks in the readable part of the recording: seeking past it lands on it.
    public var endTick: UInt32
    public var paused: Bool
    /// Playback speed in quarters (`ReplayAction.minQuarters…maxQuarters`).
    public var quarters: UInt8
    /// The player whose view the snapshots show; 0 = nobody.
    public var followed: UInt16
    public var timeline: ReplayTimeline?

    public init() {
        self.init(tick: 0, endTick: 0, paused: false, quarters: 4, followed: 0, timeline: nil)
    }

    public init(tick: UInt32, endTick: UInt32, paused: Bool, quarters: UInt8, followed: UInt16, timeline: ReplayTimeline?) {
        self.tick = tick
        self.endTick = endTick
        self.paused = paused
        self.quarters = quarters
        self.followed = followed
        self.timeline = timeline
    }

    public mutating func serialize<S: BitStream>(_ stream: inout S) throws(S.Failure) {
        try stream.serialize(&tick, bits: 32)
        try stream.serialize(&endTick, bits: 32)
        try stream.serialize(&paused)
        var speed = Int(quarters)
        try stream.serialize(&speed, min: Int(ReplayAction.minQuarters), max: Int(ReplayAction.maxQuarters))
        quarters = UInt8(truncatingIfNeeded: speed)
        try stream.serialize(&followed, bits: 16)
        var hasTimeline = timeline != nil
        try stream.serialize(&hasTimeline)
        if hasTimeline {
            var value = timeline ?? ReplayTimeline()
            try value.serialize(&stream)
            timeline = value
        } else {
            timeline = nil
        }
    }
}
