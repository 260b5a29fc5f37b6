import Auth
import Foundation
import Glibc
import WebSocket
import Platform
import BotKit
import GameBots

/// One run: optionally a spawned server, the fleet for the duration with a sample every
/// second, the report.
struct BotRun {
    var options: BotOptions

    /// The process exit status: 0, or 1 when a scenario criterion failed or the run could not start.
    func run() -> Int32 {
        _ = Socket.raiseDescriptorLimit()
        let me = getpid()
        let botsRSSBefore = Double(ProcessStats.residentBytes(pid: me) ?? 0) / 1_048_576
        var server: ServerProcess?
        var host = options.host, port = options.port, path = options.path
        let recordDir = NSTemporaryDirectory() + "bots-recordings-\(me)"
        if options.spawnServer {
            let executable = options.server ?? Self.siblingServer()
            // Churn: a leaving player keeps its seat for the resume grace, so leave room for
            // the replacements in the same room.
            let roomCap = max(options.players, 1) * (options.lifetime == nil ? 1 : 2)
            do {
                server = try ServerProcess(executable: executable, arguments: [
                    "--port", "0", "--room-cap", "\(roomCap)", "--log-level", "warning",
                    "--no-web-root", "--record-dir", recordDir,
                ] + (options.game.map { ["--game", $0] } ?? []) + options.serverArguments)
            } catch {
                FileHandle.standardError.write(Data("bots: cannot start the server: \(error)\n".utf8))
                return 1
            }
            host = "127.0.0.1"; port = server!.port; path = "/play"
        }
        defer {
            server?.stop()
            // The spawned server's recordings are scratch: remove them.
            if options.spawnServer { try? FileManager.default.removeItem(atPath: recordDir) }
        }
        let url = "ws://\(Socket.authority(host: host, port: port))\(path)"

        // One fleet per loop thread, each with its share of the bots.
        var fleets: [(loop: EventLoop, thread: PThread, fleet: BotFleet)] = []
        var firstIndex = 0
        for index in 0..<options.threads {
            let loop: EventLoop
            do { loop = try EventLoop() } catch {
                FileHandle.standardError.write(Data("bots: \(error)\n".utf8))
                return 1
            }
            let share = options.players / options.threads + (index < options.players % options.threads ? 1 : 0)
            var plan = FleetPlan(host: host, port: port, path: path, players: share,
                                 ramp: options.ramp / Double(options.threads), behaviors: options.behaviors,
                                 seed: options.seed &+ UInt64(index))
            plan.slowReaderFraction = options.slowReaders
            if let secret = options.tokenSecret {
                let minter = JoinTokenMinter(secret: secret)
                plan.handshakeHeaders = { name in
                    let now = Int64(time(nil))
                    let token = minter.mint(JoinClaims(name: name, subject: name, expires: now + 3600, issuedAt: now))
                    return [("Authorization", "Bearer \(token)")]
                }
            }
            plan.slowReaderAfter = options.slowReaderAfter
            plan.slowReaderPause = options.slowReaderPause
            plan.badActorFraction = options.badActors
            plan.badActorAfter = options.badActorAfter
            plan.lifetime = options.lifetime
            plan.replacesMisbehaving = options.replaceMisbehaving
            plan.transports = options.transports
            plan.links = options.links
            plan.autopilot = GameAutopilots.autopilot(for: options.game)
            plan.firstIndex = firstIndex
            firstIndex += share
            guard share > 0 else { continue }
            fleets.append((loop, loop.startThread(name: "bots-\(index)"), BotFleet(loop: loop, plan: plan)))
        }
        /// Every fleet's totals of one part (`totals(fleet)`: all bots, a transport's, a link
        /// class's), merged (latencies from the merged histograms).
        func gather(_ totals: @escaping (BotFleet) -> (summary: FleetSummary, latencies: FleetLatencies)) -> FleetSummary {
            var total = FleetSummary()
            var latencies = FleetLatencies()
            for (loop, _, fleet) in fleets {
                guard let t = try? loop.submitAndWait({ totals(fleet) }) else { continue }
                total.add(t.summary)
                latencies.merge(t.latencies)
            }
            latencies.summarize(into: &total)
            return total
        }
        func gather(_ transport: ClientTransport? = nil) -> FleetSummary { gather { $0.totals(of: transport) } }
        func gather(linkClass: Int) -> FleetSummary { gather { $0.totals(ofLinkClass: linkClass) } }
        // The server's sampler answers for any reachable game-server (spawned or not).
        var sampler = ServerSampler(host: host, port: port)
        _ = sampler.sample()  // baseline of the tick histogram
        let cpu0 = server.flatMap { ProcessStats.cpuSeconds(pid: $0.pid) }
        let metrics0 = server.map { MetricsScrape.fetch(port: $0.port) }
        let ticks0 = metrics0.map { $0["game_ticks_total"] ?? 0 }
        var skipped0: Double?
        var series: [RunSample] = []
        var serverPeak = 0.0, botsPeak = botsRSSBefore
        var lastDown = 0, lastUp = 0
        /// Seconds of honest play summed over bots, by transport.
        var playSeconds = [Double](repeating: 0, count: ClientTransport.allCases.count)
        var lastSampleAt = Monotonic.now()
        let started = lastSampleAt
        for (loop, _, fleet) in fleets { try? loop.submitAndWait { fleet.start() } }
        // Spectators on loops of their own (their decoding must not slow the players'), once
        // a player is seated, so the first room exists.
        var crowds: [(loop: EventLoop, thread: PThread, crowd: SpectatorCrowd)] = []
        if options.spectators > 0 {
            let waitUntil = Monotonic.now() + 10_000_000_000
            while gather().playing == 0 && Monotonic.now() < waitUntil { usleep(20_000) }
            let threads = max(1, options.threads)
            for index in 0 ..< threads {
                let share = options.spectators / threads + (index < options.spectators % threads ? 1 : 0)
                guard share > 0, let loop = try? EventLoop() else { continue }
                var plan = SpectatorCrowd.Plan(host: host, port: port, room: nil, count: share, ramp: options.spectatorRamp / Double(threads))
                plan.transports = options.transports
                plan.seed = options.seed &+ 1000 &+ UInt64(index)
                let crowd = SpectatorCrowd(loop: loop, plan: plan)
                let thread = loop.startThread(name: "spectators-\(index)")
                try? loop.submitAndWait { crowd.start() }
                crowds.append((loop, thread, crowd))
            }
        }
        var elapsed = 0.0
        while elapsed < options.duration {
            usleep(UInt32(min(1.0, max(0.01, options.duration - elapsed)) * 1e6))
            let now = Monotonic.now()
            elapsed = Double(now - started) / 1e9
            let interval = Double(now - lastSampleAt) / 1e9
            // The run's last sliver of a second would be a noisy sample: fold it into none.
            guard interval >= 0.5 else { continue }
            lastSampleAt = now
            var second = BotFleet.Second()
            for (loop, _, fleet) in fleets {
                if let part = try? loop.submitAndWait({ fleet.takeSecond() }) { second.add(part) }
            }
            let summary = gather()
            let perBot = Double(max(second.playing, 1)) * interval
            var sample = RunSample(seconds: elapsed, playing: second.playing,
                                   rttP50Millis: second.rtt.count > 0 ? second.rtt.percentile(50) : nil,
                                   rttP99Millis: second.rtt.count > 0 ? second.rtt.percentile(99) : nil,
                                   downBytesPerBot: Double(second.bytesDown - lastDown) / perBot,
                                   upBytesPerBot: Double(second.bytesUp - lastUp) / perBot)
            lastDown = second.bytesDown; lastUp = second.bytesUp
            for index in playSeconds.indices { playSeconds[index] += Double(second.playingByTransport[index]) * interval }
            if let tick = sampler.sample() {
                sample.tickP50Millis = tick.tickP50Millis
                sample.tickP99Millis = tick.tickP99Millis
                sample.skippedTicks = tick.skippedTicks
                if skipped0 == nil { skipped0 = tick.skippedTotal - tick.skippedTicks }
            }
            if let server, let rss = ProcessStats.residentBytes(pid: server.pid) {
                sample.serverMegabytes = Double(rss) / 1_048_576
                serverPeak = max(serverPeak, sample.serverMegabytes!)
            }
            if let server, let descriptors = ProcessStats.openDescriptors(pid: server.pid) {
                sample.serverDescriptors = Double(descriptors)
            }
            if let rss = ProcessStats.residentBytes(pid: me) {
                sample.botsMegabytes = Double(rss) / 1_048_576
                botsPeak = max(botsPeak, sample.botsMegabytes!)
            }
            series.append(sample)
            Report.progress(elapsed: elapsed, total: options.duration, summary, sample)
        }
        Report.endProgress()
        let seconds = Double(Monotonic.now() - started) / 1e9
        var serverReport: BotReport.Server?
        if let server {
            let cpu1 = ProcessStats.cpuSeconds(pid: server.pid)
            let metrics = MetricsScrape.fetch(port: server.port)
            let ticks1 = metrics["game_ticks_total"] ?? 0
            var report = BotReport.Server(port: server.port)
            report.ranToTheEnd = server.process.isRunning
            if !server.process.isRunning { report.exitStatus = server.process.terminationStatus }
            report.descriptors = ProcessStats.openDescriptors(pid: server.pid)
            report.residentMegabytes = ProcessStats.residentBytes(pid: server.pid).map { Double($0) / 1_048_576 }
            report.peakResidentMegabytes = max(serverPeak, report.residentMegabytes ?? 0)
            if let cpu0, let cpu1, let ticks0 {
                // Per seated player: the mean of the once-a-second counts of honest bots
                // playing (misbehaving bots are seated only briefly).
                let meanPlaying = series.isEmpty ? Double(options.players) : series.map { Double($0.playing) }.reduce(0, +) / Double(series.count)
                // game_ticks_total counts every room's ticks: per room, each tick serves its players.
                let rooms = max(metrics["game_rooms"] ?? 1, 1)
                report.cpuMicrosPerPlayerTick = (cpu1 - cpu0) * 1e6 / max(1, (ticks1 - ticks0) / rooms * max(meanPlaying, 1))
                report.cpuCores = (cpu1 - cpu0) / seconds
                let playerSeconds = max(meanPlaying, 1) * seconds
                if let out0 = metrics0?["game_bytes_out_total"], let out1 = metrics["game_bytes_out_total"] {
                    report.wireBytesOutPerPlayerSecond = (out1 - out0) / playerSeconds
                }
                if let in0 = metrics0?["game_bytes_in_total"], let in1 = metrics["game_bytes_in_total"] {
                    report.wireBytesInPerPlayerSecond = (in1 - in0) / playerSeconds
                }
            }
            report.ticks = ticks1 - (ticks0 ?? 0)
            if let skipped = metrics["game_ticks_skipped_total"] { report.skippedTicks = skipped - (skipped0 ?? 0) }
            report.kicks = Self.changes(of: "game_kicks_total", metrics, since: metrics0 ?? [:])
            report.inputsDropped = Self.changes(of: "game_inputs_dropped_total", metrics, since: metrics0 ?? [:])
            if let applied = metrics["game_inputs_applied_total"] { report.inputsApplied = applied - (metrics0?["game_inputs_applied_total"] ?? 0) }
            if let merged = metrics["game_inputs_merged_total"] { report.inputsMerged = merged - (metrics0?["game_inputs_merged_total"] ?? 0) }
            serverReport = report
        }
        // Summarize before closing, so our own closes are not drops.
        let summary = gather()
        let parts: [BotReport.TransportPart]? = options.transports.isMixed ? ClientTransport.allCases.map { transport in
            let part = gather(transport)
            let botSeconds = max(playSeconds[transport.rawValue], 1)
            return BotReport.TransportPart(transport: transport.description, fleet: part,
                                           downBytesPerSecondPerBot: Double(part.bytesDown) / botSeconds,
                                           upBytesPerSecondPerBot: Double(part.bytesUp) / botSeconds)
        } : nil
        let linkParts: [BotReport.TransportPart]? = options.links.isMixed ? options.links.classes.indices.map { linkClass in
            let part = gather(linkClass: linkClass)
            let botSeconds = max(Double(part.connected) * options.duration, 1)
            return BotReport.TransportPart(transport: "link " + options.links.name(of: linkClass), fleet: part,
                                           downBytesPerSecondPerBot: Double(part.bytesDown) / botSeconds,
                                           upBytesPerSecondPerBot: Double(part.bytesUp) / botSeconds)
        } : nil
        var spectatorsReport: BotReport.Spectators?
        if options.spectators > 0 {
            var crowd = SpectatorSummary()
            for (loop, _, part) in crowds {
                if let summary = try? loop.submitAndWait({ part.summary() }) { crowd.add(summary) }
            }
            spectatorsReport = .init(requested: options.spectators, crowd: crowd,
                                     bytesPerSecondPerSpectator: Double(crowd.bytes) / max(crowd.secondsWatched, 1e-9))
            for (loop, _, part) in crowds { try? loop.submitAndWait { part.stop() } }
        }
        var botsStarted = 0
        for (loop, _, fleet) in fleets {
            botsStarted += (try? loop.submitAndWait { () -> Int in
                fleet.stop()
                return fleet.bots.count
            }) ?? 0
        }
        usleep(100_000)
        for (loop, thread, _) in fleets {
            loop.stop()
            thread.join()
        }
        for (loop, thread, _) in crowds {
            loop.stop()
            thread.join()
        }

        // Per bot-second of honest play, from the series' counts.
        let botSeconds = max(series.map { Double($0.playing) }.reduce(0, +) * (seconds / Double(max(series.count, 1))), 1)
        var report = BotReport(url: url, players: options.players, behavior: options.behaviors.description, seed: options.seed,
                               seconds: seconds, fleet: summary,
                               downBytesPerSecondPerBot: Double(summary.bytesDown) / botSeconds,
                               upBytesPerSecondPerBot: Double(summary.bytesUp) / botSeconds, series: series)
        report.server = serverReport
        report.spectators = spectatorsReport
        report.transport = options.transports.description
        report.link = options.links == .direct ? nil : options.links.description
        report.transports = parts
        report.links = linkParts
        report.botsProcess = .init(residentMegabytesBefore: botsRSSBefore, peakResidentMegabytes: botsPeak,
                                   kilobytesPerBot: (botsPeak - botsRSSBefore) * 1024 / Double(max(botsStarted, 1)), loopThreads: fleets.count)
        if let scenario = options.scenario {
            report.scenario = scenario.name
            report.checks = scenario.checks(report)
        }
        print(Report.table(report))
        do {
            if let json = options.json { try Report.writeJSON(report, to: json) }
            if let html = options.html { try Report.writeHTML(report, to: html) }
        } catch {
            FileHandle.standardError.write(Data("bots: cannot write the report: \(error)\n".utf8))
            return 1
        }
        let failed = report.failedCriteria
        if !failed.isEmpty {
            for failure in failed { FileHandle.standardError.write(Data("bots: criterion failed: \(failure)\n".utf8)) }
            return 1
        }
        return 0
    }

    /// `NAME{reason="R"}` → R: the change since `earlier`, reasons that changed only.
    static func changes(of name: String, _ metrics: [String: Double], since earlier: [String: Double]) -> [String: Double] {
        let prefix = name + "{reason=\""
        var kicks: [String: Double] = [:]
        for (key, value) in metrics where key.hasPrefix(prefix) {
            let change = value - (earlier[key] ?? 0)
            if change > 0 { kicks[String(key.dropFirst(prefix.count).prefix { $0 != "\"" })] = change }
        }
        return kicks
    }

    /// .build/<config>/game-server beside this executable.
    static func siblingServer() -> String {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return me.deletingLastPathComponent().appendingPathComponent("game-server").path
    }
}
