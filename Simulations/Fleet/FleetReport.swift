import Foundation
import BotKit

/// What a fleet run found, as JSON (Codable, with the once-a-second series) and the source of
/// the terminal table and the HTML page.
struct FleetReport: Codable {
    struct Settings: Codable {
        var servers: Int, initial: Int, buffer: Int, players: Int, durationSeconds: Double, arrivalWindow: Double
        var lifetimeSeconds: [Double], capacity: Int, shutdownWhenEmptySeconds: Double, seed: UInt64
    }

    /// One game-server's life; times in seconds since the run's start.
    struct Server: Codable {
        var id: Int
        var startedAt: Double
        var readyAt: Double?
        var allocatedAt: Double?
        var shutdownAt: Double?
        var exitedAt: Double?
        /// Shutdown (its own, once empty), Unhealthy, or "stopped at the end" (SIGTERM from the fleet).
        var ended: String
        var seated: Int
        var peakSeats: Int
        var exitCode: Int32?
        var replaces: Int?
    }

    /// One second of the run.
    struct Sample: Codable {
        var seconds: Double
        /// Seated and playing.
        var playing: Int
        /// Arrived, not yet seated (waiting for a seat or connecting).
        var waiting: Int
        var starting: Int, ready: Int, allocated: Int, shuttingDown: Int
        /// Players playing on each running server, by server id.
        var perServer: [String: Int]
    }

    var settings: Settings
    var seconds: Double
    var playersArrived = 0
    /// Welcomed on a server (each player once).
    var playersServed = 0
    /// Left when their lifetime ended.
    var playersLeft = 0
    /// Still playing when the run ended (closed by the fleet then).
    var playersAtEnd = 0
    /// Closed by a server while their lifetime had not ended.
    var playersLost = 0
    /// Arrived but never seated by the end.
    var neverSeated = 0
    var lostDetails: [String] = []
    var timeToSeatMillis = SampleSet.Summary()
    /// (milliseconds, fraction of seated players seated within it), for the distribution chart.
    var timeToSeatDistribution: [[Double]] = []
    /// Joins refused (4004 before the allocation reached the game, or a full or draining
    /// server) and retried.
    var seatsRefused = 0
    var refusalCodes: [String: Int] = [:]
    var playersRefusedAtLeastOnce = 0
    var serversStarted = 0
    var serversAllocated = 0
    var serversShutDown = 0
    var serversUnhealthy = 0
    /// Shut down (or failed) during the run and taken out of the fleet, as Agones does: SIGTERM,
    /// the exit awaited and its code kept, the stand-in stopped; its place is free for the
    /// buffer rule.
    var serversReplaced = 0
    /// Servers the buffer rule started after such a removal (each names the one it replaces).
    var replacementsStarted = 0
    var peakServersRunning = 0
    var exitCodes: [Int32] = []
    var hashesChecked = 0
    var hashMismatches = 0
    var mismatchAt: [String] = []
    var clientErrors = 0
    var servers: [Server] = []
    var series: [Sample] = []
    /// What made the run fail (empty: passed).
    var failures: [String] = []
    var passed: Bool { failures.isEmpty }

    mutating func judge() {
        failures = []
        if hashMismatches > 0 { failures.append("\(hashMismatches) view hashes mismatched") }
        if playersLost > 0 { failures.append("\(playersLost) players lost (closed by a server while playing)") }
        if neverSeated > 0 { failures.append("\(neverSeated) players never found a seat") }
        let bad = servers.filter { $0.exitCode != 0 }
        if !bad.isEmpty {
            failures.append("game-servers exited non-zero or not at all: " + bad.map { "\($0.id): \($0.exitCode.map(String.init) ?? "still running")" }.joined(separator: ", "))
        }
        if playersServed == 0 { failures.append("no player was served") }
    }

