import Testing
import Foundation
import BotKit

/// The HTML report, the per-second server sampling and the scenario files' strict parser.
@Suite struct ReportTests {
    static func sampleReport(samples: Int) -> BotReport {
        var fleet = FleetSummary()
        fleet.attempted = 10; fleet.connected = 10; fleet.playing = 10
        fleet.rttMillis = .init(count: 100, p50: 0.4, p99: 2.5, max: 4)
        var outcome = FleetSummary.DishonestOutcome()
        outcome.bots = 2; outcome.expectedCode = 4001; outcome.closedAsExpected = 1
        outcome.closeCodes = ["4001 malformed message": 1, "1006 <script>": 1]
        fleet.dishonest["garbage"] = outcome
        var series: [RunSample] = []
        for second in 1...samples {
            var sample = RunSample(seconds: Double(second), playing: 10, rttP50Millis: 0.3 + Double(second) / 100,
                                   rttP99Millis: 1.5, downBytesPerBot: 2400, upBytesPerBot: 900,
                                   tickP50Millis: 0.5, tickP99Millis: 1.2, skippedTicks: 0,
                                   serverMegabytes: 20 + Double(second), botsMegabytes: 30)
            sample.serverDescriptors = 40
            if second % 3 == 0 { sample.rttP50Millis = nil; sample.rttP99Millis = nil }  // a second without pongs
            series.append(sample)
        }
        var report = BotReport(url: "ws://127.0.0.1:1/play", players: 10, behavior: "wander:1", seed: 1, seconds: Double(samples),
                               fleet: fleet, downBytesPerSecondPerBot: 2400, upBytesPerSecondPerBot: 900, series: series)
        report.scenario = "smoke"
        report.checks = [.init(criterion: "RTT p99 2.5 ms ≤ 50 ms", passed: true), .init(criterion: "dropped 1 ≤ 0", passed: false)]
        return report
    }

    static func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    /// The `points` attribute of each polyline, by its data-series name, in order.
    static func polylines(_ html: String) -> [(series: String, points: Int)] {
        html.components(separatedBy: "<polyline ").dropFirst().map { element in
            let name = element.components(separatedBy: "data-series=\"")[1].prefix { $0 != "\"" }
            let points = element.components(separatedBy: "points=\"")[1].prefix { $0 != "\"" }
            return (String(name), points.split(separator: " ").count)
        }
    }

