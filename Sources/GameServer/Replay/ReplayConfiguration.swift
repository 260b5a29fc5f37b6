/// Limits and pacing of the replay endpoint (`/replay`), part of `GameServerConfiguration`.
public struct ReplayConfiguration: Sendable {
    /// Replays shown at once; one more viewer is refused with 4004 (server full). Every viewer
    /// re-simulates its own copy of a match, so this bounds the replay thread's work.
    public var maxViewers = 16
    /// Frames per second of the replay thread: every viewer advances and gets at most one
    /// snapshot per frame.
    public var frameRate = 60
    /// Simulated ticks per viewer per frame at most (8 = 8× of a 60 Hz recording at 60 frames).
    public var maxStepsPerFrame = 8
    /// A viewer's seeks are carried out at most once per this many frames (a newer one replaces
    /// a waiting one): a seek simulates up to a keyframe interval, so dragging the timeline
    /// must not make every frame cost that much.
    public var seekEveryFrames = 6
    /// A running match's recording is checked for new ticks every this many frames.
    public var refreshEveryFrames = 15
    /// A status every this many frames even when nothing changed (it always follows a change).
    public var statusEveryFrames = 15
    /// Frames a viewer's socket may stay busy before the viewer is dropped (4003).
    public var stallFrames = 180
    /// Events that may wait for a busy socket; more and the viewer is dropped (4003).
    public var maxPendingEvents = 4096

    public init() {}

    var framePeriod: UInt64 { UInt64((1e9 / Double(frameRate)).rounded()) }
}
