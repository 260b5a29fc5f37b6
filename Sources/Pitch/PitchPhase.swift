/// Where a match is in its lifecycle: the match entity's `phase` field. The numbers are part
/// of the wire contract (the browser's banner and `canMove` read them); see `Pitch` for the
/// transitions.
public enum PitchPhase: Int32, Sendable, CaseIterable {
    /// Not enough players (or a team empty): untimed, players run about freely, no goals.
    case waiting = 0
    /// Players frozen at kick-off positions; then the first half.
    case countdown = 1
    case firstHalf = 2
    /// Between the halves, players frozen at kick-off positions.
    case halftime = 3
    case secondHalf = 4
    /// The pause after a goal; the half's clock is stopped.
    case goal = 5
    /// The final whistle: the result is shown, then the next match.
    case ended = 6

    /// Whether players move (and the ball rolls) in this phase. Mirrored by the browser's
    /// `canMove`.
    public var playersMove: Bool {
        switch self {
        case .waiting, .firstHalf, .secondHalf: true
        case .countdown, .halftime, .goal, .ended: false
        }
    }

    /// Whether a goal counts in this phase.
    public var isHalf: Bool { self == .firstHalf || self == .secondHalf }
}
