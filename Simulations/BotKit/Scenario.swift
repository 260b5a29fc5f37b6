import Foundation

/// A scenario file (Simulations/Scenarios/NAME.json): what to run and what must hold.
struct Scenario: Codable {
    var name: String
    var players: Int
    var duration: Double
    var ramp: Double?
    var behavior: String?
    var seed: UInt64?
    var pass: Criteria

    struct Criteria: Codable {
        var maxHashMismatches: Int?
        var maxRTTP99Millis: Double?
        var maxDrops: Int?
        var maxFailedConnections: Int?
        var maxServerMemoryMegabytes: Double?
    }

    struct LoadError: Error, CustomStringConvertible { var description: String }

    /// NAME (looked up in Simulations/Scenarios/) or a path to a .json file.
    static func load(_ name: String) throws -> Scenario {
        let path = name.hasSuffix(".json") ? name : "Simulations/Scenarios/\(name).json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "no scenario file at \(path) (run from the package root)")
        }
        do { return try JSONDecoder().decode(Scenario.self, from: data) } catch {
            throw LoadError(description: "\(path) is not a valid scenario: \(error)")
        }
    }

    /// Each failed criterion, described; empty when the run passes.
    func failures(_ report: BotReport) -> [String] {
        var failed: [String] = []
        let fleet = report.fleet
        if let bound = pass.maxHashMismatches, fleet.hashMismatches > bound {
            failed.append("hash mismatches \(fleet.hashMismatches) > \(bound) (first: \(fleet.mismatchAt.prefix(5).joined(separator: ", ")))")
        }
        if let bound = pass.maxRTTP99Millis, fleet.rttMillis.p99 > bound {
            failed.append(String(format: "RTT p99 %.3f ms > %g ms", fleet.rttMillis.p99, bound))
        }
        if let bound = pass.maxRTTP99Millis, fleet.rttMillis.count == 0 {
            failed.append("no RTT samples (bound \(bound) ms)")
        }
        if let bound = pass.maxDrops, fleet.dropped > bound {
            failed.append("dropped \(fleet.dropped) > \(bound) (\(fleet.dropCodes))")
        }
        if let bound = pass.maxFailedConnections, fleet.failed > bound {
            failed.append("failed connections \(fleet.failed) > \(bound)")
        }
        if let bound = pass.maxServerMemoryMegabytes {
            if let rss = report.server?.residentMegabytes {
                if rss > bound { failed.append(String(format: "server memory %.1f MB > %.1f MB", rss, bound)) }
            } else {
                failed.append("server memory unknown (bound \(bound) MB)")
            }
        }
        return failed
    }
}
