import Testing
import Glibc
import WebSocket
import Platform
import Wire
import Simulation
import Arena
import BotKit
@testable import GameServer

/// The whole server over loopback: a real GameServer<Arena> on an ephemeral port, real
/// WebSocket clients built from the client-side protocol code.
@Suite(.serialized) struct GameServerIntegrationTests {
    /// A running server and a client loop, torn down by `stop`.
    final class Fixture: @unchecked Sendable {  // the server and loops are thread-safe at this API; clients are touched via submitAndWait
        let server: GameServer<Arena>
        let serverThread: PThread
        let clientLoop: EventLoop
        let clientThread: PThread
        /// Where the server listens, and so where `connect` goes.
        let host: String

        init(configure: (inout GameServerConfiguration) -> Void = { _ in }) throws {
            var configuration = GameServerConfiguration()
            configuration.port = 0
            configuration.seed = 42
            configuration.webRoot = nil
            configure(&configuration)
            host = configuration.host
            server = try GameServer<Arena>(configuration: configuration)
            serverThread = server.start()
            clientLoop = try EventLoop()
            clientThread = clientLoop.startThread(name: "test-clients")
        }

        func connect(_ name: String, resumeToken: UInt64? = nil, headers: [(name: String, value: String)] = [],
                     transport: ClientTransport = .webSocket, configure: @escaping (GameClient) -> Void = { _ in }) throws -> GameClient {
            let client = GameClient(name: name)
            client.resumeToken = resumeToken
            configure(client)
            let port = server.port
            let host = self.host
            try clientLoop.submitAndWait { try client.connect(loop: self.clientLoop, host: host, port: port, transport: transport, headers: headers) }
            return client
        }

        /// Polls `predicate` on the client loop until it holds or `seconds` pass.
        func wait(seconds: Double = 10, _ predicate: @escaping () -> Bool) -> Bool {
            let deadline = Monotonic.now() + UInt64(seconds * 1e9)
            while Monotonic.now() < deadline {
                if (try? clientLoop.submitAndWait(predicate)) == true { return true }
                usleep(5_000)
            }
            return false
        }

        func onClients<T>(_ body: @escaping () -> T) throws -> T { try clientLoop.submitAndWait(body) }

        /// Opens a bare WebSocket to /play, sends `bytes` as its first message and returns
        /// how the server closed the connection (nil if it did not within the wait).
        func closeAfterFirstMessage(_ bytes: [UInt8]) throws -> (code: UInt16, reason: String)? {
            let recorder = CloseRecorder()
            try clientLoop.submitAndWait {
                _ = try WebSocketClient.connect(loop: self.clientLoop, host: "127.0.0.1", port: self.server.port, path: "/play", delegate: recorder)
            }
            guard wait({ recorder.opened }) else { return nil }
            try onClients { recorder.connection?.send(binary: bytes) }
            _ = wait { recorder.closed != nil }
            return try onClients { recorder.closed }
        }

        func stop() {
            server.shutdown()
            serverThread.join()
            clientLoop.stop()
            clientThread.join()
        }
    }

