/// The games an executable offers, looked up by the name `--game` takes or by the name a
/// recording's header gives. The first is the default.
public struct GameCatalog: Sendable {
    public let games: [GameEntry]

    public init(_ games: [GameEntry]) {
        precondition(!games.isEmpty, "a catalog needs a game")
        precondition(Set(games.map(\.name)).count == games.count, "two games share a name")
        self.games = games
    }

    public var defaultGame: GameEntry { games[0] }

    /// The game named `name` (as `--game` spells it, or as its descriptor does), any case.
    public func game(named name: String) -> GameEntry? {
        let key = name.lowercased()
        return games.first { $0.name == key }
    }

    /// "arena, soccer": for help texts and errors.
    public var names: String { games.map(\.name).joined(separator: ", ") }
}
