import Foundation
import Glibc
import BotKit

/// One GameServer of the simulated fleet: a `game-server --agones` process and its own SDK
/// server stand-in (the sidecar Agones would run beside it), with what the fleet knows of it.
/// Foundation's Process is fine here: this is control code on the tool's main thread, far from
/// the bots' loop. Only the main thread touches it.
final class FleetServer {
    struct Failure: Error, CustomStringConvertible { var description: String }

    let id: Int
    let standIn: Process
    let sdkPort: Int
    let game: ServerProcess
    var port: Int { game.port }
    var phase = PackedAllocator.Phase.starting
    /// Seconds since the run's start.
    let startedAt: Double
    var readyAt: Double?
    var allocatedAt: Double?
    /// When the stand-in was first seen in Shutdown (or Unhealthy).
    var shutdownAt: Double?
    var exitedAt: Double?
    /// The stand-in's final state as seen (Shutdown, Unhealthy, or what it was at the end).
    var lastState = "Scheduled"
    /// The allocator's seat count (players sent here, not yet gone).
    var seats = 0
    var peakSeats = 0
    /// When the seat count last fell to 0, or the allocation; nil while seats are taken.
    var emptySince: Double?
    /// Players welcomed here over its life.
    var seated = 0
    /// The game's own `players` counter, as the stand-in last had it.
    var counterPlayers: Int?
    var exitCode: Int32?
    /// The server this one was started to replace (one that shut down), if any.
    var replaces: Int?
    /// Shut down because the fleet ended (SIGTERM from us), not by its own Shutdown.
    var stoppedAtEnd = false

    /// Starts the stand-in on a port of its own choosing (written to a port file, so there is no
    /// window in which another process could take a port probed free), then the game-server
    /// against it; the game asks for Ready by itself. Throws, with both stopped, if either fails.
    init(id: Int, options: FleetOptions, now: Double) throws {
        self.id = id
        startedAt = now
        let portFile = NSTemporaryDirectory() + "fleet-\(getpid())-sdk-\(id).port"
        try? FileManager.default.removeItem(atPath: portFile)
        defer { try? FileManager.default.removeItem(atPath: portFile) }
        standIn = Process()
        standIn.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        standIn.arguments = ["python3", options.standIn, "--port", "0", "--port-file", portFile, "--health-period", "5",
                             "--name", "fleet-\(id)", "--counter", "players=\(options.capacity)", "--counter", "rooms=1"]
        standIn.standardOutput = FileHandle.nullDevice
        standIn.standardError = FileHandle.standardError
        try standIn.run()
        var port: Int?
        let deadline = Date().addingTimeInterval(15)
        while port == nil && Date() < deadline && standIn.isRunning {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8) {
                port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if port == nil { usleep(20_000) }
        }
        guard let port else {
            Self.stop(standIn)
            throw Failure(description: "the SDK stand-in for server \(id) did not start (\(options.standIn))")
        }
        sdkPort = port
        do {
            game = try ServerProcess(executable: options.server, arguments: [
                "--port", "0", "--agones", "--agones-sdk-port", "\(port)", "--agones-counters",
                "--shutdown-when-empty", "\(options.shutdownWhenEmpty)", "--no-record", "--no-web-root",
                "--room-cap", "\(options.capacity)", "--max-rooms", "1", "--resume-grace", "0", "--log-level", "warning",
            ])
        } catch {
            Self.stop(standIn)
            throw Failure(description: "game-server \(id): \(error)")
        }
    }

    /// The stand-in's GameServer state and the game's `players` counter (`GET /__standin/state`),
    /// as Agones' controller would see them; nil if it did not answer.
    func poll() -> (state: String, players: Int?)? {
        guard let body = MetricsScrape.httpGet(host: "127.0.0.1", port: sdkPort, path: "/__standin/state", timeoutSeconds: 2),
              let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
              let state = object["state"] as? String else { return nil }
        let counters = object["counters"] as? [String: Any]
        let players = (counters?["players"] as? [String: Any])?["count"] as? Int
        return (state, players)
    }

    /// What a GameServerAllocation does to a Ready server (`POST /__standin/allocate`).
    func allocate() -> Bool {
        MetricsScrape.httpRequest(method: "POST", host: "127.0.0.1", port: sdkPort, path: "/__standin/allocate", body: "{}",
                                  timeoutSeconds: 2) != nil
    }

    /// SIGTERM to the game-server, as Agones sends when it deletes the pod's GameServer.
    func terminate() {
        if game.process.isRunning { kill(game.pid, SIGTERM) }
    }

    /// Once the game-server has exited: its exit code recorded and its stand-in stopped; true then.
    func reap(now: Double) -> Bool {
        guard exitCode == nil else { return true }
        guard !game.process.isRunning else { return false }
        game.process.waitUntilExit()
        exitCode = game.process.terminationReason == .uncaughtSignal ? 128 + game.process.terminationStatus : game.process.terminationStatus
        exitedAt = now
        phase = .exited
        Self.stop(standIn)
        return true
    }

    /// Last resort (errors, a server that will not exit): SIGKILL both, by PID.
    func forceStop() {
        if game.process.isRunning { kill(game.pid, SIGKILL) }
        if standIn.isRunning { kill(standIn.processIdentifier, SIGKILL) }
    }

    /// SIGTERM to a stand-in, then its exit (it stops at once; SIGKILL after 3 s if not).
    static func stop(_ process: Process) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