    @Test func theHTMLReportIsSelfContainedWithAChartPointPerSample() {
        let samples = 12
        let html = HTMLReport.render(Self.sampleReport(samples: samples))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        // No scripts, no external assets: the only URL is the SVG namespace.
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("href="))
        #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "http") == nil)
        // Balanced elements.
        for tag in ["svg", "table", "tr", "polyline", "html", "body", "style"] {
            let closing = tag == "polyline" ? Self.count("/>", in: html.components(separatedBy: "<polyline").dropFirst().map { String($0.prefix { $0 != "\n" }) }.joined()) : Self.count("</\(tag)>", in: html)
            #expect(Self.count("<\(tag) ", in: html) + Self.count("<\(tag)>", in: html) == closing, "\(tag)")
        }
        // Six charts, each with a title, axis labels and its lines.
        #expect(Self.count("<svg ", in: html) == 6)
        for title in ["Round-trip time", "Bandwidth per bot", "Bots playing", "Server tick duration", "Resident memory", "open descriptors"] {
            #expect(html.contains(title), "\(title)")
        }
        let lines = Self.polylines(html)
        #expect(lines.map(\.series) == ["p50", "p99", "down (snapshots)", "up", "honest, playing", "p50", "p99", "skipped ticks", "server", "bots process", "server"])
        let withRTT = samples - samples / 3
        #expect(lines.map(\.points) == [withRTT, withRTT] + Array(repeating: samples, count: 9))
        // Criteria, summary and the misbehaving bots' close codes, escaped.
        #expect(html.contains("class=\"fail\">FAIL</span>"))
        #expect(html.contains("dropped 1 ≤ 0"))
        #expect(html.contains("1006 &lt;script&gt;"))
        #expect(!html.contains("1006 <script>"))
    }

    @Test func aMixedFleetsReportShowsEachTransportApart() {
        var report = Self.sampleReport(samples: 3)
        var polling = FleetSummary()
        polling.attempted = 50; polling.connected = 50; polling.hashesChecked = 77
        polling.rttMillis = .init(count: 10, p50: 4.4, p99: 11.5, max: 13)
        var socket = FleetSummary()
        socket.attempted = 150; socket.connected = 150; socket.dropped = 1
        report.transport = "mix:3,1"
        report.transports = [.init(transport: "websocket", fleet: socket, downBytesPerSecondPerBot: 2088, upBytesPerSecondPerBot: 1194),
                             .init(transport: "polling", fleet: polling, downBytesPerSecondPerBot: 2120, upBytesPerSecondPerBot: 1194)]
        let html = HTMLReport.render(report)
        #expect(html.contains("<h2>By transport</h2>"))
        #expect(html.contains("<td>polling</td><td>50 / 50</td><td>0</td><td>4.40 / 11.50</td>"))
        #expect(html.contains("<td>websocket</td><td>150 / 150</td><td>1</td>"))
        #expect(html.contains("<td>2120 / 1194</td><td>77 (0)</td>"))
        // The terminal's table has them as indented rows; the HTML summary leaves them to the table.
        let rows = HTMLReport.summaryRows(report)
        #expect(rows.contains { $0.0 == "  polling rtt" && $0.1.hasPrefix("p50 4.40  p99 11.50") })
        #expect(!HTMLReport.summaryRows(report, transports: false).contains { $0.0.hasPrefix("  ") })
        #expect(rows.first { $0.0 == "url" }?.1.hasSuffix("(transport mix:3,1)") == true)
    }

    @Test func fleetsOnSeveralThreadsAddUp() {
        var a = Self.sampleReport(samples: 1).fleet
        var b = a
        b.dropped = 2; b.dropCodes = ["4003 too slow": 2]; b.mismatchAt = ["bot7@30"]; b.hashMismatches = 1
        a.add(b)
        #expect(a.attempted == 20 && a.playing == 20 && a.dropped == 2 && a.hashMismatches == 1)
        #expect(a.dropCodes == ["4003 too slow": 2] && a.mismatchAt == ["bot7@30"])
        #expect(a.dishonest["garbage"]?.bots == 4 && a.dishonest["garbage"]?.closedAsExpected == 2)
        #expect(a.dishonest["garbage"]?.closeCodes["1006 <script>"] == 2)
        var second = BotFleet.Second()
        var part = BotFleet.Second()
        part.playing = 3; part.bytesUp = 10; part.rtt.add(2)
        second.add(part); second.add(part)
        #expect(second.playing == 6 && second.bytesUp == 20 && second.rtt.count == 2)
    }

    @Test func aChartWithoutDataSaysSo() {
        let svg = SVGLineChart(title: "t", yLabel: "ms", series: [.init(name: "a", color: "#000", points: [])]).render()
        #expect(svg.contains("no data"))
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
    }

    @Test func theReportRoundTripsThroughJSONWithItsSeries() throws {
        let report = Self.sampleReport(samples: 5)
        let decoded = try JSONDecoder().decode(BotReport.self, from: JSONEncoder().encode(report))
        #expect(decoded.series == report.series)
        #expect(decoded.failedCriteria == ["dropped 1 ≤ 0"])
    }

    @Test func tickDurationPercentilesComeFromTheHistogramsChange() {
        var sampler = ServerSampler(port: 1)
        func metrics(_ counts: [Double], skipped: Double) -> [String: Double] {
            var m: [String: Double] = ["game_ticks_skipped_total": skipped]
            for (bound, count) in zip(["0.001", "0.002", "0.004", "+Inf"], counts) {
                m["game_tick_duration_seconds_bucket{le=\"\(bound)\"}"] = count
            }
            return m
        }
        _ = sampler.interval(from: metrics([100, 100, 100, 100], skipped: 2), ticksTotal: 100)
        // This second: 60 ticks, 30 in (1, 2] ms and 30 in (2, 4] ms; 1 more skipped.
        let second = sampler.interval(from: metrics([100, 130, 160, 160], skipped: 3), ticksTotal: 160)
        #expect(second.tickP50Millis == 2)
        #expect(abs((second.tickP99Millis ?? 0) - 3.96) < 1e-9)
        #expect(second.skippedTicks == 1 && second.skippedTotal == 3)
        let idle = sampler.interval(from: metrics([100, 130, 160, 160], skipped: 3), ticksTotal: 160)
        #expect(idle.tickP50Millis == nil && idle.skippedTicks == 0)
    }

    static let scenarioDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Simulations/Scenarios").path

    @Test(arguments: ["smoke", "load-1k", "churn", "slow-readers", "bad-actors", "mixed-transports", "soak"])
    func everyShippedScenarioParses(name: String) throws {
        let scenario = try Scenario.load(name, directory: Self.scenarioDirectory)
        #expect(scenario.name == name)
        #expect(scenario.pass.maxHashMismatches == 0)
        #expect(scenario.pass.maxDrops == 0)
    }

    @Test func scenarioFilesAreParsedStrictly() throws {
        func error(_ json: String) -> String? {
            do { _ = try Scenario.parse(Data(json.utf8)); return nil } catch { return error.description }
        }
        let good = #"{"name": "x", "players": 5, "duration": 3, "lifetime": [1, 2], "pass": {"maxDrops": 0}}"#
        #expect(error(good) == nil)
        #expect(try Scenario.parse(Data(good.utf8)).lifetime == [1, 2])
        #expect(error(#"{"name": "x", "players": 5, "duration": 3, "pass": {"maxDrop": 0}}"#)?.contains("unknown key \"maxDrop\" in pass") == true)
        #expect(error(#"{"name": "x", "players": 5, "duration": 3, "plyers": 2, "pass": {}}"#)?.contains("unknown key \"plyers\" in scenario") == true)
        #expect(error(#"{"name": "x", "duration": 3, "pass": {}}"#)?.contains("missing \"players\"") == true)
        #expect(error(#"{"name": "x", "players": 5, "duration": 3}"#)?.contains("missing \"pass\"") == true)
        #expect(error(#"{"name": "x", "players": "many", "duration": 3, "pass": {}}"#)?.contains("\"players\" has the wrong type") == true)
        #expect(error(#"{"name": "x", "players": 5, "duration": 3, "slowReaders": 1.5, "pass": {}}"#)?.contains("fraction") == true)
        #expect(error(#"{"name": "x", "players": 5, "duration": 3, "lifetime": [3, 1], "pass": {}}"#)?.contains("lifetime") == true)
        #expect(error("[1]")?.contains("not a JSON object") == true)
        do { _ = try Scenario.load("no-such-scenario", directory: Self.scenarioDirectory); Issue.record("should fail") } catch {
            #expect(error.description.contains("no scenario file") && error.description.contains("smoke"))
        }
    }

    @Test func criteriaCountHonestBotsAndCheckDishonestCodes() {
        var report = Self.sampleReport(samples: 2)
        report.server = .init(port: 1)
        report.server?.peakResidentMegabytes = 40
        report.server?.skippedTicks = 0
        let scenario = Scenario(name: "t", players: 10, duration: 1, pass: .init(
            maxHashMismatches: 0, maxRTTP99Millis: 10, maxDrops: 0, maxServerMemoryMegabytes: 64, maxSkippedTicks: 0,
            minPlaying: 10, dishonestClosedAsExpected: true))
        let checks = scenario.checks(report)
        #expect(checks.filter { !$0.passed }.map(\.criterion) == ["garbage: 1/2 closed with 4001 (others: 1006 <script>×1)"])
        #expect(checks.count == 7)
    }

    @Test func theHitRateGapComparesLinkClassesAndNeedsThem() {
        var report = Self.sampleReport(samples: 2)
        var criteria = Scenario.Criteria()
        criteria.maxHitRateGapPoints = 5
        let scenario = Scenario(name: "t", players: 10, duration: 1, pass: criteria)
        #expect(scenario.checks(report).map(\.passed) == [false], "no link classes: cannot pass")
        func part(_ name: String, shots: Int, hits: Int) -> BotReport.TransportPart {
            var fleet = FleetSummary()
            fleet.shots = shots
            fleet.hits = hits
            return .init(transport: name, fleet: fleet, downBytesPerSecondPerBot: 0, upBytesPerSecondPerBot: 0)
        }
        report.links = [part("link direct", shots: 1_000, hits: 788), part("link 75ms±15ms", shots: 1_000, hits: 769)]
        let fair = scenario.checks(report)
        #expect(fair.map(\.passed) == [true])
        #expect(fair[0].criterion == "hit-rate gap between links 1.9 ≤ 5 points (link direct 78.8 %, link 75ms±15ms 76.9 %)")
        report.links![1].fleet.hits = 405
        #expect(scenario.checks(report).map(\.passed) == [false])
        report.links![1].fleet.shots = 0
        #expect(scenario.checks(report).map(\.passed) == [false], "a class that never shot")
    }

    /// A soak's flatness is judged by span medians after the warm-up: noise and single spikes
    /// pass, a steady leak and a rise that falls back again do not, and a run too short to say
    /// is not called flat.
    @Test func seriesGrowthSeesLeaksButNotNoise() throws {
        func points(_ value: (Int) -> Double) -> [(seconds: Double, value: Double)] {
            (1...600).map { (seconds: Double($0), value: value($0)) }
        }
        // A warm-up climb to 100, then ±2 of noise and a spike to 300 every 97 s.
        let noisy = try #require(SeriesGrowth(points { $0 < 60 ? Double($0) * 100 / 60 : 100 + Double($0 * 7919 % 5) - 2 + ($0 % 97 == 0 ? 200 : 0) }, warmup: 60))
        #expect(noisy.percent < 5, "\(noisy)")
        #expect(noisy.baseline >= 98 && noisy.baseline <= 102)
        // Without the warm-up excluded, the climb is the baseline and the growth is large.
        #expect(try #require(SeriesGrowth(points { $0 < 60 ? Double($0) * 100 / 60 : 100 }, warmup: 0)).percent > 10)
        // 100 → 130 over the run: a leak.
        let leak = try #require(SeriesGrowth(points { 100 + Double($0) * 0.05 }, warmup: 60))
        #expect(leak.percent > 20 && leak.percent < 30, "\(leak)")
        #expect(leak.peakEndsAt == 600)
        // Up by half in the middle, back down by the end: still seen.
        let bump = try #require(SeriesGrowth(points { (300..<400).contains($0) ? 150 : 100 }, warmup: 60))
        #expect(bump.percent == 50 && bump.peakEndsAt < 420)
        // Falling is not growth.
        #expect(try #require(SeriesGrowth(points { 200 - Double($0) / 10 }, warmup: 0)).percent == 0)
        #expect(SeriesGrowth(points { _ in 1 }.prefix(29).map { $0 }, warmup: 0) == nil, "fewer than 3 samples a span")
    }

    @Test func soakCriteriaCheckSurvivalAndFlatness() {
        var report = Self.sampleReport(samples: 120)  // memory 21 → 140 MB: a leak
        for index in report.series.indices { report.series[index].serverDescriptors = 500 + Double(index % 7) }
        report.server = .init(port: 1)
        report.server?.ranToTheEnd = true
        var criteria = Scenario.Criteria()
        criteria.serverRunsToTheEnd = true
        criteria.warmupSeconds = 30
        criteria.maxServerMemoryGrowthPercent = 10
        criteria.maxServerDescriptorGrowthPercent = 10
        let scenario = Scenario(name: "t", players: 10, duration: 1, pass: criteria)
        let checks = scenario.checks(report)
        #expect(checks.map(\.passed) == [true, false, true], "\(checks)")
        #expect(checks[1].criterion.hasPrefix("server memory after 30 s grew"), "\(checks[1])")
        report.server?.ranToTheEnd = false
        report.server?.exitStatus = 139
        #expect(scenario.checks(report)[0] == .init(criterion: "the server exited during the run (status 139)", passed: false))
        report.series.removeLast(100)
        #expect(scenario.checks(report).map(\.passed) == [false, false, false], "too short to judge flatness")
    }
}
