import Foundation
import Glibc
import WebSocket
import BotKit

/// One run: optionally a spawned server, the fleet for the duration, the report.
struct BotRun {
    var options: BotOptions

    /// The process exit status: 0, or 1 when a scenario criterion failed or the run could not start.
    func run() -> Int32 {
        _ = Socket.raiseDescriptorLimit()
        var server: ServerProcess?
        var host = options.host, port = options.port, path = options.path
        if options.spawnServer {
            let executable = options.server ?? Self.siblingServer()
            let recordDir = NSTemporaryDirectory() + "bots-recordings-\(getpid())"
            do {
                server = try ServerProcess(executable: executable, arguments: [
                    "--port", "0", "--room-cap", "\(max(options.players, 1))", "--log-level", "warning",
                    "--web-root", "/nonexistent", "--record-dir", recordDir,
                ])
            } catch {
                FileHandle.standardError.write(Data("bots: cannot start the server: \(error)\n".utf8))
                return 1
            }
            host = "127.0.0.1"; port = server!.port; path = "/play"
        }
        defer {
            server?.stop()
            // The spawned server's recordings are scratch: remove them.
            if options.spawnServer { try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "bots-recordings-\(getpid())") }
        }
        let url = "ws://\(host):\(port)\(path)"

        let loop: EventLoop
        do { loop = try EventLoop() } catch {
            FileHandle.standardError.write(Data("bots: \(error)\n".utf8))
            return 1
        }
        let thread = loop.startThread(name: "bots")
        let fleet = BotFleet(loop: loop, plan: FleetPlan(host: host, port: port, path: path, players: options.players,
                                                         ramp: options.ramp, behaviors: options.behaviors, seed: options.seed))
        let cpu0 = server.flatMap { ProcessStats.cpuSeconds(pid: $0.pid) }
        let ticks0 = server.map { MetricsScrape.fetch(port: $0.port)["game_ticks_total"] ?? 0 }
        let started = Monotonic.now()
        try? loop.submitAndWait { fleet.start() }
        var elapsed = 0.0
        while elapsed < options.duration {
            usleep(UInt32(min(1.0, options.duration - elapsed) * 1e6))
            elapsed = Double(Monotonic.now() - started) / 1e9
            if let s = try? loop.submitAndWait({ fleet.summary(withSamples: false) }) {
                Report.progress(elapsed: elapsed, total: options.duration, s)
            }
        }
        Report.endProgress()
        let seconds = Double(Monotonic.now() - started) / 1e9
        var serverReport: BotReport.Server?
        if let server {
            let cpu1 = ProcessStats.cpuSeconds(pid: server.pid)
            let ticks1 = MetricsScrape.fetch(port: server.port)["game_ticks_total"] ?? 0
            let rss = ProcessStats.residentBytes(pid: server.pid).map { Double($0) / 1_048_576 }
            var perPlayerTick: Double?
            var cores: Double?
            if let cpu0, let cpu1, let ticks0 {
                perPlayerTick = (cpu1 - cpu0) * 1e6 / max(1, (ticks1 - ticks0) * Double(options.players))
                cores = (cpu1 - cpu0) / seconds
            }
            serverReport = .init(port: server.port, cpuMicrosPerPlayerTick: perPlayerTick, cpuCores: cores,
                                 residentMegabytes: rss, ticks: ticks1 - (ticks0 ?? 0))
        }
        // Summarize before closing, so our own closes are not drops.
        let summary = (try? loop.submitAndWait { () -> FleetSummary in
            let s = fleet.summary()
            fleet.stop()
            return s
        }) ?? FleetSummary()
        usleep(100_000)
        loop.stop()
        thread.join()

        let botSeconds = Double(max(summary.attempted, 1)) * seconds
        var report = BotReport(url: url, players: options.players, behavior: options.behaviors.description, seed: options.seed,
                               seconds: seconds, fleet: summary,
                               downBytesPerSecondPerBot: Double(summary.bytesDown) / botSeconds,
                               upBytesPerSecondPerBot: Double(summary.bytesUp) / botSeconds,
                               server: serverReport, scenario: options.scenario?.name, failedCriteria: nil)
        if let scenario = options.scenario { report.failedCriteria = scenario.failures(report) }
        print(Report.table(report))
        if let json = options.json {
            do { try Report.writeJSON(report, to: json) } catch {
                FileHandle.standardError.write(Data("bots: cannot write \(json): \(error)\n".utf8))
                return 1
            }
        }
        if let failed = report.failedCriteria, !failed.isEmpty {
            for failure in failed { FileHandle.standardError.write(Data("bots: criterion failed: \(failure)\n".utf8)) }
            return 1
        }
        return 0
    }

    /// .build/<config>/game-server beside this executable.
    static func siblingServer() -> String {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return me.deletingLastPathComponent().appendingPathComponent("game-server").path
    }
}