    @Test func playersJoinMoveAndSeeEachOtherWithExactViews() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let alice = try fixture.connect("alice")
        let bob = try fixture.connect("bob")
        #expect(fixture.wait { alice.snapshotsReceived > 5 && bob.snapshotsReceived > 5 })
        let (aliceEntity, startX) = try fixture.onClients { (alice.entityID, alice.ownValue(field: ArenaTables.PlayerField.x)) }
        #expect(aliceEntity != nil)
        #expect(startX != nil)
        // Alice holds "right" for a second; her x must grow in her own snapshots.
        for _ in 0..<60 {
            try fixture.onClients { _ = alice.sendInput(moveX: 1) }
            usleep(16_000)
        }
        #expect(fixture.wait { (alice.ownValue(field: ArenaTables.PlayerField.x) ?? 0) > (startX ?? 0) + 100 })
        // The last applied input sequence comes back in the snapshots.
        #expect(fixture.wait { alice.world.lastInputSequence >= 50 })
        // Both players were told about each other, and no view hash ever mismatched.
        let (aliceEvents, bobEvents) = try fixture.onClients { (alice.eventsReceived, bob.eventsReceived) }
        #expect(aliceEvents.contains { if case .joined(_, "bob") = $0 { true } else { false } })
        #expect(bobEvents.contains { if case .joined(_, "alice") = $0 { true } else { false } })
        #expect(fixture.wait { alice.world.hashesChecked > 0 && bob.world.hashesChecked > 0 })
        let mismatches = try fixture.onClients { alice.hashMismatches + bob.hashMismatches }
        let errors = try fixture.onClients { alice.errors + bob.errors }
        #expect(mismatches == 0)
        #expect(errors.isEmpty)
    }

    @Test func aWrongProtocolVersionIsRefusedWithAReason() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let closed = try fixture.closeAfterFirstMessage(HelloMessage(version: 999, name: "old").encoded())
        #expect(closed?.code == GameCloseCode.protocolVersionMismatch.rawValue)
        #expect(closed?.reason.contains("999") == true)
    }

    @Test(arguments: [
        ("input before hello", [MessageType.input.rawValue, 0, 0], GameCloseCode.unexpectedHello.rawValue),
        ("unknown message type", [0x7F], GameCloseCode.unexpectedHello.rawValue),
    ])
    func badFirstMessagesAreRefused(name: String, bytes: [UInt8], code: UInt16) throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        #expect(try fixture.closeAfterFirstMessage(bytes)?.code == code, "\(name)")
    }

    @Test func aSocketThatNeverSaysHelloIsClosedWith4007EvenWhileItPings() throws {
        let fixture = try Fixture { $0.helloTimeoutSeconds = 0.5 }
        defer { fixture.stop() }
        let recorder = CloseRecorder()
        let started = Monotonic.now()
        try fixture.clientLoop.submitAndWait {
            _ = try WebSocketClient.connect(loop: fixture.clientLoop, host: "127.0.0.1", port: fixture.server.port, path: "/play", delegate: recorder)
        }
        #expect(fixture.wait { recorder.opened })
        // Transport pings keep the idle timer happy; only the hello deadline may close it.
        var pings = 0
        while try fixture.onClients({ recorder.closed == nil }) && Monotonic.now() - started < 5_000_000_000 {
            try fixture.onClients { _ = recorder.connection?.ping() }
            pings += 1
            usleep(50_000)
        }
        let elapsed = Double(Monotonic.now() - started) / 1e9
        let closed = try fixture.onClients { recorder.closed }
        #expect(closed?.code == GameCloseCode.helloTimeout.rawValue)
        #expect(pings >= 1)
        // `started` was taken before the connection existed, so this holds however slow the machine.
        #expect(elapsed >= 0.5, "the close came before the deadline, after \(elapsed) s")
        #expect(fixture.server.metrics.kicksHelloTimeout.current == 1)
    }

    @Test func aPlayerWhoSaysHelloInTimeIsNotClosedByTheHelloDeadline() throws {
        let fixture = try Fixture { $0.helloTimeoutSeconds = 0.3 }
        defer { fixture.stop() }
        let client = try fixture.connect("prompt")
        #expect(fixture.wait { client.snapshotsReceived > 0 })
        let seen = client.snapshotsReceived
        #expect(fixture.wait { client.snapshotsReceived > seen + 40 })  // well past the deadline
        #expect(try fixture.onClients { client.state } == .playing)
        #expect(fixture.server.metrics.kicksHelloTimeout.current == 0)
    }

    @Test(arguments: ["tick rate", "snapshot interval", "hash interval", "room capacity", "stall", "hello", "max connections"])
    func anInvalidConfigurationIsRefusedWithItsReason(field: String) {
        var configuration = GameServerConfiguration()
        configuration.port = 0
        switch field {
        case "tick rate": configuration.tickRate = 0
        case "snapshot interval": configuration.snapshotInterval = 0
        case "hash interval": configuration.hashInterval = 0
        case "room capacity": configuration.roomCapacity = 0
        case "stall": configuration.stallSeconds = .nan
        case "hello": configuration.helloTimeoutSeconds = 0
        default: configuration.transport.maxConnections = -1
        }
        #expect(configuration.problem()?.contains(field) == true, "\(configuration.problem() ?? "no problem found")")
        #expect(throws: GameServerConfigurationError.self) { _ = try GameServer<Arena>(configuration: configuration) }
    }

    @Test func theDefaultConfigurationIsValidAndCapsConnections() {
        let configuration = GameServerConfiguration()
        #expect(configuration.problem() == nil)
        #expect(configuration.transport.maxConnections == 10_000)
    }

    @Test func malformedInputClosesOnlyThatPlayer() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let honest = try fixture.connect("honest")
        let rogue = try fixture.connect("rogue")
        #expect(fixture.wait { honest.snapshotsReceived > 2 && rogue.snapshotsReceived > 2 })
        try fixture.onClients { rogue.sendRaw([MessageType.input.rawValue, 0xFF, 0xFF, 0xFF]) }
        #expect(fixture.wait {
            if case .closed = rogue.state { true } else { false }
        })
        let state = try fixture.onClients { rogue.state }
        #expect(state == .closed(code: GameCloseCode.malformedMessage.rawValue, reason: try fixture.onClients {
            if case .closed(_, let reason) = rogue.state { reason } else { "" }
        }))
        let before = try fixture.onClients { honest.snapshotsReceived }
        #expect(fixture.wait { honest.snapshotsReceived > before + 10 })
        #expect(try fixture.onClients { honest.state } == .playing)
    }

    @Test func pingsAreAnsweredWithTheServerTick() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let client = try fixture.connect("pinger")
        #expect(fixture.wait { client.snapshotsReceived > 0 })
        try fixture.onClients { client.sendPing(clientTime: 1234) }
        #expect(fixture.wait { client.lastPong != nil })
        let pong = try fixture.onClients { client.lastPong }
        #expect(pong?.clientTime == 1234)
        #expect((pong?.serverTick ?? 0) > 0)
    }

    @Test func fullRoomsOpenNewRoomsAndTheRoomCapHolds() throws {
        let fixture = try Fixture { $0.roomCapacity = 2; $0.maxRooms = 2 }
        defer { fixture.stop() }
        let clients = try (0..<5).map { try fixture.connect("p\($0)") }
        #expect(fixture.wait { clients.filter { $0.snapshotsReceived > 0 }.count == 4 })
        #expect(fixture.wait { clients.contains { if case .closed(let code, _) = $0.state { code == GameCloseCode.serverFull.rawValue } else { false } } })
        #expect(fixture.server.metrics.rooms.current == 2)
    }

    /// With a snapshot interval of 2 only every other tick is published: every snapshot's tick
    /// is even, consecutive snapshots are an even number of ticks apart (a catch-up or a busy
    /// socket may drop one, never add an odd one), and some are exactly 2 apart. Counted in
    /// ticks, not seconds, so a loaded machine cannot change the outcome.
    @Test func snapshotsEveryOtherTickAt30Hz() throws {
        let fixture = try Fixture { $0.snapshotInterval = 2 }
        defer { fixture.stop() }
        let client = try fixture.connect("slow-rate")
        let log = TickLog()
        try fixture.onClients { client.onSnapshot = { _, result in log.ticks.append(result.header.tick) } }
        #expect(fixture.wait { log.ticks.count >= 30 })
        let ticks = try fixture.onClients { log.ticks }
        let steps = zip(ticks, ticks.dropFirst()).map { $1 &- $0 }
        #expect(ticks.count >= 30)
        #expect(ticks.allSatisfy { $0 % 2 == 0 }, "snapshot ticks \(ticks)")
        #expect(steps.allSatisfy { $0 > 0 && $0 % 2 == 0 }, "steps between snapshots \(steps)")
        #expect(steps.contains(2), "steps between snapshots \(steps)")
    }

    @Test func aReconnectWithTheResumeTokenContinuesTheSamePlayer() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let alice = try fixture.connect("alice")
        let bob = try fixture.connect("bob")
        #expect(fixture.wait { alice.snapshotsReceived > 2 && bob.snapshotsReceived > 2 })
        let first = try #require(try fixture.onClients { alice.welcome })
        try fixture.onClients { alice.close() }
        #expect(fixture.wait { if case .closed = alice.state { true } else { false } })
        // Let the room run on for a while (12 ticks) before the resume.
        let closedAt = try #require(try fixture.onClients { bob.world.tick })
        #expect(fixture.wait { (bob.world.tick ?? closedAt) &- closedAt >= 12 })
        let again = try fixture.connect("alice", resumeToken: first.resumeToken)
        #expect(fixture.wait { again.snapshotsReceived > 2 })
        let second = try #require(try fixture.onClients { again.welcome })
        #expect(second.playerID == first.playerID)
        #expect(second.entityID == first.entityID)
        #expect(second.resumeToken == first.resumeToken)
        // The roster comes again, and bob never saw alice leave.
        #expect(try fixture.onClients { again.eventsReceived.contains(.joined(player: second.playerID, name: "alice")) })
        #expect(try fixture.onClients { !bob.eventsReceived.contains(.left(player: first.playerID)) })
        #expect(try fixture.onClients { again.hashMismatches + again.errors.count } == 0)
    }

    /// Within the grace a disconnected player stands still: the game keeps a player's last
    /// input, so without a stop it would walk on (and fire) until the grace ran out.
    @Test func aDisconnectedPlayerStandsStillWhileItWaitsForAResume() throws {
        let fixture = try Fixture {
            $0.settings["drones"] = 0
            $0.settings["spawnSpread"] = 40
        }
        defer { fixture.stop() }
        let alice = try fixture.connect("alice")
        let bob = try fixture.connect("bob")
        #expect(fixture.wait { alice.snapshotsReceived > 2 && bob.snapshotsReceived > 2 })
        let entity = try #require(try fixture.onClients { alice.entityID })
        let x = { try fixture.onClients { bob.world.value(of: entity, field: ArenaTables.PlayerField.x) } }
        // Alice walks right for half a second, still sending as she disconnects.
        for _ in 0..<30 {
            try fixture.onClients { _ = alice.sendInput(moveX: 1) }
            usleep(16_000)
        }
        try fixture.onClients {
            _ = alice.sendInput(moveX: 1)
            alice.close()
        }
        // The close handshake done, the server has read all of alice's inputs. Counted in bob's
        // ticks: 18 for them to be applied and the held repeats to run out, then 30 more in
        // which she must not move.
        #expect(fixture.wait { if case .closed = alice.state { true } else { false } })
        let closedAt = try #require(try fixture.onClients { bob.world.tick })
        #expect(fixture.wait { (bob.world.tick ?? closedAt) &- closedAt >= 18 })
        let (stopped, stoppedAt) = try fixture.onClients { (bob.world.value(of: entity, field: ArenaTables.PlayerField.x), bob.world.tick ?? 0) }
        #expect(stopped != nil)
        #expect(fixture.wait { (bob.world.tick ?? stoppedAt) &- stoppedAt >= 30 })
        #expect(try x() == stopped, "alice walked on while disconnected")
        #expect(try fixture.onClients { !bob.eventsReceived.contains(.left(player: alice.welcome!.playerID)) })
    }

    @Test func afterTheGraceTheTokenNoLongerResumesAndOthersSeeTheLeave() throws {
        let fixture = try Fixture { $0.resumeGraceSeconds = 0.3 }
        defer { fixture.stop() }
        let alice = try fixture.connect("alice")
        let bob = try fixture.connect("bob")
        #expect(fixture.wait { alice.snapshotsReceived > 2 && bob.snapshotsReceived > 2 })
        let first = try #require(try fixture.onClients { alice.welcome })
        try fixture.onClients { alice.close() }
        #expect(fixture.wait { bob.eventsReceived.contains(.left(player: first.playerID)) })
        let again = try fixture.connect("alice", resumeToken: first.resumeToken)
        #expect(fixture.wait { again.snapshotsReceived > 0 })
        let second = try #require(try fixture.onClients { again.welcome })
        // A fresh join: entity ids are never reused, and the old token is not honoured.
        #expect(second.entityID != first.entityID)
        #expect(second.resumeToken != first.resumeToken)
    }

    @Test func shutdownClosesEveryPlayerWith1001() throws {
        let fixture = try Fixture()
        let clients = try (0..<3).map { try fixture.connect("p\($0)") }
        #expect(fixture.wait { clients.allSatisfy { $0.snapshotsReceived > 0 } })
        fixture.server.shutdown()
        fixture.serverThread.join()
        #expect(fixture.wait { clients.allSatisfy { if case .closed = $0.state { true } else { false } } })
        for client in clients {
            let state = try fixture.onClients { client.state }
            guard case .closed(let code, _) = state else { continue }
            #expect(code == 1001)
        }
        fixture.clientLoop.stop()
        fixture.clientThread.join()
    }

    @Test func aFloodingPlayerIsThrottledThenKickedWhileOthersPlayOn() throws {
        let fixture = try Fixture { $0.maxMessagesPerSecond = 100 }
        defer { fixture.stop() }
        let honest = try fixture.connect("honest")
        let flooder = try fixture.connect("flooder")
        #expect(fixture.wait { honest.snapshotsReceived > 0 && flooder.snapshotsReceived > 0 })
        // 20 inputs every 10 ms = 2,000/s against a limit of 100/s, for up to 6 s.
        let started = Monotonic.now()
        while Monotonic.now() - started < 6_000_000_000 {
            let closed = try fixture.onClients { () -> Bool in
                for _ in 0..<20 { flooder.sendInput(moveX: 1) }
                if case .closed = flooder.state { return true }
                return false
            }
            if closed { break }
            usleep(10_000)
        }
        let state = try fixture.onClients { flooder.state }
        guard case .closed(let code, _) = state else {
            Issue.record("the flooding player was not disconnected; flood drops \(fixture.server.metrics.inputsDroppedFlood.current), kicks \(fixture.server.metrics.kicksFlood.current), state \(state)")
            return
        }
        #expect(code == GameCloseCode.inputFlood.rawValue)
        #expect(fixture.server.metrics.inputsDroppedFlood.current > 1000)
        let before = try fixture.onClients { honest.snapshotsReceived }
        #expect(fixture.wait { honest.snapshotsReceived > before + 10 })
        #expect(try fixture.onClients { honest.state } == .playing)
    }

    @Test(arguments: [30, 60, 120])
    func aRoomRunsExactlyElapsedTimesTickRateTicks(rate: Int) throws {
        let fixture = try Fixture { $0.tickRate = rate }
        defer { fixture.stop() }
        let client = try fixture.connect("clock")
        #expect(fixture.wait { client.snapshotsReceived > 0 })
        let ticks = fixture.server.metrics.ticks
        let skipped = fixture.server.metrics.skippedTicks
        func due() -> Double { Double(ticks.current) + Double(skipped.current) }
        // Each reading is bracketed by two clock readings, so a test thread descheduled
        // between them widens the window instead of skewing it.
        func reading() -> (before: UInt64, count: Double, after: UInt64) {
            let before = Monotonic.now()
            let count = due()
            return (before, count, Monotonic.now())
        }
        let start = reading()
        // Until two seconds' worth of ticks were run or skipped (not a fixed sleep).
        #expect(fixture.wait { due() >= start.count + 2 * Double(rate) })
        let end = reading()
        let ran = end.count - start.count
        let shortest = Double(end.before - start.after) / 1e9
        let longest = Double(end.after - start.before) / 1e9
        // ±1 for a reading landing either side of a tick, plus a little for a late wake-up of
        // the tick thread at either end (its lateness is caught up or counted as skipped).
        let slack = max(2, 0.03 * 2 * Double(rate))
        #expect(ran >= shortest * Double(rate) - slack && ran <= longest * Double(rate) + slack,
                "\(ran) ticks in \(shortest)–\(longest) s at \(rate) Hz")
    }

    @Test func gameJSONNamesTheGameForThePage() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let body = MetricsScrape.httpGet(host: "127.0.0.1", port: fixture.server.port, path: "/game.json")
        #expect(body == #"{"id":"arena","name":"Arena","version":3}"# + "\n")
    }

    @Test func healthzAndMetricsAnswer() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let client = try fixture.connect("metrics")
        #expect(fixture.wait { client.snapshotsReceived > 3 })
        let metrics = try #require(MetricsScrape.httpGet(host: "127.0.0.1", port: fixture.server.port, path: "/metrics"))
        for name in ["game_players 1", "game_rooms 1", "game_ticks_total", "game_tick_duration_seconds_bucket", "game_tick_lateness_seconds_bucket", "game_tick_lateness_recent_seconds{quantile=\"0.99\"}", "game_kicks_total{reason=\"too_slow\"}", "game_replay_viewers 0", "game_recordings_abandoned_total 0"] {
            #expect(metrics.contains(name), "missing \(name)")
        }
        #expect(MetricsScrape.httpGet(host: "127.0.0.1", port: fixture.server.port, path: "/healthz") == "ok\n")
    }
}

/// The ticks of the snapshots a client received, in order.
final class TickLog: @unchecked Sendable {  // touched on the client loop only
    var ticks: [UInt32] = []
}

/// Records open and close of a raw connection.
final class CloseRecorder: WebSocketDelegate, @unchecked Sendable {  // touched on the client loop only
    var opened = false
    var connection: WebSocketConnection?
    var closed: (code: UInt16, reason: String)?
    func webSocketDidOpen(_ connection: WebSocketConnection) {
        opened = true
        self.connection = connection
    }
    func webSocketDidClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        closed = (code.rawValue, reason)
    }
}
