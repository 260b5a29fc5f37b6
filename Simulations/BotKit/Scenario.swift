import Foundation

/// A scenario file (`Simulations/Scenarios/NAME.json`): what to run and what must hold.
/// Parsed strictly: an unknown key (a typo such as `maxDrop`) is an error naming the key and
/// the keys allowed, so a criterion can never be silently ignored.
public struct Scenario: Sendable, Codable, Equatable {
    public var name: String
    public var players: Int
    public var duration: Double
    public var ramp: Double?
    public var behavior: String?
    public var seed: UInt64?
    /// Fraction (0...1) of slow readers and when they stop reading / for how long (seconds).
    public var slowReaders: Double?
    public var slowReaderAfter: Double?
    public var slowReaderPause: Double?
    /// Fraction (0...1) of bad actors and when (seconds after their welcome) they misbehave.
    public var badActors: Double?
    public var badActorAfter: Double?
    /// Churn: [min, max] seconds each honest bot plays before leaving (a fresh one replaces it).
    public var lifetime: [Double]?
    /// Replace each slow reader and bad actor the server closed by a fresh one of its role
    /// (`FleetPlan.replacesMisbehaving`), for a steady mix over a long run.
    public var replaceMisbehaving: Bool?
    /// `websocket` (the default), `polling` or `mix:W,P` (see `TransportMix`).
    public var transport: String?
    /// The simulated network every bot plays through (`LinkSpec`, as `--link`).
    public var link: String?
    /// The game the spawned server plays (`game-server --game`); nil: its default.
    public var game: String?
    /// More arguments for the spawned server, before any `--server-arg` (e.g. a game's
    /// `--setting NAME=VALUE`).
    public var serverArguments: [String]?
    /// Live spectators of the first room beside the players (`--spectators`).
    public var spectators: Int?
    public var pass: Criteria

    public struct Criteria: Sendable, Codable, Equatable {
        public var maxHashMismatches: Int?
        public var maxRTTP99Millis: Double?
        /// Honest bots dropped (closed by the server while still playing).
        public var maxDrops: Int?
        public var maxFailedConnections: Int?
        public var maxServerMemoryMegabytes: Double?
        public var maxSkippedTicks: Double?
        /// Honest bots still playing at the end.
        public var minPlaying: Int?
        /// The largest difference, in percentage points, between the hit rates of any two link
        /// classes (lag compensation's fairness; needs a `link` mix and shooting bots).
        public var maxHitRateGapPoints: Double?
        /// Every misbehaving bot was closed by the server with its role's expected code.
        public var dishonestClosedAsExpected: Bool?
        /// Spectators' view hashes that did not match (`--spectators`).
        public var maxSpectatorHashMismatches: Int?
        /// Spectators that watched (got a welcome), at least.
        public var minSpectatorsWatching: Int?
        /// A soak's: the spawned server was still running at the end (no crash, no exit).
        public var serverRunsToTheEnd: Bool?
        /// A soak's flatness: after `warmupSeconds`, the server's resident memory and open
        /// descriptors grow by at most these percentages (`SeriesGrowth`: medians of ten spans
        /// of the once-a-second samples, each against the first).
        public var warmupSeconds: Double?
        public var maxServerMemoryGrowthPercent: Double?
        public var maxServerDescriptorGrowthPercent: Double?

        public init(maxHashMismatches: Int? = nil, maxRTTP99Millis: Double? = nil, maxDrops: Int? = nil,
                    maxFailedConnections: Int? = nil, maxServerMemoryMegabytes: Double? = nil, maxSkippedTicks: Double? = nil,
                    minPlaying: Int? = nil, dishonestClosedAsExpected: Bool? = nil) {
            self.maxHashMismatches = maxHashMismatches; self.maxRTTP99Millis = maxRTTP99Millis; self.maxDrops = maxDrops
            self.maxFailedConnections = maxFailedConnections; self.maxServerMemoryMegabytes = maxServerMemoryMegabytes
            self.maxSkippedTicks = maxSkippedTicks; self.minPlaying = minPlaying; self.dishonestClosedAsExpected = dishonestClosedAsExpected
        }

        static let keys: Set<String> = ["maxHashMismatches", "maxRTTP99Millis", "maxDrops", "maxFailedConnections",
                                        "maxServerMemoryMegabytes", "maxSkippedTicks", "minPlaying", "dishonestClosedAsExpected",
                                        "maxHitRateGapPoints", "maxSpectatorHashMismatches", "minSpectatorsWatching",
                                        "serverRunsToTheEnd", "warmupSeconds", "maxServerMemoryGrowthPercent", "maxServerDescriptorGrowthPercent"]
    }

    public init(name: String, players: Int, duration: Double, pass: Criteria) {
        self.name = name; self.players = players; self.duration = duration; self.pass = pass
    }

