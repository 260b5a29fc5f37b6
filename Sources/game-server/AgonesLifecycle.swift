import Agones
import GameServer
import Logging
import Platform

/// game-server's life as an Agones GameServer, on the I/O loop: it asks for Ready once the
/// port listens (the server listens before this starts), follows the GameServer's state on the
/// watch stream, refuses new players until Allocated, pings health from a once-a-second check
/// that stops pinging while any room's game thread has stopped waking (a wedged server is
/// replaced, a busy one is not), reports players connecting and leaving, the seat capacity and
/// the counts (labels `players` and `rooms`, optionally counters), and on SIGTERM, or after
/// `shutdownWhenEmpty` seconds without players once allocated, drains (players closed with
/// 1001, recordings finished) and calls Shutdown. After SIGTERM it exits once Shutdown is
/// answered (or 5 s passed); after an empty-server shutdown it waits for the SIGTERM that
/// follows. Nothing the game does waits for the SDK server.
final class AgonesLifecycle: @unchecked Sendable {
    // Sendable: after init everything is touched only on the server's loop thread.
    static var logger: Logger { Logger(label: "agones") }

    let server: any GameServing
    let options: AgonesOptions
    let sdk: AgonesSDK

    private(set) var state: AgonesState?
    private var allocated = false
    private var lastPing: UInt64 = 0
    private var stalled = false
    private var reported: Set<String> = []
    private var lastCounts: (players: Int, rooms: Int)?
    private var emptySince: UInt64?
    private var draining = false
    private var terminated = false
    private var finishLoop: (() -> Void)?

    init(server: any GameServing, options: AgonesOptions) {
        self.server = server
        self.options = options
        sdk = AgonesSDK(loop: server.loop, port: options.sdkPort)
    }

    /// Loop thread.
    func start() {
        server.refuseNewPlayers("this server is not allocated to a match yet")
        sdk.onGameServer = { [unowned self] in self.observe($0) }
        sdk.onSucceeded = { [unowned self] call in
            if case .shutdown = call { self.shutdownAnswered() }
        }
        sdk.watch()
        sdk.call(.gameServer)
        sdk.call(.playerCapacity(server.status().capacity))
        sdk.call(.ready)
        Self.logger.info("Agones: SDK server at 127.0.0.1:\(options.sdkPort); asked for Ready (port \(server.port) is listening)")
        check()
    }

    /// SIGTERM or SIGINT, any thread.
    func terminate() {
        server.loop.execute { [self] in
            terminated = true
            if let finishLoop {
                // Already drained and Shutdown called (the empty-server path): now exit.
                self.finishLoop = nil
                finishLoop()
                return
            }
            drain(because: "terminated")
        }
    }

    // MARK: State

    private func observe(_ gameServer: AgonesGameServer) {
        guard gameServer.state != state else { return }
        Self.logger.info("Agones: GameServer \(gameServer.name.isEmpty ? "" : "\(gameServer.name) ")is \(gameServer.state)")
        state = gameServer.state
        if gameServer.state == .allocated && !allocated {
            allocated = true
            server.refuseNewPlayers(nil)
            emptySince = server.loop.now
            Self.logger.info("Agones: allocated; accepting players")
        }
    }

    /// Every second (or health period, if shorter): health, players, counts, the empty timer.
    private func check() {
        guard !draining else { return }
        let now = server.loop.now
        let status = server.status()
        if status.longestWakeGapSeconds < options.stallSeconds {
            if stalled {
                stalled = false
                Self.logger.notice("Agones: every room's game thread wakes again; health pings resume")
            }
            if now &- lastPing >= UInt64(options.healthSeconds * 1e9) || lastPing == 0 {
                lastPing = now
                sdk.call(.health)
            }
        } else if !stalled {
            stalled = true
            Self.logger.error("Agones: a room's game thread has not woken for \(Int(status.longestWakeGapSeconds)) s; health pings stop so Agones replaces this server")
        }
        for id in status.playerIDs.subtracting(reported).sorted() { sdk.call(.playerConnect(id)) }
        for id in reported.subtracting(status.playerIDs).sorted() { sdk.call(.playerDisconnect(id)) }
        reported = status.playerIDs
        if lastCounts.map({ $0.players != status.players || $0.rooms != status.rooms }) ?? true {
            lastCounts = (status.players, status.rooms)
            sdk.call(.label(key: "players", value: "\(status.players)"))
            sdk.call(.label(key: "rooms", value: "\(status.rooms)"))
            if options.counters {
                sdk.call(.counter(name: "players", count: status.players))
                sdk.call(.counter(name: "rooms", count: status.rooms))
            }
        }
        if allocated, let limit = options.shutdownWhenEmpty {
            if status.players > 0 {
                emptySince = nil
            } else if let since = emptySince {
                if now &- since >= UInt64(limit * 1e9) {
                    drain(because: "no players for \(limit) s")
                    return
                }
            } else {
                emptySince = now
            }
        }
        server.loop.schedule(at: now + UInt64(min(1, options.healthSeconds) * 1e9)) { [weak self] in self?.check() }
    }

    // MARK: Shutdown

    private func drain(because reason: String) {
        guard !draining else { return }
        draining = true
        Self.logger.notice("Agones: draining (\(reason)): players are closed with 1001, recordings finished, then Shutdown")
        server.shutdown(timeout: 5) { [self] finish in
            // Players are gone and recordings on disk; the loop still runs until `finish`.
            for id in reported.sorted() { sdk.call(.playerDisconnect(id)) }
            reported.removeAll()
            finishLoop = finish
            sdk.call(.shutdown)
            if terminated {
                // SIGTERM: exit once Shutdown is answered, or after 5 s without an answer.
                server.loop.schedule(at: server.loop.now + 5_000_000_000) { [weak self] in
                    guard let self, let finish = self.finishLoop else { return }
                    Self.logger.warning("Agones: Shutdown not answered in 5 s; exiting")
                    self.finishLoop = nil
                    finish()
                }
            }
        }
    }

    private func shutdownAnswered() {
        Self.logger.info("Agones: Shutdown acknowledged\(terminated ? "; exiting" : "; waiting to be stopped")")
        guard terminated, let finish = finishLoop else { return }
        finishLoop = nil
        sdk.close()
        finish()
    }
}
