/// A fleet's latency histograms (honest bots): what merges across fleets and transports.
public struct FleetLatencies: Sendable {
    public var rtt = LatencyHistogram()
    public var jitter = LatencyHistogram()
    public var inputAck = LatencyHistogram()
    /// Input→ack of inputs sent after a link's stall ended, by time since it ended
    /// (`afterStallBucketMillis` each): how latency recovers after a freeze.
    public var inputAckAfterStall: [LatencyHistogram] = []
    public static let afterStallBucketMillis = 100.0
    public static let afterStallBuckets = 30
    public init() {}

    public mutating func merge(_ other: FleetLatencies) {
        rtt.merge(other.rtt); jitter.merge(other.jitter); inputAck.merge(other.inputAck)
        if inputAckAfterStall.count < other.inputAckAfterStall.count {
            inputAckAfterStall += Array(repeating: LatencyHistogram(), count: other.inputAckAfterStall.count - inputAckAfterStall.count)
        }
        for (index, histogram) in other.inputAckAfterStall.enumerated() { inputAckAfterStall[index].merge(histogram) }
    }

    /// Adds an input→ack measurement of an input sent `since` nanoseconds after a stall ended.
    public mutating func addAfterStall(_ milliseconds: Double, since: UInt64) {
        let bucket = Int(Double(since) / 1e6 / Self.afterStallBucketMillis)
        guard bucket < Self.afterStallBuckets else { return }
        if inputAckAfterStall.isEmpty { inputAckAfterStall = Array(repeating: LatencyHistogram(), count: Self.afterStallBuckets) }
        inputAckAfterStall[bucket].add(milliseconds)
    }

    /// Writes the summaries into `summary`; with stalls, also how soon after one input→ack is
    /// back within the round trip's p50 plus 3 ticks (`tickMillis` each) and stays there.
    public func summarize(into summary: inout FleetSummary, tickMillis: Double = 1_000.0 / 60) {
        summary.rttMillis = rtt.summary(); summary.jitterMillis = jitter.summary(); summary.inputAckMillis = inputAck.summary()
        guard !inputAckAfterStall.isEmpty, rtt.count > 0 else { return }
        let p50s = inputAckAfterStall.map { $0.count > 0 ? $0.summary().p50 : nil }
        summary.inputAckAfterStallP50Millis = p50s.map { $0 ?? -1 }
        let bound = summary.rttMillis.p50 + 3 * tickMillis
        summary.stallRecoveryBoundMillis = bound
        // The first bucket from which every later measured bucket is within the bound.
        var recovered: Int?
        for index in stride(from: p50s.count - 1, through: 0, by: -1) {
            guard let p50 = p50s[index] else { continue }
            if p50 <= bound { recovered = index } else { break }
        }
        summary.stallRecoveryMillis = recovered.map { Double($0) * Self.afterStallBucketMillis }
    }
}

/// Reading the fleet's state: the totals and the once-a-second sample.
extension BotFleet {
    /// What the fleet did in the last second (see `takeSecond`).
    public struct Second: Sendable {
        /// Honest bots playing now.
        public var playing: Int
        /// The same by transport (`ClientTransport.rawValue`).
        public var playingByTransport: [Int]
        /// Honest bots' snapshot bytes received and bytes sent, since the start.
        public var bytesDown: Int
        public var bytesUp: Int
        /// RTTs measured since the previous call.
        public var rtt: LatencyHistogram

        public init() {
            playing = 0; bytesDown = 0; bytesUp = 0; rtt = LatencyHistogram()
            playingByTransport = [Int](repeating: 0, count: ClientTransport.allCases.count)
        }

        /// Adds another fleet's second (several fleets, one per loop thread, make one run).
        public mutating func add(_ other: Second) {
            playing += other.playing; bytesDown += other.bytesDown; bytesUp += other.bytesUp
            for index in playingByTransport.indices { playingByTransport[index] += other.playingByTransport[index] }
            rtt.merge(other.rtt)
        }
    }

    /// The once-a-second sample; resets the recent-RTT histogram.
    public func takeSecond() -> Second {
        var second = Second()
        second.rtt = takeRecentRTT()
        for bot in bots where bot.role.isHonest {
            if bot.wasWelcomed && bot.client.state == .playing {
                second.playing += 1
                second.playingByTransport[bot.transport.rawValue] += 1
            }
            second.bytesDown += bot.client.snapshotBytesReceived
            second.bytesUp += bot.client.bytesSent
        }
        return second
    }

    /// Totals now, of every bot or of one transport's. Connections, drops, bytes and
    /// latencies are the honest bots'; each misbehaving role gets its close codes in `dishonest`.
    public func summary(of transport: ClientTransport? = nil, linkClass: Int? = nil) -> FleetSummary {
        precondition(transport == nil || linkClass == nil, "one split at a time")
        var s = FleetSummary()
        for bot in bots where (transport == nil || bot.transport == transport) && (linkClass == nil || bot.linkClass == linkClass) {
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
            s.shots += bot.shots.shots
            s.hits += bot.shots.hits
            s.bytesUp += client.bytesSent
            s.clientErrors += client.errors.count
            for error in client.errors where s.firstErrors.count < 10 { s.firstErrors.append("\(client.name): \(error)") }
        }
        (linkClass.map { linkLatencies[$0] } ?? latencies(of: transport)).summarize(into: &s)
        return s
    }

    /// The histograms of every bot or of one transport's.
    public func latencies(of transport: ClientTransport?) -> FleetLatencies {
        if let transport { return latencies[transport.rawValue] }
        var all = FleetLatencies()
        for part in latencies { all.merge(part) }
        return all
    }

    /// The summary and the histograms behind its latencies, to merge with other fleets'.
    public func totals(of transport: ClientTransport? = nil) -> (summary: FleetSummary, latencies: FleetLatencies) {
        (summary(of: transport), latencies(of: transport))
    }

    /// The same for one class of the plan's `LinkMix`.
    public func totals(ofLinkClass linkClass: Int) -> (summary: FleetSummary, latencies: FleetLatencies) {
        (summary(linkClass: linkClass), linkLatencies[linkClass])
    }

    static func describe(_ code: UInt16, _ reason: String) -> String {
        "\(code)\(reason.isEmpty ? "" : " \(reason)")"
    }
}
