import Simulation

/// Arena's tunable numbers, read once from the room's `GameSettings` (which the recording
/// stores, so a replay plays with the same ones). Missing names take the defaults below;
/// values are clamped into their documented ranges, so no setting can break an invariant
/// (for example a projectile fast enough to pass through a player between two ticks).
/// Names that Arena does not know are ignored.
///
/// Durations are in ticks and speeds in simulation units (1/16 world unit) per tick, both
/// tuned for the server's default 60 Hz.
public struct ArenaSettings: GameSettingsStruct, Hashable {
    public typealias Entry = GameSettingEntry<ArenaSettings>

    /// AI drones kept in the world (each respawns `respawnTicks` after dying).
    public var drones: Int32 = 48
    /// Projectile distance per tick. At most 512, less than the 576 units of the longest
    /// path through the smallest target (a drone): a projectile heading for the middle of a
    /// body always lands inside it on some tick, only a graze may slip between two ticks.
    public var projectileSpeed: Int32 = 192
    /// Ticks a projectile flies before it expires (default 1 s: 720 world units).
    public var projectileLifetime: Int32 = 60
    public var projectileDamage: Int32 = 25
    /// Ticks between two shots of one player.
    public var fireCooldown: Int32 = 12
    /// Ticks a dead player (or a destroyed drone) waits before it comes back.
    public var respawnTicks: Int32 = 180
    public var droneHealth: Int32 = 50
    /// Damage a drone does when it rams a player (it is destroyed by the impact).
    public var droneDamage: Int32 = 20
    public var droneSpeed: Int32 = 40
    /// Drones a player must destroy to earn one point (a player kill earns one).
    public var dronesPerPoint: Int32 = 4
    /// Players spawn (and respawn) at most this many world units from the world's centre
    /// along each axis, never nearer the edge than the spawn margin; drones ignore it. The
    /// default, half the world's side (2,048 of 4,096), is the whole world. A small value
    /// puts every player in everyone's view (384 world units), e.g. for tests and demos.
    public var spawnSpread: Int32 = 2_048
    /// While a match has fewer players than this, a joining player spawns near a living one
    /// (within 300 world units, so both see each other at once); 0: always anywhere.
    public var joinNearBelow: Int32 = 16
    /// Lag compensation's cap, in ticks: a shot is judged against the world as its shooter saw
    /// it, at most this many ticks back (default 18, 300 ms at 60 Hz: a 150 ms round trip plus
    /// the browser's interpolation delay). 0 turns lag compensation off: every shot is judged
    /// against the present, and a shooter with a slow link must lead its targets by its lag.
    public var maxUnlagTicks: Int32 = 18

    /// Every setting Arena reads, in name order.
    public static let entries: [Entry] = [
        Entry(name: "droneDamage", range: 0...100, keyPath: \.droneDamage),
        Entry(name: "droneHealth", range: 1...100, keyPath: \.droneHealth),
        Entry(name: "droneSpeed", range: 0...256, keyPath: \.droneSpeed),
        Entry(name: "drones", range: 0...4_096, keyPath: \.drones),
        Entry(name: "dronesPerPoint", range: 1...1_000, keyPath: \.dronesPerPoint),
        Entry(name: "fireCooldown", range: 1...3_600, keyPath: \.fireCooldown),
        Entry(name: "joinNearBelow", range: 0...1_024, keyPath: \.joinNearBelow),
        Entry(name: "maxUnlagTicks", range: 0...60, keyPath: \.maxUnlagTicks),
        Entry(name: "projectileDamage", range: 1...100, keyPath: \.projectileDamage),
        Entry(name: "projectileLifetime", range: 1...3_600, keyPath: \.projectileLifetime),
        Entry(name: "projectileSpeed", range: 16...512, keyPath: \.projectileSpeed),
        Entry(name: "respawnTicks", range: 1...36_000, keyPath: \.respawnTicks),
        Entry(name: "spawnSpread", range: 0...2_048, keyPath: \.spawnSpread),
    ]

    /// The defaults.
    public init() {}


}
