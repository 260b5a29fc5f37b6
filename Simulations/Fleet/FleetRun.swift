import Foundation
import Glibc
import Synchronization
import Platform
import BotKit

/// One run of the simulated fleet, on the main thread: every 20 ms it reads what the bots'
/// loop saw (welcomes, refusals, closes), follows each GameServer's state on its stand-in,
/// plays the FleetAutoscaler (a Buffer of Ready servers, up to `servers` processes), brings in
/// the players whose time has come and seats them as a Packed GameServerAllocation would,
/// sends the leavers away, and SIGTERMs the servers that shut themselves down, as Agones does.
/// At the end (or on SIGINT/SIGTERM, or an error) every process it started is stopped, by PID.
struct FleetRun {
    var options: FleetOptions

    /// One player's progress, on the main thread.
    private enum Status {
        case notArrived
        case waiting(retryAt: Double)
        case connecting(server: Int)
        case playing(server: Int, leaveAt: Double)
        case leaving(server: Int)
        case left, atEnd, lost, neverSeated
    }

    private final class State {
        var servers: [FleetServer] = []
        var status: [Status]
        var refusals: [Int]
        var seatTimes: [Double] = []
        var histogram = LatencyHistogram()
        var report: FleetReport
        var pendingReplacements: [Int] = []
        var commands: [(FleetPlayers) -> Void] = []
        var startFailures: [String] = []
        init(players: Int, report: FleetReport) {
            status = Array(repeating: .notArrived, count: players)
            refusals = Array(repeating: 0, count: players)
            self.report = report
        }
        func server(_ id: Int) -> FleetServer? { servers.first { $0.id == id } }
    }

