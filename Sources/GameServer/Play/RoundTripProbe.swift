import Wire

/// One player's round trip as the server measured it, and the oldest view its inputs may
/// claim. Lag compensation rewinds a shot to the tick the client says it was showing
/// (`PlayerInput.tick`); a game caps that (Arena's `maxUnlagTicks`), but within the cap the
/// claim was the client's word. This checks it against the server's own measurement: the
/// server sends a `ProbeMessage`, a version-3 client answers at once with a `ProbeReplyMessage`
/// echoing its token, and the answer's delay is a round trip through everything an input
/// travels (proxy, polling, the kernel's buffers, the client's own event loop).
///
/// A client can delay its answers and look farther away, but never answer a probe before it
/// came, so it cannot make the measured trip shorter than it is; what it gains by delaying is
/// bounded by the game's cap, as before. The estimate is TCP's (RFC 6298): a smoothed mean and
/// a mean deviation, and the bound is mean + 4 × deviation. A client that never answers gets
/// no round-trip credit once its first probe is `grace` old.
struct RoundTripProbe {
    /// Smoothed round trip and mean deviation, in nanoseconds (valid once `samples > 0`).
    private(set) var smoothed: UInt64 = 0
    private(set) var deviation: UInt64 = 0
    private(set) var samples = 0
    private var outstanding: (token: UInt32, sentAt: UInt64)?
    private var firstSentAt: UInt64?
    private var lastSentAt: UInt64 = 0
    private var nextToken: UInt32

    init(firstToken: UInt32) { nextToken = firstToken }

    /// The token of a probe to send now (one at a time, `interval` apart), or nil.
    mutating func tokenToSend(now: UInt64, interval: UInt64) -> UInt32? {
        guard outstanding == nil, firstSentAt == nil || now &- lastSentAt >= interval else { return nil }
        let token = nextToken
        nextToken &+= 1
        outstanding = (token, now)
        lastSentAt = now
        if firstSentAt == nil { firstSentAt = now }
        return token
    }

    /// A reply arrived; it counts only if it answers the probe outstanding. False otherwise
    /// (late, repeated or made up: ignored).
    @discardableResult
    mutating func answered(token: UInt32, now: UInt64) -> Bool {
        guard let ping = outstanding, ping.token == token, now >= ping.sentAt else { return false }
        outstanding = nil
        add(sample: now - ping.sentAt)
        return true
    }

    /// RFC 6298, section 2: the first sample sets the mean and half of it as the deviation;
    /// later ones move the deviation by 1/4 and the mean by 1/8.
    mutating func add(sample: UInt64) {
        if samples == 0 {
            smoothed = sample
            deviation = sample / 2
        } else {
            let difference = smoothed > sample ? smoothed - sample : sample - smoothed
            deviation = deviation - deviation / 4 + difference / 4
            smoothed = smoothed - smoothed / 8 + sample / 8
        }
        samples += 1
    }

    /// The longest round trip this client can honestly have now, or nil while it is not
    /// known yet (no answer, and the first probe younger than `grace`): mean + 4 × deviation,
    /// or an unanswered probe's age when that is longer (the link just got slower: a stall),
    /// up to twice the former. 0 for a client that never answered within `grace`.
    func roundTripBound(now: UInt64, grace: UInt64) -> UInt64? {
        let waiting = outstanding.map { now &- $0.sentAt } ?? 0
        guard samples > 0 else {
            guard let first = firstSentAt, now &- first >= grace else { return nil }
            return 0
        }
        let bound = smoothed + 4 * deviation
        return max(bound, min(waiting, 2 * bound))
    }

    /// The oldest view tick an input arriving now may claim: the room's tick less the round
    /// trip's bound, the interpolation delay the server grants (`allowance`), and two ticks for
    /// where in its tick a snapshot left and an input came; nil when there is no bound yet.
    func oldestViewTick(currentTick: UInt32, now: UInt64, tickNanos: UInt64, allowance: UInt64, grace: UInt64) -> UInt32? {
        guard let bound = roundTripBound(now: now, grace: grace) else { return nil }
        let ticks = (bound + allowance + tickNanos - 1) / tickNanos + 2
        guard ticks < UInt64(UInt32.max / 4) else { return nil }
        return currentTick &- UInt32(ticks)
    }
}
