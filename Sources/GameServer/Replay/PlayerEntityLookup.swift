import Simulation

/// A game that can say which entity is a player's. The `Game` protocol does not ask for it
/// (rooms learn it from `addPlayer`), but a replay re-simulates the match inside a
/// `Replayer`, so its welcome can name the followed player's entity only if the game
/// answers this. Without it the welcome's `entityID` is 0 and a client follows the view
/// centre instead.
public protocol PlayerEntityLookup {
    func entity(of player: PlayerID) -> EntityID?
}
