import Wire

/// A game's own way of playing, for the `autopilot` behaviour: the generic behaviours steer
/// any game with a `moveX`/`moveY` pair, but only the game knows what a good move is (where
/// the ball is, which goal to shoot at). The bots tool registers one per game it ships
/// (`bots --game pitch`); a package with its own game hands its own to `FleetPlan`.
///
/// Called on the bots' loop thread once per bot per tick, with the bot's client (its rebuilt
/// world and welcome) and a seed fixed for that bot. Returns the input's field values in the
/// game's input table order, or nil to stand still this tick (not welcomed, no entity yet).
public protocol BotAutopilot: Sendable {
    func decide(client: GameClient, seed: UInt64) -> SIMD8<Int32>?
}
