/// A game's settings as a struct of `Int32` properties whose initial values are the defaults,
/// with a table naming each one (`entries`, in name order): reading them from a room's
/// `GameSettings` (missing names take the default, values are clamped into range, unknown
/// names ignored), writing them back, and listing them for `--help` are then the same code for
/// every game. `ArenaSettings` and `PitchSettings` are two.
public protocol GameSettingsStruct: Sendable {
    /// The defaults.
    init()
    /// Every setting, in name order.
    static var entries: [GameSettingEntry<Self>] { get }
}

/// One row of a settings table: the name in `GameSettings`, the legal range, and the property
/// (whose initial value is the default, so it is written down once).
public struct GameSettingEntry<Root: GameSettingsStruct>: Sendable {
    public let name: String
    public let range: ClosedRange<Int32>
    public let keyPath: WritableKeyPath<Root, Int32> & Sendable

    public init(name: String, range: ClosedRange<Int32>, keyPath: WritableKeyPath<Root, Int32> & Sendable) {
        self.name = name
        self.range = range
        self.keyPath = keyPath
    }

    public var defaultValue: Int32 { Root()[keyPath: keyPath] }
}

extension GameSettingsStruct {
    /// The defaults, overridden by whatever `settings` names (clamped into range).
    public init(_ settings: GameSettings) {
        self.init()
        for entry in Self.entries {
            if let value = settings[entry.name] {
                self[keyPath: entry.keyPath] = min(max(value, entry.range.lowerBound), entry.range.upperBound)
            }
        }
    }

    /// These values as `GameSettings`, every name present: what a server shows or records.
    public var gameSettings: GameSettings {
        GameSettings(Self.entries.map { ($0.name, self[keyPath: $0.keyPath]) })
    }

    /// The defaults as `GameSettings`.
    public static var defaults: GameSettings { Self().gameSettings }

    /// The table as `Game.settingSpecs` lists it.
    public static var specs: [GameSettingSpec] {
        entries.map { GameSettingSpec(name: $0.name, range: $0.range, defaultValue: $0.defaultValue) }
    }
}
