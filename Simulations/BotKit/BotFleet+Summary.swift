/// Reading the fleet's state: the totals and the once-a-second sample.
extension BotFleet {
    /// What the fleet did in the last second (see `takeSecond`).
    public struct Second: Sendable {
        /// Honest bots playing now.
        public var playing: Int
        /// Honest bots' snapshot bytes received and bytes sent, since the start.
        public var bytesDown: Int
        public var bytesUp: Int
        /// RTTs measured since the previous call.
        public var rtt: LatencyHistogram

        public init() {
            playing = 0; bytesDown = 0; bytesUp = 0; rtt = LatencyHistogram()
        }

        /// Adds another fleet's second (several fleets, one per loop thread, make one run).
        public mutating func add(_ other: Second) {
            playing += other.playing; bytesDown += other.bytesDown; bytesUp += other.bytesUp
            rtt.merge(other.rtt)
        }
    }

    /// The once-a-second sample; resets the recent-RTT histogram.
    public func takeSecond() -> Second {
        var second = Second()
        second.rtt = takeRecentRTT()
        for bot in bots where bot.role.isHonest {
            if bot.wasWelcomed && bot.client.state == .playing { second.playing += 1 }
            second.bytesDown += bot.client.snapshotBytesReceived
            second.bytesUp += bot.client.bytesSent
        }
        return second
    }

    /// Totals now. Connections, drops, bytes and latencies are the honest bots'; each
    /// misbehaving role gets its close codes in `dishonest`.
    public func summary() -> FleetSummary {
        var s = FleetSummary()
        for bot in bots {
            let client = bot.client
            // A mismatch is the server's failure whoever saw it.
            s.hashesChecked += client.world.hashesChecked
            s.hashMismatches += client.hashMismatches
            for tick in bot.mismatchTicks where s.mismatchAt.count < 20 { s.mismatchAt.append("\(client.name)@\(tick)") }
            if let expected = bot.role.expectedCloseCode {
                var outcome = s.dishonest[bot.role.name] ?? FleetSummary.DishonestOutcome()
                outcome.bots += 1
                outcome.expectedCode = expected
                switch client.state {
                case .closed(let code, let reason) where !bot.closedByUs:
                    outcome.closeCodes[Self.describe(code, reason), default: 0] += 1
                    // A slow reader's buffers are full, so the server's close frame (4003)
                    // rarely reaches it: it sees the connection end (1006). The server's
                    // own count of "too slow" kicks confirms the reason (`BotReport.Server.kicks`).
                    if code == expected || (bot.role == .slowReader && code == 1006) { outcome.closedAsExpected += 1 }
                case .closed: break
                default: outcome.stillOpen += 1
                }
                s.dishonest[bot.role.name] = outcome
                continue
            }
            s.attempted += 1
            if bot.wasWelcomed { s.connected += 1 }
            if bot.connectFailed { s.failed += 1 }
            switch client.state {
            case .playing: if bot.wasWelcomed { s.playing += 1 }
            case .closed(let code, let reason):
                if !bot.wasWelcomed && !bot.connectFailed { s.failed += 1 }
                if bot.leftEarly { s.left += 1 }
                if bot.wasWelcomed && !bot.closedByUs {
                    s.dropped += 1
                    s.dropCodes[Self.describe(code, reason), default: 0] += 1
                }
            case .connecting: break
            }
            s.snapshots += client.snapshotsReceived
            s.bytesDown += client.snapshotBytesReceived
            s.bytesUp += client.bytesSent
            s.clientErrors += client.errors.count
            for error in client.errors where s.firstErrors.count < 10 { s.firstErrors.append("\(client.name): \(error)") }
        }
        s.rttMillis = rtt.summary()
        s.jitterMillis = jitter.summary()
        s.inputAckMillis = inputAck.summary()
        return s
    }

    /// The summary and the histograms behind its latencies, to merge with other fleets'.
    public func totals() -> (summary: FleetSummary, rtt: LatencyHistogram, jitter: LatencyHistogram, inputAck: LatencyHistogram) {
        (summary(), rtt, jitter, inputAck)
    }

    static func describe(_ code: UInt16, _ reason: String) -> String {
        "\(code)\(reason.isEmpty ? "" : " \(reason)")"
    }
}
