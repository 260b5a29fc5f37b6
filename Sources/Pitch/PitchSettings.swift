import Simulation

/// Pitch's tunable numbers, read once from the room's `GameSettings` (which recordings
/// store, so a replay plays with the same ones). Missing names take the defaults below,
/// values are clamped into their ranges, unknown names are ignored: as `ArenaSettings`.
///
/// Durations are in seconds and become ticks at 60 Hz (`ticksPerSecond`), as every Arena
/// duration is tuned for; at another tick rate a half is just shorter or longer. The
/// movement rule itself is not tunable: the browser predicts it with fixed numbers.
public struct PitchSettings: GameSettingsStruct, Hashable {
    public typealias Entry = GameSettingEntry<PitchSettings>

    /// The tick rate the seconds are converted at.
    public static let ticksPerSecond: Int32 = 60

    /// The pause between the halves.
    public var breakSeconds: Int32 = 5
    /// The countdown before the first half.
    public var countdownSeconds: Int32 = 3
    /// Each half's playing time (the clock stops during goal pauses). At most 1,000 s, so
    /// the ticks fit the match entity's 16-bit `ticksLeft`.
    public var halfSeconds: Int32 = 90
    /// Ticks between two kicks of one player (holding kick kicks at this rate).
    public var kickCooldown: Int32 = 15
    /// The ball's speed right after a kick, in units per tick (at most the field's 1,023).
    public var kickSpeed: Int32 = 600
    /// Players needed to play. From 2 a match also needs both teams non-empty; 1 lets one
    /// player play a whole match alone (demos and tests).
    public var minPlayers: Int32 = 2
    /// How long the result is shown before the next match.
    public var resultsSeconds: Int32 = 8

    /// Every setting Pitch reads, in name order.
    public static let entries: [Entry] = [
        Entry(name: "breakSeconds", range: 1...600, keyPath: \.breakSeconds),
        Entry(name: "countdownSeconds", range: 1...60, keyPath: \.countdownSeconds),
        Entry(name: "halfSeconds", range: 1...1_000, keyPath: \.halfSeconds),
        Entry(name: "kickCooldown", range: 1...600, keyPath: \.kickCooldown),
        Entry(name: "kickSpeed", range: 64...1_023, keyPath: \.kickSpeed),
        Entry(name: "minPlayers", range: 1...32, keyPath: \.minPlayers),
        Entry(name: "resultsSeconds", range: 1...600, keyPath: \.resultsSeconds),
    ]

    /// The defaults.
    public init() {}



    public var countdownTicks: Int32 { countdownSeconds * Self.ticksPerSecond }
    public var halfTicks: Int32 { halfSeconds * Self.ticksPerSecond }
    public var breakTicks: Int32 { breakSeconds * Self.ticksPerSecond }
    public var resultsTicks: Int32 { resultsSeconds * Self.ticksPerSecond }
}
