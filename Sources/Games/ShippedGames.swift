import Arena
import Pitch
import GameServer

/// The games this package ships, as the one catalog `game-server` and `replay` share. A
/// package with games of its own builds its executable on `GameCatalog` the same way, listing
/// its games (and these, if it wants them).
public enum ShippedGames {
    public static let catalog = GameCatalog([
        GameEntry(Arena.self, summary: "free-for-all top-down shooter: move, aim, fire; drones roam the map"),
        GameEntry(Pitch.self, summary: "two teams, one ball: timed matches with a countdown, halves, goals and results"),
    ])
}
