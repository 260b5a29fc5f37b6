/// The allocator's choice, as a GameServerAllocation with Packed scheduling makes it: the
/// Allocated server with the most players that still has a free seat, else a Ready one (which
/// the caller then allocates), else none. Seats are the allocator's own count (players sent
/// there and not yet gone), as an allocation that increments the `players` counter keeps it,
/// so two players arriving in the same instant never take one last seat.
///
/// One rule beyond Agones': an Allocated server that has had no players for nearly its
/// `--shutdown-when-empty` time is about to drain, so it gets no new player (a matchmaker that
/// knows the fleet's drain timer does the same; otherwise the player would be seated and closed
/// with 1001 a moment later).
enum PackedAllocator {
    enum Phase: String, Codable, Sendable {
        /// Processes started, not yet Ready.
        case starting
        case ready = "Ready"
        case allocated = "Allocated"
        /// The stand-in says Shutdown (or Unhealthy): SIGTERM sent, waiting for the exit.
        case shuttingDown = "shutting down"
        case exited
    }

    struct Candidate {
        var id: Int
        var phase: Phase
        var seats: Int
        var capacity: Int
        /// When the seat count last fell to 0 (or the allocation, if none came yet); nil while
        /// seats are taken.
        var emptySince: Double?
    }

    enum Choice: Equatable {
        case allocated(Int)
        case allocateReady(Int)
        case none
    }

    /// `now` and `emptySince` in seconds; `drainGuard`: how long an allocated server may have
    /// been empty and still take a player.
    static func choose(_ candidates: [Candidate], now: Double, drainGuard: Double) -> Choice {
        var best: Candidate?
        for c in candidates where c.phase == .allocated && c.seats < c.capacity {
            if let since = c.emptySince, now - since >= drainGuard { continue }
            if best == nil || c.seats > best!.seats || (c.seats == best!.seats && c.id < best!.id) { best = c }
        }
        if let best { return .allocated(best.id) }
        if let ready = candidates.filter({ $0.phase == .ready && $0.capacity > 0 }).min(by: { $0.id < $1.id }) {
            return .allocateReady(ready.id)
        }
        return .none
    }
}