    func run() -> Int32 {
        _ = Socket.raiseDescriptorLimit()
        guard FileManager.default.isExecutableFile(atPath: options.server) else {
            return fail("\(options.server) is not an executable file (build it: swift build --product game-server)")
        }
        guard FileManager.default.fileExists(atPath: options.standIn) else {
            return fail("\(options.standIn) not found (run from the package's root, or pass --standin PATH)")
        }
        let interrupted = Atomic<Bool>(false)
        TerminationSignals.install { _ in interrupted.store(true, ordering: .relaxed) }
        let loop: EventLoop
        do { loop = try EventLoop() } catch { return fail("\(error)") }
        let thread = loop.startThread(name: "fleet-bots")
        let players = FleetPlayers(loop: loop, seed: options.seed)
        let plan = ArrivalPlan(players: options.players, duration: options.duration, window: options.arrivalWindow, lifetime: options.lifetime, seed: options.seed)
        let settings = FleetReport.Settings(servers: options.servers, initial: options.initial, buffer: options.buffer, players: options.players,
                                            durationSeconds: options.duration, arrivalWindow: options.arrivalWindow, lifetimeSeconds: [options.lifetime.lowerBound, options.lifetime.upperBound],
                                            capacity: options.capacity, shutdownWhenEmptySeconds: options.shutdownWhenEmpty, seed: options.seed)
        let state = State(players: options.players, report: FleetReport(settings: settings, seconds: 0))
        let started = Monotonic.now()
        func clock() -> Double { Double(Monotonic.now() &- started) / 1e9 }

        // The fleet as its Fleet resource starts it: `initial` GameServers, each Ready before
        // the first player comes (the run's clock for arrivals starts then).
        var aborted: String?
        for _ in 0..<options.initial where state.startFailures.isEmpty { startServer(state, now: clock()) }
        let readyDeadline = clock() + 30
        while aborted == nil, state.servers.contains(where: { $0.phase == .starting }) {
            if !state.startFailures.isEmpty { aborted = "could not start a server: \(state.startFailures[0])" }
            else if clock() > readyDeadline { aborted = "servers not Ready after 30 s" }
            else if interrupted.load(ordering: .relaxed) { aborted = "interrupted" }
            usleep(50_000)
            followServers(state, now: clock())
        }
        let offset = clock()
        let end = aborted == nil ? offset + options.duration : 0
        var nextArrival = 0
        var lastPoll = -1.0, lastSample = 0.0, lastProgress = 0.0
        while clock() < end {
            if interrupted.load(ordering: .relaxed) { aborted = "interrupted"; break }
            let now = clock()
            if now - lastPoll >= 0.25 {
                lastPoll = now
                followServers(state, now: now)
            }
            scale(state, now: now)
            if state.startFailures.count >= 3 { aborted = "could not start servers: \(state.startFailures.joined(separator: "; "))"; break }
            while nextArrival < plan.arrivals.count, offset + plan.arrivals[nextArrival].at <= now {
                state.status[nextArrival] = .waiting(retryAt: offset + plan.arrivals[nextArrival].at)
                state.report.playersArrived += 1
                nextArrival += 1
            }
            sendLeavers(state, now: now)
            seat(state, now: now)
            exchange(state, players: players, loop: loop, plan: plan, offset: offset, now: now, ending: false)
            if now - lastSample >= 1 {
                lastSample = now
                sample(state, now: now - offset)
            }
            if now - lastProgress >= 1 {
                lastProgress = now
                progress(state, now: now - offset)
            }
            usleep(20_000)
        }
        FileHandle.standardError.write(Data("\n".utf8))

        // The end: every player closed normally, the waiting ones counted, every server stopped.
        _ = try? loop.submitAndWait { players.stop() }
        let closeDeadline = clock() + 3
        while clock() < closeDeadline, ((try? loop.submitAndWait { players.openConnections }) ?? 0) > 0 {
            exchange(state, players: players, loop: loop, plan: plan, offset: offset, now: clock(), ending: true)
            usleep(20_000)
        }
        exchange(state, players: players, loop: loop, plan: plan, offset: offset, now: clock(), ending: true)
        for index in state.status.indices {
            switch state.status[index] {
            case .waiting, .connecting: state.status[index] = .neverSeated; state.report.neverSeated += 1
            case .playing, .leaving: state.status[index] = .atEnd; state.report.playersAtEnd += 1
            default: break
            }
        }
        let seconds = clock() - offset
        stopAll(state, now: clock)
        let hashes = try? loop.submitAndWait { (players.hashesChecked, players.hashMismatches, players.mismatchAt, players.clientErrors) }
        loop.stop()
        thread.join()

        var report = state.report
        report.seconds = seconds
        if let hashes {
            report.hashesChecked = hashes.0; report.hashMismatches = hashes.1; report.mismatchAt = hashes.2; report.clientErrors = hashes.3
        }
        report.timeToSeatMillis = state.histogram.summary()
        let sorted = state.seatTimes.sorted()
        if !sorted.isEmpty {
            let steps = min(100, sorted.count)
            report.timeToSeatDistribution = [[0, 0]] + (1...steps).map { step in
                let index = max(0, Int((Double(step) / Double(steps) * Double(sorted.count)).rounded(.up)) - 1)
                return [sorted[index], Double(index + 1) / Double(sorted.count)]
            }
        }
        report.playersRefusedAtLeastOnce = state.refusals.filter { $0 > 0 }.count
        report.servers = state.servers.map { s in
            // Times from the first arrival's moment (the first servers start before it).
            func t(_ value: Double?) -> Double? { value.map { ($0 - offset) * 1000 .rounded() / 1000 } }
            return FleetReport.Server(id: s.id, startedAt: t(s.startedAt)!, readyAt: t(s.readyAt), allocatedAt: t(s.allocatedAt),
                               shutdownAt: t(s.shutdownAt), exitedAt: t(s.exitedAt), ended: s.stoppedAtEnd ? "stopped at the end" : s.lastState,
                               seated: s.seated, peakSeats: s.peakSeats, exitCode: s.exitCode, replaces: s.replaces)
        }
        report.exitCodes = state.servers.compactMap(\.exitCode)
        report.judge()
        if let aborted { report.failures.insert("run aborted: \(aborted)", at: 0) }
        print(report.table)
        do {
            if let json = options.json { try report.writeJSON(to: json) }
            if let html = options.html { try report.writeHTML(to: html) }
        } catch {
            return fail("cannot write the report: \(error)")
        }
        return report.passed ? 0 : 1
    }

    // MARK: Servers

