/// A game that can say which entity is a player's. The `Game` protocol does not ask for it
/// (a room learns it from `addPlayer`), but a replay re-simulates the match inside a
/// `Replayer`, so the replay's welcome can name the followed player's entity only if the
/// game answers this. A game without it still replays: the welcome's `entityID` is then 0
/// and a client centres its view on the followed player's view centre instead.
public protocol PlayerEntityLookup {
    /// The entity of `player`, nil if it has none now.
    func entity(of player: PlayerID) -> EntityID?
}
