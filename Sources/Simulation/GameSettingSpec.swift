/// One integer setting a game reads, as its executables present and check it: the name that
/// `--setting NAME=VALUE` uses, the values it takes, and its default. A game lists them in
/// `Game.settingSpecs` so `game-server --help` can show every game's settings and refuse a
/// misspelt one, with no per-game code in the executable.
public struct GameSettingSpec: Sendable, Hashable {
    public var name: String
    public var range: ClosedRange<Int32>
    public var defaultValue: Int32

    public init(name: String, range: ClosedRange<Int32>, defaultValue: Int32) {
        precondition(range.contains(defaultValue), "the default of \(name) is outside its range")
        self.name = name
        self.range = range
        self.defaultValue = defaultValue
    }
}