    /// Reads each live server's state from its stand-in, as Agones' controller watches it:
    /// Ready noted; Shutdown or Unhealthy answered with SIGTERM; exits reaped (exit code kept,
    /// stand-in stopped); a game-server that died on its own is noticed too.
    private func followServers(_ state: State, now: Double) {
        for server in state.servers where server.phase != .exited {
            if server.phase == .shuttingDown {
                if server.reap(now: now) {
                    state.pendingReplacements.append(server.id)
                    state.report.serversReplaced += 1
                }
                continue
            }
            if !server.game.process.isRunning {
                // Died without a Shutdown: Agones would mark it Unhealthy and replace it.
                server.lastState = "exited on its own"
                _ = server.reap(now: now)
                state.pendingReplacements.append(server.id)
                state.report.serversReplaced += 1
                continue
            }
            guard let (gameState, counter) = server.poll() else { continue }
            server.counterPlayers = counter
            server.lastState = gameState
            switch gameState {
            case "Ready" where server.phase == .starting:
                server.phase = .ready
                server.readyAt = now
            case "Shutdown", "Unhealthy":
                server.phase = .shuttingDown
                server.shutdownAt = now
                if gameState == "Shutdown" { state.report.serversShutDown += 1 } else { state.report.serversUnhealthy += 1 }
                server.terminate()
            default:
                break
            }
        }
    }

    /// The FleetAutoscaler's Buffer policy: while fewer than `buffer` servers are Ready (or on
    /// their way to it) and fewer than `servers` processes run, start one.
    private func scale(_ state: State, now: Double) {
        while true {
            let running = state.servers.filter { $0.phase != .exited }.count
            let spare = state.servers.filter { $0.phase == .starting || $0.phase == .ready }.count
            guard spare < options.buffer, running < options.servers, state.startFailures.count < 3 else { return }
            startServer(state, now: now)
        }
    }

    /// A new GameServer (the next id): a replacement when one has shut down since the last start.
    private func startServer(_ state: State, now: Double) {
        let id = state.servers.count
        do {
            let server = try FleetServer(id: id, options: options, now: now)
            if !state.pendingReplacements.isEmpty {
                server.replaces = state.pendingReplacements.removeFirst()
                state.report.replacementsStarted += 1
            }
            state.servers.append(server)
            state.report.serversStarted += 1
            state.report.peakServersRunning = max(state.report.peakServersRunning, state.servers.filter { $0.phase != .exited }.count)
        } catch {
            state.startFailures.append("\(error)")
            FileHandle.standardError.write(Data("fleet: \(error)\n".utf8))
        }
    }

    /// SIGTERM to every game-server still running (they drain and exit 0), their exits awaited
    /// (20 s at most, then SIGKILL), every stand-in stopped.
    private func stopAll(_ state: State, now clock: () -> Double) {
        for server in state.servers where server.phase != .exited {
            if server.phase != .shuttingDown { server.stoppedAtEnd = true }
            server.terminate()
        }
        let deadline = clock() + 20
        while clock() < deadline, state.servers.contains(where: { !$0.reap(now: clock()) }) { usleep(20_000) }
        for server in state.servers where server.exitCode == nil {
            FileHandle.standardError.write(Data("fleet: game-server \(server.id) (pid \(server.game.pid)) did not exit in 20 s of SIGTERM; killed\n".utf8))
            server.forceStop()
            FleetServer.stop(server.standIn)
        }
    }

    // MARK: Players

    private func sendLeavers(_ state: State, now: Double) {
        for index in state.status.indices {
            guard case .playing(let server, let leaveAt) = state.status[index], now >= leaveAt else { continue }
            state.status[index] = .leaving(server: server)
            state.commands.append { $0.leave(player: index) }
        }
    }

    /// Seats the waiting players in arrival order, each where the Packed allocator says; stops
    /// at the first who finds no seat (later ones would find none either).
    private func seat(_ state: State, now: Double) {
        let drainGuard = max(0, options.shutdownWhenEmpty - 1.5)
        for index in state.status.indices {
            guard case .waiting(let retryAt) = state.status[index], retryAt <= now else { continue }
            let candidates = state.servers.map {
                PackedAllocator.Candidate(id: $0.id, phase: $0.phase, seats: $0.seats, capacity: options.capacity, emptySince: $0.emptySince)
            }
            let target: FleetServer
            switch PackedAllocator.choose(candidates, now: now, drainGuard: drainGuard) {
            case .none:
                return
            case .allocated(let id):
                target = state.server(id)!
            case .allocateReady(let id):
                let server = state.server(id)!
                guard server.allocate() else {
                    // Not Ready any more (it shut down or went Unhealthy): the next poll tells.
                    server.phase = .starting
                    return
                }
                server.phase = .allocated
                server.allocatedAt = now
                server.emptySince = now
                state.report.serversAllocated += 1
                target = server
            }
            target.seats += 1
            target.peakSeats = max(target.peakSeats, target.seats)
            target.emptySince = nil
            state.status[index] = .connecting(server: target.id)
            let port = target.port, id = target.id
            state.commands.append { $0.connect(player: index, server: id, port: port) }
        }
    }

