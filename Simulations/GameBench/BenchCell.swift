import Glibc
import WebSocket
import Platform
import BotKit
import Recording

/// One measured configuration: a fresh game-server child with `players` bots at a tick rate
/// and snapshot interval; server CPU from /proc, tick timing and sends from /metrics, bytes
/// as the bots received them.
struct BenchCell {
    var players: Int
    var tickRate: Int
    var snapshotInterval: Int
    /// Whether the server records the match (to a fresh temporary directory).
    var recording = false

    struct Result: Codable {
        var players: Int
        var recording: Bool
        /// CPU of the game thread (`room-1`) per tick: what recording must not raise by more than 5 %.
        var gameThreadMicrosPerTick: Double
        /// The same per snapshot built: how many snapshots a room builds depends on how fast
        /// the bots read (busy sockets are skipped), so this is the comparable figure.
        var gameThreadMicrosPerSnapshot: Double
        var recordingBytesPerSecond: Double
        var tickRate: Int
        var snapshotHz: Double
        var playersConnected: Int
        var seconds: Double
        var serverCPUMicrosPerPlayerTick: Double
        var serverCPUMicrosPerPlayerSnapshot: Double
        var serverCPUCores: Double
        var tickP50Millis: Double
        var tickP99Millis: Double
        var tickMaxMillis: Double
        var tickLatenessP99Millis: Double
        var ticks: Double
        var skippedTicks: Double
        var snapshotsSuperseded: Double
        var downBytesPerPlayerPerSecond: Double
        var naiveBytesPerPlayerPerSecond: Double
        var bytesVersusNaive: Double
        var upBytesPerPlayerPerSecond: Double
        var hashesChecked: Int
        var hashMismatches: Int
        var clientErrors: Int
        var serverRSSMegabytes: Double
    }

    func run(server executable: String, warmup: Double, seconds: Double) throws -> Result {
        var recordDirectory: String?
        if recording {
            var template = Array("/tmp/gamebench-rec-XXXXXX".utf8CString)
            recordDirectory = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) }
        }
        let server = try ServerProcess(executable: executable, arguments: [
            "--port", "0", "--tick-rate", "\(tickRate)", "--snapshot-interval", "\(snapshotInterval)",
            "--room-cap", "\(max(players, 1))", "--seed", "1", "--log-level", "warning", "--no-web-root",
        ] + (recordDirectory.map { ["--record-dir", $0] } ?? ["--no-record"]))
        defer {
            server.stop()
            if let recordDirectory {
                for entry in RecordingDirectory.list(recordDirectory) { unlink(recordDirectory + "/" + entry.name) }
                rmdir(recordDirectory)
            }
        }
        let loop = try EventLoop()
        let thread = loop.startThread(name: "bench-bots")
        defer {
            loop.stop()
            thread.join()
        }
        let driver = LoadDriver(loop: loop)
        // Connect in batches so the server's accept queue is never the bottleneck being measured.
        var connected = 0
        while connected < players {
            let batch = min(100, players - connected)
            try loop.submitAndWait { try driver.connect(players: batch, port: server.port) }
            connected += batch
            usleep(20_000)
        }
        try loop.submitAndWait { driver.startInputs(tickRate: tickRate) }
        usleep(UInt32(warmup * 1e6))

        let cpu0 = ProcessStats.cpuSeconds(pid: server.pid) ?? 0
        let game0 = ProcessStats.threadCPUSeconds(pid: server.pid, namePrefix: "room-") ?? 0
        let recorded0 = recordDirectory.map { RecordingDirectory.list($0).reduce(0) { $0 + Int($1.size) } } ?? 0
        let metrics0 = MetricsScrape.fetch(port: server.port)
        let totals0 = try loop.submitAndWait { driver.totals() }
        let started = Monotonic.now()
        usleep(UInt32(seconds * 1e6))
        let elapsed = Double(Monotonic.now() - started) / 1e9
        let cpu1 = ProcessStats.cpuSeconds(pid: server.pid) ?? 0
        let game1 = ProcessStats.threadCPUSeconds(pid: server.pid, namePrefix: "room-") ?? 0
        let recorded1 = recordDirectory.map { RecordingDirectory.list($0).reduce(0) { $0 + Int($1.size) } } ?? 0
        let metrics1 = MetricsScrape.fetch(port: server.port)
        let totals1 = try loop.submitAndWait { driver.totals() }
        let rss = Double(ProcessStats.residentBytes(pid: server.pid) ?? 0) / 1_048_576
        try loop.submitAndWait { driver.stop() }

        func delta(_ name: String) -> Double { (metrics1[name] ?? 0) - (metrics0[name] ?? 0) }
        let cpuMicros = (cpu1 - cpu0) * 1e6
        let ticks = delta("game_ticks_total")
        let snapshots = delta("game_snapshots_sent_total")
        let playing = totals1.playing
        let down = Double(totals1.snapshotBytes - totals0.snapshotBytes)
        let naive = Double(totals1.naiveBytes - totals0.naiveBytes)
        let perPlayerSecond = Double(max(playing, 1)) * elapsed
        return Result(
            players: players, recording: recording, gameThreadMicrosPerTick: (game1 - game0) * 1e6 / max(1, ticks),
            gameThreadMicrosPerSnapshot: (game1 - game0) * 1e6 / max(1, snapshots),
            recordingBytesPerSecond: Double(recorded1 - recorded0) / elapsed,
            tickRate: tickRate, snapshotHz: Double(tickRate) / Double(snapshotInterval),
            playersConnected: playing, seconds: elapsed,
            serverCPUMicrosPerPlayerTick: cpuMicros / max(1, ticks * Double(playing)),
            serverCPUMicrosPerPlayerSnapshot: cpuMicros / max(1, snapshots),
            serverCPUCores: (cpu1 - cpu0) / elapsed,
            tickP50Millis: (metrics1["game_tick_duration_recent_seconds{quantile=\"0.5\"}"] ?? 0) * 1000,
            tickP99Millis: (metrics1["game_tick_duration_recent_seconds{quantile=\"0.99\"}"] ?? 0) * 1000,
            tickMaxMillis: (metrics1["game_tick_duration_recent_seconds{quantile=\"1\"}"] ?? 0) * 1000,
            tickLatenessP99Millis: (metrics1["game_tick_lateness_recent_seconds{quantile=\"0.99\"}"] ?? 0) * 1000,
            ticks: ticks, skippedTicks: delta("game_ticks_skipped_total"),
            snapshotsSuperseded: delta("game_snapshots_superseded_total"),
            downBytesPerPlayerPerSecond: down / perPlayerSecond,
            naiveBytesPerPlayerPerSecond: naive / perPlayerSecond,
            bytesVersusNaive: naive > 0 ? down / naive : 0,
            upBytesPerPlayerPerSecond: Double(totals1.bytesSent - totals0.bytesSent) / perPlayerSecond,
            hashesChecked: totals1.hashesChecked, hashMismatches: totals1.hashMismatches,
            clientErrors: totals1.errors, serverRSSMegabytes: rss)
    }
}