    static let keys: Set<String> = ["name", "players", "duration", "ramp", "behavior", "seed", "slowReaders", "slowReaderAfter",
                                    "slowReaderPause", "badActors", "badActorAfter", "lifetime", "replaceMisbehaving", "transport", "link", "game", "serverArguments", "spectators", "pass"]

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// NAME (looked up in `directory`) or a path to a .json file.
    public static func load(_ name: String, directory: String = "Simulations/Scenarios") throws(LoadError) -> Scenario {
        let path = name.hasSuffix(".json") ? name : "\(directory)/\(name).json"
        guard let data = FileManager.default.contents(atPath: path) else {
            let known = (try? FileManager.default.contentsOfDirectory(atPath: directory))?
                .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted() ?? []
            throw LoadError(description: "no scenario file at \(path) (run from the package root; known: \(known.joined(separator: ", ")))")
        }
        do { return try parse(data) } catch {
            throw LoadError(description: "\(path): \(error.description)")
        }
    }

    public static func parse(_ data: Data) throws(LoadError) -> Scenario {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw LoadError(description: "not a JSON object")
        }
        try checkKeys(object, allowed: keys, in: "scenario")
        guard let pass = object["pass"] as? [String: Any] else { throw LoadError(description: "missing \"pass\" object (the criteria)") }
        try checkKeys(pass, allowed: Criteria.keys, in: "pass")
        let scenario: Scenario
        do { scenario = try JSONDecoder().decode(Scenario.self, from: data) } catch let DecodingError.keyNotFound(key, _) {
            throw LoadError(description: "missing \"\(key.stringValue)\"")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw LoadError(description: "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type: \(context.debugDescription)")
        } catch {
            throw LoadError(description: "\(error)")
        }
        try scenario.validate()
        return scenario
    }

    private static func checkKeys(_ object: [String: Any], allowed: Set<String>, in place: String) throws(LoadError) {
        let unknown = Set(object.keys).subtracting(allowed).sorted()
        guard unknown.isEmpty else {
            throw LoadError(description: "unknown key\(unknown.count > 1 ? "s" : "") \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")) in \(place); allowed: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    private func validate() throws(LoadError) {
        func fail(_ text: String) -> LoadError { LoadError(description: text) }
        guard (1...20_000).contains(players) else { throw fail("\"players\" must be 1...20000 (got \(players))") }
        guard duration > 0, duration <= 86_400 else { throw fail("\"duration\" must be 0...86400 seconds (got \(duration))") }
        if let ramp, !(ramp > 0) { throw fail("\"ramp\" must be positive (got \(ramp))") }
        for (key, value) in [("slowReaders", slowReaders), ("badActors", badActors)] {
            if let value, !(0...1).contains(value) { throw fail("\"\(key)\" is a fraction 0...1 (got \(value))") }
        }
        if (slowReaders ?? 0) + (badActors ?? 0) > 1 { throw fail("\"slowReaders\" + \"badActors\" exceed 1") }
        for (key, value) in [("slowReaderAfter", slowReaderAfter), ("slowReaderPause", slowReaderPause), ("badActorAfter", badActorAfter)] {
            if let value, !(value >= 0) { throw fail("\"\(key)\" must be ≥ 0 seconds (got \(value))") }
        }
        if let lifetime {
            guard lifetime.count == 2, lifetime[0] > 0, lifetime[0] <= lifetime[1] else {
                throw fail("\"lifetime\" must be [min, max] seconds with 0 < min ≤ max (got \(lifetime))")
            }
        }
    }

    /// Each criterion checked against the report.
    public func checks(_ report: BotReport) -> [BotReport.Check] {
        var checks: [BotReport.Check] = []
        let fleet = report.fleet
        if let bound = pass.maxHashMismatches {
            checks.append(.init(criterion: "hash mismatches \(fleet.hashMismatches) ≤ \(bound)"
                                + (fleet.mismatchAt.isEmpty ? "" : " (first: \(fleet.mismatchAt.prefix(5).joined(separator: ", ")))"),
                                passed: fleet.hashMismatches <= bound))
        }
        if let bound = pass.maxRTTP99Millis {
            let text = fleet.rttMillis.count == 0 ? "no RTT samples" : String(format: "%.3f", fleet.rttMillis.p99)
            checks.append(.init(criterion: "RTT p99 \(text) ms ≤ \(bound) ms", passed: fleet.rttMillis.count > 0 && fleet.rttMillis.p99 <= bound))
        }
        if let bound = pass.maxDrops {
            checks.append(.init(criterion: "honest bots dropped \(fleet.dropped) ≤ \(bound)"
                                + (fleet.dropCodes.isEmpty ? "" : " (\(fleet.dropCodes.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", ")))"),
                                passed: fleet.dropped <= bound))
        }
        if let bound = pass.maxFailedConnections {
            checks.append(.init(criterion: "failed connections \(fleet.failed) ≤ \(bound)", passed: fleet.failed <= bound))
        }
        if let bound = pass.maxHitRateGapPoints {
            let rates = (report.links ?? []).map { ($0.transport, $0.fleet.hitRatePercent) }
            if rates.count >= 2, rates.allSatisfy({ $0.1 != nil }) {
                let values = rates.map { $0.1! }
                let gap = values.max()! - values.min()!
                let each = rates.map { "\($0.0) " + String(format: "%.1f %%", $0.1!) }.joined(separator: ", ")
                checks.append(.init(criterion: String(format: "hit-rate gap between links %.1f ≤ %g points", gap, bound) + " (\(each))",
                                    passed: gap <= bound))
            } else {
                checks.append(.init(criterion: "hit-rate gap: needs two link classes whose bots shot (bound \(bound) points)", passed: false))
            }
        }
        if let bound = pass.minPlaying {
            checks.append(.init(criterion: "honest bots playing at the end \(fleet.playing) ≥ \(bound)", passed: fleet.playing >= bound))
        }
        if let bound = pass.maxServerMemoryMegabytes {
            if let rss = report.server?.peakResidentMegabytes ?? report.server?.residentMegabytes {
                checks.append(.init(criterion: String(format: "server peak memory %.1f MB ≤ %g MB", rss, bound), passed: rss <= bound))
            } else {
                checks.append(.init(criterion: "server memory unknown (bound \(bound) MB)", passed: false))
            }
        }
        if let bound = pass.maxSkippedTicks {
            if let skipped = report.server?.skippedTicks {
                checks.append(.init(criterion: "server skipped ticks \(Int(skipped)) ≤ \(Int(bound))", passed: skipped <= bound))
            } else {
                checks.append(.init(criterion: "server skipped ticks unknown (bound \(Int(bound)))", passed: false))
            }
        }
        if let bound = pass.maxSpectatorHashMismatches {
            let crowd = report.spectators?.crowd
            checks.append(.init(criterion: "spectator hash mismatches \(crowd?.hashMismatches ?? 0) ≤ \(bound) (\(crowd?.hashesChecked ?? 0) checked)",
                                passed: crowd.map { $0.hashMismatches <= bound && $0.hashesChecked > 0 } ?? false))
        }
        if let bound = pass.minSpectatorsWatching {
            let watched = report.spectators?.crowd.connected ?? 0
            checks.append(.init(criterion: "spectators that watched \(watched) ≥ \(bound)", passed: watched >= bound))
        }
        if pass.serverRunsToTheEnd == true {
            let ran = report.server?.ranToTheEnd
            checks.append(.init(criterion: ran == true ? "the server ran to the end"
                                : ran == false ? "the server exited during the run" + (report.server?.exitStatus.map { " (status \($0))" } ?? "")
                                : "the server's survival is unknown (no spawned server)", passed: ran == true))
        }
        let warmup = pass.warmupSeconds ?? 0
        for (bound, what, unit, value) in [(pass.maxServerMemoryGrowthPercent, "memory", "MB", \RunSample.serverMegabytes),
                                           (pass.maxServerDescriptorGrowthPercent, "descriptors", "", \RunSample.serverDescriptors)] {
            guard let bound else { continue }
            let points = report.series.compactMap { sample in sample[keyPath: value].map { (seconds: sample.seconds, value: $0) } }
            if let growth = SeriesGrowth(points, warmup: warmup) {
                let figures = String(format: "grew %.1f %% ≤ %g %% (median %.1f → %.1f", growth.percent, bound, growth.baseline, growth.peak)
                checks.append(.init(criterion: "server \(what) after \(Int(warmup)) s " + figures + (unit.isEmpty ? "" : " " + unit)
                                    + String(format: ", the highest span ending at %.0f s)", growth.peakEndsAt),
                                    passed: growth.percent <= bound))
            } else {
                checks.append(.init(criterion: "server \(what) growth: too few samples after \(warmup)s (bound \(bound) %)", passed: false))
            }
        }
        if pass.dishonestClosedAsExpected == true {
            for (role, outcome) in fleet.dishonest.sorted(by: { $0.key < $1.key }) {
                let slow = role == BotRole.slowReader.name
                let others = outcome.closeCodes.filter { !$0.key.hasPrefix("\(outcome.expectedCode)") && !(slow && $0.key.hasPrefix("1006")) }
                checks.append(.init(criterion: "\(role): \(outcome.closedAsExpected)/\(outcome.bots) closed with \(outcome.expectedCode)"
                                    + (slow ? " (or 1006: the close frame waits behind the unread bytes)" : "")
                                    + (others.isEmpty ? "" : " (others: \(others.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", ")))")
                                    + (outcome.stillOpen > 0 ? ", \(outcome.stillOpen) still open" : ""),
                                    passed: outcome.closedAsExpected == outcome.bots))
            }
            if let slow = fleet.dishonest[BotRole.slowReader.name], let kicks = report.server?.kicks {
                let tooSlow = Int(kicks["too_slow"] ?? 0)
                checks.append(.init(criterion: "server kicked \(tooSlow) as too slow (4003) ≥ \(slow.bots) slow readers", passed: tooSlow >= slow.bots))
            }
            if fleet.dishonest.isEmpty {
                checks.append(.init(criterion: "misbehaving bots closed as expected: none ran", passed: false))
            }
        }
        return checks
    }
}
