import Foundation
import BotKit

/// The whole run, as printed and as written to --json.
struct BotReport: Codable {
    struct Server: Codable {
        var port: Int
        var cpuMicrosPerPlayerTick: Double?
        var cpuCores: Double?
        var residentMegabytes: Double?
        var ticks: Double?
    }
    var url: String
    var players: Int
    var behavior: String
    var seed: UInt64
    var seconds: Double
    var fleet: FleetSummary
    var downBytesPerSecondPerBot: Double
    var upBytesPerSecondPerBot: Double
    var server: Server?
    var scenario: String?
    var failedCriteria: [String]?
}

enum Report {
    /// One line, rewritten in place on stderr.
    static func progress(elapsed: Double, total: Double, _ s: FleetSummary) {
        let line = String(format: "\r[%5.1fs/%5.1fs] bots %d/%d playing, failed %d, dropped %d, snapshots %d, hashes %d (bad %d), errors %d   ",
                          elapsed, total, s.playing, s.attempted, s.failed, s.dropped, s.snapshots, s.hashesChecked, s.hashMismatches, s.clientErrors)
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func endProgress() {
        FileHandle.standardError.write(Data("\n".utf8))
    }

    static func table(_ r: BotReport) -> String {
        let f = r.fleet
        func ms(_ s: SampleSet.Summary) -> String {
            String(format: "p50 %7.2f  p99 %7.2f  max %7.2f ms  (n=%d)", s.p50, s.p99, s.max, s.count)
        }
        var rows: [(String, String)] = [
            ("url", r.url),
            ("behavior", "\(r.behavior) (seed \(r.seed))"),
            ("seconds", String(format: "%.1f", r.seconds)),
            ("connections", "\(f.connected) made / \(f.attempted) attempted, \(f.failed) failed"),
            ("dropped", f.dropped == 0 ? "0" : "\(f.dropped) \(f.dropCodes.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", "))"),
            ("rtt", ms(f.rttMillis)),
            ("snapshot jitter", ms(f.jitterMillis)),
            ("input→ack", ms(f.inputAckMillis)),
            ("bytes/s per bot", String(format: "down %.0f  up %.0f", r.downBytesPerSecondPerBot, r.upBytesPerSecondPerBot)),
            ("snapshots", "\(f.snapshots)"),
            ("view hashes", "\(f.hashesChecked) checked, \(f.hashMismatches) mismatched" + (f.mismatchAt.isEmpty ? "" : " at \(f.mismatchAt.prefix(5).joined(separator: ", "))")),
            ("client errors", "\(f.clientErrors)" + (f.firstErrors.isEmpty ? "" : " e.g. \(f.firstErrors[0])")),
        ]
        if let s = r.server {
            rows.append(("server", "port \(s.port)"))
            rows.append(("server CPU", s.cpuMicrosPerPlayerTick.map { String(format: "%.2f µs/player-tick, %.2f cores", $0, s.cpuCores ?? 0) } ?? "unknown"))
            rows.append(("server RSS", s.residentMegabytes.map { String(format: "%.1f MB", $0) } ?? "unknown"))
        }
        if let scenario = r.scenario {
            let failed = r.failedCriteria ?? []
            rows.append(("scenario", "\(scenario): " + (failed.isEmpty ? "PASS" : "FAIL")))
            for failure in failed { rows.append(("  failed", failure)) }
        }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n")
    }

    static func writeJSON(_ r: BotReport, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(r).write(to: URL(fileURLWithPath: path))
    }
}
