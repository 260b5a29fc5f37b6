/// Things that happened that a client must not miss (unlike state, they cannot be recomputed
/// from a later snapshot): sent reliably, in order, never superseded.
public enum GameEvent: Hashable, Sendable {
    case joined(player: UInt16, name: String)
    case left(player: UInt16)
    /// `killer` is nil when no player did it (a drone, the world).
    case killed(killer: UInt16?, victim: UInt16)
    case chat(player: UInt16, text: String)
}
