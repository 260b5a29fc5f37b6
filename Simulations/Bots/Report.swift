import Foundation
import BotKit

/// The terminal's side of the report: the live progress line and the final table; and
/// writing the JSON and HTML files.
enum Report {
    /// One line, rewritten in place on stderr.
    static func progress(elapsed: Double, total: Double, _ s: FleetSummary, _ sample: RunSample?) {
        var line = String(format: "\r[%5.1fs/%5.1fs] bots %d/%d playing, failed %d, dropped %d, hashes %d (bad %d), errors %d",
                          elapsed, total, s.playing, s.attempted, s.failed, s.dropped, s.hashesChecked, s.hashMismatches, s.clientErrors)
        if let sample {
            if let p99 = sample.rttP99Millis { line += String(format: ", rtt p99 %.1f ms", p99) }
            line += String(format: ", %.0f/%.0f B/s per bot", sample.downBytesPerBot, sample.upBytesPerBot)
            if let tick = sample.tickP99Millis { line += String(format: ", tick p99 %.1f ms", tick) }
            if let skipped = sample.skippedTicks, skipped > 0 { line += String(format: ", skipped %.0f", skipped) }
        }
        FileHandle.standardError.write(Data((line + "   ").utf8))
    }

    static func endProgress() {
        FileHandle.standardError.write(Data("\n".utf8))
    }

    static func table(_ r: BotReport) -> String {
        var rows = HTMLReport.summaryRows(r)
        if let scenario = r.scenario {
            let failed = r.failedCriteria
            rows.append(("scenario", "\(scenario): " + (failed.isEmpty ? "PASS" : "FAIL")))
            for check in r.checks ?? [] { rows.append((check.passed ? "  pass" : "  FAIL", check.criterion)) }
        }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n")
    }

    static func writeJSON(_ r: BotReport, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(r).write(to: URL(fileURLWithPath: path))
    }

    static func writeHTML(_ r: BotReport, to path: String) throws {
        try Data(HTMLReport.render(r).utf8).write(to: URL(fileURLWithPath: path))
    }
}
