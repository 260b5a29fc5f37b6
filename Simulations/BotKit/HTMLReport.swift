import Foundation

/// The run as one self-contained HTML page: inline CSS, inline SVG charts drawn by
/// `SVGLineChart`, no scripts and no external assets, so it can be mailed or archived as is.
public enum HTMLReport {
    public static func render(_ report: BotReport) -> String {
        let f = report.fleet
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>bots report\(report.scenario.map { " — " + escape($0) } ?? "")</title>
        <style>
        \(style)</style></head><body>
        <h1>bots report\(report.scenario.map { ": scenario " + escape($0) } ?? "")</h1>

        """
        if !(report.checks ?? []).isEmpty || report.scenario != nil {
            let failed = report.failedCriteria
            html += "<h2>Pass criteria: <span class=\"\(failed.isEmpty ? "pass" : "fail")\">\(failed.isEmpty ? "PASS" : "FAIL")</span></h2>\n<table class=\"criteria\">\n"
            for check in report.checks ?? [] {
                html += "<tr><td class=\"\(check.passed ? "pass" : "fail")\">\(check.passed ? "pass" : "FAIL")</td><td>\(escape(check.criterion))</td></tr>\n"
            }
            html += "</table>\n"
        }
        html += "<h2>Summary</h2>\n<table class=\"summary\">\n"
        for (name, value) in summaryRows(report, transports: false) {
            html += "<tr><th>\(escape(name))</th><td>\(escape(value))</td></tr>\n"
        }
        html += "</table>\n"
        for (title, column, parts) in [("By transport", "transport", report.transports), ("By link", "link (one way)", report.links)] {
            guard let parts, !parts.isEmpty else { continue }
            html += "<h2>\(title)</h2>\n<table class=\"transports\"><tr><th>\(column)</th><th>honest bots</th><th>dropped</th>"
                + "<th>RTT p50 / p99 ms</th><th>input→ack p50 / p99 ms</th><th>jitter p99 ms</th><th>B/s per bot down / up</th><th>view hashes (mismatched)</th><th>hits / shots</th></tr>\n"
            for part in parts {
                let f = part.fleet
                let cells = [part.transport, "\(f.connected) / \(f.attempted)", "\(f.dropped)",
                             String(format: "%.2f / %.2f", f.rttMillis.p50, f.rttMillis.p99),
                             String(format: "%.2f / %.2f", f.inputAckMillis.p50, f.inputAckMillis.p99),
                             String(format: "%.2f", f.jitterMillis.p99),
                             String(format: "%.0f / %.0f", part.downBytesPerSecondPerBot, part.upBytesPerSecondPerBot),
                             "\(f.hashesChecked) (\(f.hashMismatches))",
                             f.hitRatePercent.map { String(format: "%d / %d (%.1f %%)", f.hits, f.shots, $0) } ?? "—"]
                html += "<tr>" + cells.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
            }
            html += "</table>\n"
        }
        if !f.dishonest.isEmpty {
            html += "<h2>Misbehaving bots</h2>\n<table class=\"dishonest\"><tr><th>role</th><th>bots</th><th>expected close</th><th>closed as expected</th><th>close codes</th><th>still open</th></tr>\n"
            for (role, outcome) in f.dishonest.sorted(by: { $0.key < $1.key }) {
                let codes = outcome.closeCodes.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: "; ")
                html += "<tr><td>\(escape(role))</td><td>\(outcome.bots)</td><td>\(outcome.expectedCode)</td><td>\(outcome.closedAsExpected)</td><td>\(escape(codes))</td><td>\(outcome.stillOpen)</td></tr>\n"
            }
            html += "</table>\n"
        }
        html += "<h2>Over time (one sample per second)</h2>\n<div class=\"charts\">\n"
        for chart in charts(report.series) { html += chart.render() + "\n" }
        html += "</div>\n</body></html>\n"
        return html
    }

    /// The page's style sheet (tables, pass/fail colours, the charts' look), for other tools'
    /// reports of the same kind (the fleet's).
    public static let style = """
    body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; max-width: 1360px; }
    h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
    table { border-collapse: collapse; } td, th { padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
    th { font-weight: 600; color: #555; }
    .pass { color: #1a7f37; font-weight: 600; } .fail { color: #c62828; font-weight: 600; }
    .charts { display: flex; flex-wrap: wrap; gap: 16px; }
    svg.chart { background: #fafafa; border: 1px solid #e4e4e4; }
    svg .grid { stroke: #e6e6e6; } svg .axis { stroke: #777; }
    svg text { font: 11px system-ui, sans-serif; fill: #444; } svg .title { font-size: 13px; font-weight: 600; fill: #222; }

    """

    /// The charts of a series: RTT, bandwidth, players, server tick duration, memory.
    public static func charts(_ series: [RunSample]) -> [SVGLineChart] {
        func line(_ name: String, _ color: String, _ value: (RunSample) -> Double?) -> SVGLineChart.Series {
            .init(name: name, color: color, points: series.compactMap { sample in value(sample).map { (sample.seconds, $0) } })
        }
        return [
            SVGLineChart(title: "Round-trip time (honest bots)", yLabel: "ms", series: [
                line("p50", "#1f77b4", \.rttP50Millis), line("p99", "#d62728", \.rttP99Millis)]),
            SVGLineChart(title: "Bandwidth per bot", yLabel: "bytes / s", series: [
                line("down (snapshots)", "#2ca02c", { $0.downBytesPerBot }), line("up", "#ff7f0e", { $0.upBytesPerBot })]),
            SVGLineChart(title: "Bots playing", yLabel: "bots", series: [
                line("honest, playing", "#9467bd", { Double($0.playing) })]),
            SVGLineChart(title: "Server tick duration (from /metrics)", yLabel: "ms", series: [
                line("p50", "#1f77b4", \.tickP50Millis), line("p99", "#d62728", \.tickP99Millis),
                line("skipped ticks", "#8c564b", \.skippedTicks)]),
            SVGLineChart(title: "Resident memory", yLabel: "MB", series: [
                line("server", "#17becf", \.serverMegabytes), line("bots process", "#7f7f7f", \.botsMegabytes)]),
            SVGLineChart(title: "Server's open descriptors", yLabel: "descriptors", series: [
                line("server", "#bcbd22", \.serverDescriptors)]),
        ]
    }

    /// The rows of the summary table (shared with the terminal table); with `transports`, each
    /// transport's figures as indented rows too (the HTML page has a table of its own for them).
    /// How input→ack recovers after a link stall, or nil without stalls.
    static func recovery(_ f: FleetSummary) -> String? {
        guard let p50s = f.inputAckAfterStallP50Millis, let bound = f.stallRecoveryBoundMillis else { return nil }
        let curve = p50s.prefix(12).map { $0 < 0 ? "–" : String(format: "%.0f", $0) }.joined(separator: " ")
        let back = f.stallRecoveryMillis.map { String(format: "back within RTT p50 + 3 ticks (%.0f ms) for inputs sent %.0f ms or more after a stall ends", bound, $0) }
            ?? String(format: "never back within RTT p50 + 3 ticks (%.0f ms)", bound)
        return back + "; p50 by 100 ms since: " + curve + " ms"
    }

    /// "1,200 fired, 540 hit (45.0 %)": the bots' own count (`ShotTracker`).
    static func hits(_ f: FleetSummary) -> String {
        "\(f.shots) fired, \(f.hits) hit" + (f.hitRatePercent.map { String(format: " (%.1f %%)", $0) } ?? "")
    }

    public static func summaryRows(_ r: BotReport, transports: Bool = true) -> [(String, String)] {
        let f = r.fleet
        func ms(_ s: SampleSet.Summary) -> String {
            String(format: "p50 %.2f  p99 %.2f  max %.2f ms  (n=%d)", s.p50, s.p99, s.max, s.count)
        }
        func codes(_ codes: [String: Int]) -> String {
            codes.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", ")
        }
        var rows: [(String, String)] = [
            ("url", r.url + (r.transport == "websocket" ? "" : "  (transport \(r.transport))")
                + (r.link.map { "  (through a simulated link \($0))" } ?? "")),
            ("behavior", "\(r.behavior) (seed \(r.seed))"),
            ("seconds", String(format: "%.1f", r.seconds)),
            ("honest connections", "\(f.connected) made / \(f.attempted) attempted, \(f.failed) failed, \(f.playing) playing at the end"
             + (f.left > 0 ? ", \(f.left) left on purpose (churn)" : "")),
            ("honest dropped", f.dropped == 0 ? "0" : "\(f.dropped): \(codes(f.dropCodes))"),
            ("rtt", ms(f.rttMillis)),
            ("snapshot jitter", ms(f.jitterMillis)),
            ("input→ack", ms(f.inputAckMillis)),
            ("bytes/s per bot", String(format: "down %.0f  up %.0f", r.downBytesPerSecondPerBot, r.upBytesPerSecondPerBot)),
            ("snapshots", "\(f.snapshots)"),
            ("view hashes", "\(f.hashesChecked) checked, \(f.hashMismatches) mismatched" + (f.mismatchAt.isEmpty ? "" : " at \(f.mismatchAt.prefix(5).joined(separator: ", "))")),
            ("client errors", "\(f.clientErrors)" + (f.firstErrors.isEmpty ? "" : " e.g. \(f.firstErrors[0])")),
        ]
        if f.shots > 0 { rows.insert(("shots", hits(f)), at: rows.count - 2) }
        if let text = recovery(f), let at = rows.firstIndex(where: { $0.0 == "input→ack" }) { rows.insert(("input→ack after a stall", text), at: at + 1) }
        if let spectators = r.spectators {
            let c = spectators.crowd
            rows.append(("spectators", "\(c.connected) watched / \(spectators.requested) asked, \(c.watching) watching at the end"
                         + (c.closeCodes.isEmpty ? "" : ", closed: \(codes(c.closeCodes))")))
            rows.append(("spectator bytes/s", String(format: "%.0f per spectator (%d snapshots, %d welcomes)", spectators.bytesPerSecondPerSpectator, c.snapshots, c.welcomes)))
            rows.append(("spectator hashes", "\(c.hashesChecked) checked, \(c.hashMismatches) mismatched, \(c.errors) errors"
                         + (c.firstErrors.isEmpty ? "" : " e.g. \(c.firstErrors[0])")))
        }
        for part in transports ? (r.transports ?? []) + (r.links ?? []) : [] {
            let p = part.fleet
            let name = "  " + part.transport
            rows.append((name, "\(p.connected) made / \(p.attempted) attempted, \(p.failed) failed, \(p.dropped) dropped"
                         + (p.dropped == 0 ? "" : " (\(codes(p.dropCodes)))") + ", \(p.playing) playing at the end"))
            rows.append((name + " rtt", ms(p.rttMillis)))
            rows.append((name + " input→ack", ms(p.inputAckMillis)))
            if let text = recovery(p) { rows.append((name + " after a stall", text)) }
            rows.append((name + " jitter", ms(p.jitterMillis)))
            rows.append((name + " bytes/s per bot", String(format: "down %.0f  up %.0f (messages)", part.downBytesPerSecondPerBot, part.upBytesPerSecondPerBot)))
            rows.append((name + " view hashes", "\(p.hashesChecked) checked, \(p.hashMismatches) mismatched; \(p.clientErrors) client errors"))
            if p.shots > 0 { rows.append((name + " shots", hits(p))) }
        }
        for (role, outcome) in f.dishonest.sorted(by: { $0.key < $1.key }) {
            rows.append(("misbehaving: \(role)", "\(outcome.closedAsExpected)/\(outcome.bots) closed with \(outcome.expectedCode)"
                         + (outcome.closeCodes.isEmpty ? "" : " (\(codes(outcome.closeCodes)))") + (outcome.stillOpen > 0 ? ", \(outcome.stillOpen) still open" : "")))
        }
        if let s = r.server {
            rows.append(("server", "port \(s.port)"))
            rows.append(("server CPU", s.cpuMicrosPerPlayerTick.map { String(format: "%.2f µs/player-tick, %.2f cores", $0, s.cpuCores ?? 0) } ?? "unknown"))
            if let out = s.wireBytesOutPerPlayerSecond {
                rows.append(("server wire bytes", String(format: "out %.0f  in %.0f B/s per player (HTTP and framing included)", out, s.wireBytesInPerPlayerSecond ?? 0)))
            }
            rows.append(("server RSS", s.residentMegabytes.map { String(format: "%.1f MB at the end, peak %.1f MB", $0, s.peakResidentMegabytes ?? $0) } ?? "unknown"))
            if let applied = s.inputsApplied {
                let dropped = (s.inputsDropped ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) ×\(Int($0.value))" }
                rows.append(("server inputs", "\(Int(applied)) applied, \(Int(s.inputsMerged ?? 0)) merged, "
                             + (dropped.isEmpty ? "0 dropped" : "dropped: " + dropped.joined(separator: ", "))))
            }
            if let kicks = s.kicks, !kicks.isEmpty {
                rows.append(("server kicks", kicks.sorted { $0.key < $1.key }.map { "\($0.key) ×\(Int($0.value))" }.joined(separator: ", ")))
            }
            rows.append(("server ticks", s.ticks.map { String(format: "%.0f run, %.0f skipped", $0, s.skippedTicks ?? 0) } ?? "unknown"))
        }
        if let b = r.botsProcess {
            rows.append(("bots process", String(format: "RSS %.1f → peak %.1f MB: %.1f KB per bot, ", b.residentMegabytesBefore,
                                                b.peakResidentMegabytes, b.kilobytesPerBot) + "\(b.loopThreads) loop thread\(b.loopThreads == 1 ? "" : "s")"))
        }
        return rows
    }

    /// Text for HTML content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