    /// The summary table's rows (the terminal's and the page's).
    var rows: [(String, String)] {
        let s = settings
        func codes(_ codes: [String: Int]) -> String { codes.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ") }
        return [
            ("result", passed ? "PASS" : "FAIL: " + failures.joined(separator: "; ")),
            ("fleet", "up to \(s.servers) game-servers (\(s.initial) at the start), buffer \(s.buffer) Ready, \(s.capacity) seats each, shutdown when empty \(fmt(s.shutdownWhenEmptySeconds)) s"),
            ("run", String(format: "%.1f s, %d players arriving over the first %.0f %%, each playing %@–%@ s (seed %llu)",
                           seconds, s.players, s.arrivalWindow * 100, fmt(s.lifetimeSeconds[0]), fmt(s.lifetimeSeconds[1]), s.seed)),
            ("players served", "\(playersServed) of \(playersArrived) arrived; \(playersLeft) left at the end of their lifetime, \(playersAtEnd) playing at the end"),
            ("players lost", "\(playersLost)" + (lostDetails.isEmpty ? "" : " e.g. \(lostDetails.prefix(3).joined(separator: "; "))") + ", never seated \(neverSeated)"),
            ("time to a seat", String(format: "p50 %.1f  p99 %.1f  max %.1f ms (n=%d)", timeToSeatMillis.p50, timeToSeatMillis.p99, timeToSeatMillis.max, timeToSeatMillis.count)),
            ("seats refused, retried", "\(seatsRefused)" + (refusalCodes.isEmpty ? "" : " (\(codes(refusalCodes)))") + ", \(playersRefusedAtLeastOnce) players refused at least once"),
            ("servers", "\(serversStarted) started, \(serversAllocated) allocated, \(serversShutDown) shut down when empty and \(serversReplaced) taken out (SIGTERM, exit awaited), \(replacementsStarted) replacements started, \(serversUnhealthy) unhealthy; peak \(peakServersRunning) running"),
            ("exit codes", exitCodes.map(String.init).joined(separator: ", ")),
            ("view hashes", "\(hashesChecked) checked, \(hashMismatches) mismatched" + (mismatchAt.isEmpty ? "" : " at \(mismatchAt.prefix(5).joined(separator: ", "))")),
            ("client errors", "\(clientErrors)"),
        ]
    }

    var table: String {
        let rows = self.rows
        let width = rows.map(\.0.count).max() ?? 0
        var text = rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n")
        text += "\n\nserver  started  ready  allocated  shutdown  exited  seated  peak  exit  ended"
        for server in servers {
            func t(_ value: Double?) -> String { value.map { String(format: "%.1f", tenths($0)) } ?? "-" }
            text += "\n" + [String(server.id), t(server.startedAt), t(server.readyAt), t(server.allocatedAt), t(server.shutdownAt),
                            t(server.exitedAt), String(server.seated), String(server.peakSeats),
                            server.exitCode.map(String.init) ?? "-", server.ended + (server.replaces.map { " (replaces \($0))" } ?? "")]
                .enumerated().map { index, cell in cell.padding(toLength: [6, 7, 5, 9, 8, 6, 6, 4, 4, 0][index], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        return text
    }

    func html() -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>fleet report</title>
        <style>
        \(HTMLReport.style)</style></head><body>
        <h1>fleet report: a simulated Agones fleet</h1>
        <h2>Result: <span class="\(passed ? "pass" : "fail")">\(passed ? "PASS" : "FAIL")</span></h2>

        """
        if !failures.isEmpty {
            html += "<ul>" + failures.map { "<li class=\"fail\">\(HTMLReport.escape($0))</li>" }.joined() + "</ul>\n"
        }
        html += "<h2>Summary</h2>\n<table class=\"summary\">\n"
        for (name, value) in rows.dropFirst() {
            html += "<tr><th>\(HTMLReport.escape(name))</th><td>\(HTMLReport.escape(value))</td></tr>\n"
        }
        html += "</table>\n<h2>Game-servers</h2>\n<table class=\"servers\"><tr><th>server</th><th>started</th><th>Ready</th><th>Allocated</th><th>shut down</th><th>exited</th><th>players seated</th><th>peak seats</th><th>exit code</th><th>ended</th></tr>\n"
        for server in servers {
            func t(_ value: Double?) -> String { value.map { String(format: "%.1f s", tenths($0)) } ?? "–" }
            let cells = [String(server.id), t(server.startedAt), t(server.readyAt), t(server.allocatedAt), t(server.shutdownAt), t(server.exitedAt),
                         String(server.seated), String(server.peakSeats), server.exitCode.map(String.init) ?? "–",
                         server.ended + (server.replaces.map { ", replaces \($0)" } ?? "")]
            html += "<tr>" + cells.map { "<td>\(HTMLReport.escape($0))</td>" }.joined() + "</tr>\n"
        }
        html += "</table>\n<h2>Over time (one sample per second)</h2>\n<div class=\"charts\">\n"
        for chart in charts() { html += chart.render() + "\n" }
        html += "</div>\n</body></html>\n"
        return html
    }

    /// Players, servers by state, players per server, and the time-to-seat distribution.
    func charts() -> [SVGLineChart] {
        func line(_ name: String, _ color: String, _ value: (Sample) -> Double?) -> SVGLineChart.Series {
            .init(name: name, color: color, points: series.compactMap { sample in value(sample).map { (sample.seconds, $0) } })
        }
        let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
        var perServer = servers.map(\.id).map { id in
            line("server \(id)", palette[id % palette.count]) { $0.perServer[String(id)].map(Double.init) }
        }
        perServer.removeAll { $0.points.isEmpty }
        var perServerChart = SVGLineChart(title: "Players per server (Packed: the fullest first)", yLabel: "players", series: perServer)
        perServerChart.width = max(640, 80 + 150 * Double(perServer.count))
        let seat = SVGLineChart(title: "Time to a seat (arrival to welcome): share of seated players", xLabel: "milliseconds",
                                yLabel: "% seated within", series: [
                                    .init(name: "seated within x ms", color: "#1f77b4",
                                          points: timeToSeatDistribution.map { ($0[0], $0[1] * 100) })])
        return [
            SVGLineChart(title: "Players", yLabel: "players", series: [
                line("playing", "#9467bd", { Double($0.playing) }), line("waiting for a seat", "#d62728", { Double($0.waiting) })]),
            SVGLineChart(title: "Game-servers by state", yLabel: "servers", series: [
                line("starting", "#7f7f7f", { Double($0.starting) }), line("Ready", "#2ca02c", { Double($0.ready) }),
                line("Allocated", "#1f77b4", { Double($0.allocated) }), line("shutting down", "#d62728", { Double($0.shuttingDown) })]),
            perServerChart,
            seat,
        ]
    }

    func writeJSON(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var copy = self
        copy.judge()
        try encoder.encode(Encoded(report: copy)).write(to: URL(fileURLWithPath: path))
    }

    /// The report with `passed` spelled out in the JSON.
    private struct Encoded: Encodable {
        var report: FleetReport
        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(report.passed, forKey: .passed)
        }
        enum Key: String, CodingKey { case passed }
    }

    func writeHTML(to path: String) throws {
        try Data(html().utf8).write(to: URL(fileURLWithPath: path))
    }
}

private func fmt(_ value: Double) -> String { String(format: "%g", value) }

/// Rounded to tenths, without a negative zero (a server started 0.04 s before the first arrival).
private func tenths(_ value: Double) -> Double {
    let rounded = (value * 10).rounded() / 10
    return rounded == 0 ? 0 : rounded
}
