import Simulation

/// Replays name the followed player's entity in their welcome (see `PlayerEntityLookup`).
extension Arena: PlayerEntityLookup {}