    /// Hands the pending commands to the bots' loop and takes back what happened there.
    private func exchange(_ state: State, players: FleetPlayers, loop: EventLoop, plan: ArrivalPlan, offset: Double, now: Double, ending: Bool) {
        let commands = state.commands
        state.commands.removeAll()
        let nanosAtStart = Monotonic.now() &- UInt64(now * 1e9)
        guard let events = try? loop.submitAndWait({ () -> [FleetPlayers.Event] in
            for command in commands { command(players) }
            return players.takeEvents()
        }) else { return }
        for event in events {
            switch event {
            case let .welcomed(player, serverID, atNanos):
                let at = Double(atNanos &- nanosAtStart) / 1e9
                let arrival = offset + plan.arrivals[player].at
                let millis = max(0, at - arrival) * 1000
                state.histogram.add(millis)
                state.seatTimes.append(millis)
                state.report.playersServed += 1
                state.server(serverID)?.seated += 1
                if case .leaving = state.status[player] { break }  // the run is ending
                state.status[player] = ending ? .leaving(server: serverID) : .playing(server: serverID, leaveAt: at + plan.arrivals[player].lifetime)
            case let .closed(player, serverID, code, reason, welcomed, byUs):
                if let server = state.server(serverID) {
                    server.seats -= 1
                    if server.seats == 0, server.phase == .allocated { server.emptySince = now }
                }
                if !welcomed {
                    if ending { state.status[player] = .neverSeated; state.report.neverSeated += 1; continue }
                    state.refusals[player] += 1
                    state.report.seatsRefused += 1
                    state.report.refusalCodes[Self.describe(code, reason), default: 0] += 1
                    state.status[player] = .waiting(retryAt: now + 0.1)
                } else if byUs {
                    if case .leaving = state.status[player], !ending { state.status[player] = .left; state.report.playersLeft += 1 }
                    else if ending { state.status[player] = .atEnd; state.report.playersAtEnd += 1 }
                    else { state.status[player] = .left; state.report.playersLeft += 1 }
                } else {
                    state.status[player] = .lost
                    state.report.playersLost += 1
                    if state.report.lostDetails.count < 20 {
                        state.report.lostDetails.append("bot\(player) on server \(serverID): \(Self.describe(code, reason))")
                    }
                }
            }
        }
    }

    static func describe(_ code: UInt16, _ reason: String) -> String {
        reason.isEmpty ? "\(code)" : "\(code) \(reason)"
    }

    // MARK: Reporting

    private func sample(_ state: State, now: Double) {
        var playing = 0, waiting = 0
        var perServer: [String: Int] = [:]
        for server in state.servers where server.phase != .exited { perServer[String(server.id)] = 0 }
        for status in state.status {
            switch status {
            case .playing(let server, _), .leaving(let server):
                playing += 1
                perServer[String(server), default: 0] += 1
            case .waiting, .connecting: waiting += 1
            default: break
            }
        }
        func count(_ phase: PackedAllocator.Phase) -> Int { state.servers.filter { $0.phase == phase }.count }
        state.report.series.append(.init(seconds: now, playing: playing, waiting: waiting, starting: count(.starting), ready: count(.ready),
                                         allocated: count(.allocated), shuttingDown: count(.shuttingDown), perServer: perServer))
    }

    private func progress(_ state: State, now: Double) {
        let r = state.report
        let last = r.series.last
        let servers = state.servers.filter { $0.phase != .exited }.map { "\($0.id):\($0.phase == .allocated ? "A" : $0.phase == .ready ? "R" : $0.phase == .starting ? "s" : "x")\($0.seats)" }
        let line = String(format: "\r[%5.1fs/%5.1fs] playing %d, waiting %d, served %d, lost %d, refused %d, servers [%@] started %d, shut down %d   ",
                          now, options.duration, last?.playing ?? 0, last?.waiting ?? 0, r.playersServed, r.playersLost, r.seatsRefused,
                          servers.joined(separator: " "), r.serversStarted, r.serversShutDown)
        FileHandle.standardError.write(Data(line.utf8))
    }

    private func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("fleet: \(message)\n".utf8))
        return 1
    }
}
