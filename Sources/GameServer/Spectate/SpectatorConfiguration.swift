/// Limits and pacing of live spectating (`/spectate?room=ID`), part of `GameServerConfiguration`.
public struct SpectatorConfiguration: Sendable {
    /// Spectators at once, all rooms together; one more is refused with 4004 (server full).
    /// Spectators never take a seat, so this is their own cap, beside the rooms' capacity.
    /// 0 turns spectating off.
    public var maxSpectators = 2000
    /// How far behind the room spectators watch, in seconds: 0 for casual rooms; a broadcast
    /// delay for competitive ones, so a spectator cannot call out positions to a player.
    public var delaySeconds = 0.0
    /// A spectator snapshot every this many ticks (2 = 30 Hz at a 60 Hz tick): the spectator
    /// thread's frame period. Spectators watch; they do not need the players' rate.
    public var snapshotInterval = 2
    /// How long a spectator's socket may stay busy before it is dropped (4003).
    public var stallSeconds = 5.0
    /// Control messages a spectator may send per second; over it for long enough, 4002.
    public var maxMessagesPerSecond = 30
    /// Bytes of a room's feed the spectator thread may hold: the delay's worth of recorded
    /// ticks must fit (100 players at 60 Hz need about 50 kB a second).
    public var maxFeedBytes = 64 << 20
    /// Free-camera positions snap to a grid of this many world units, so that spectators
    /// looking at nearly the same place share one encoded view.
    public var cameraGrid: Int32 = 64
    /// Added to the spectator thread's nice value (Linux keeps one per thread), so that when
    /// the cores are busy it gives way to the rooms' game threads. 0 leaves it as it is.
    public var threadNice: Int32 = 5

    public init() {}

    /// What is wrong, in words a flag user can act on; nil if nothing.
    func problem(tickRate: Int) -> String? {
        if maxSpectators < 0 { return "max spectators must be 0 or more, got \(maxSpectators)" }
        if !(delaySeconds.isFinite && (0...600).contains(delaySeconds)) { return "spectator delay must be 0 to 600 s, got \(delaySeconds)" }
        if !(1...60).contains(snapshotInterval) { return "spectator snapshot interval must be 1 to 60 ticks, got \(snapshotInterval)" }
        if !(stallSeconds.isFinite && stallSeconds > 0) { return "spectator stall seconds must be positive, got \(stallSeconds)" }
        return nil
    }

    func delayTicks(tickRate: Int) -> UInt32 { UInt32((delaySeconds * Double(tickRate)).rounded()) }
    func framePeriod(tickRate: Int) -> UInt64 { UInt64((1e9 * Double(snapshotInterval) / Double(tickRate)).rounded()) }
    func stallFrames(tickRate: Int) -> Int { max(1, Int(stallSeconds * Double(tickRate) / Double(snapshotInterval))) }
}
