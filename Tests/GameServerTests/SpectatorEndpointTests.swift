import Testing
import Glibc
import WebSocket
import Platform
import Wire
import Simulation
import Arena
import BotKit
import NetworkTestSupport
@testable import GameServer

/// The spectator endpoint over loopback: players from BotKit, spectators built from
/// client-side code only (`SpectatorClient`), over WebSocket and Engine.IO alike.
@Suite(.serialized) struct SpectatorEndpointTests {
    typealias Fixture = GameServerIntegrationTests.Fixture

    static func spectate(_ fixture: Fixture, room: Int? = 1, transport: ClientTransport = .webSocket) throws -> SpectatorClient {
        let spectator = SpectatorClient(room: room)
        let port = fixture.server.port
        try fixture.clientLoop.submitAndWait {
            try spectator.connect(loop: fixture.clientLoop, host: "127.0.0.1", port: port, transport: transport)
        }
        return spectator
    }

    static func closeOf(_ spectator: SpectatorClient, _ fixture: Fixture) throws -> (code: UInt16, reason: String)? {
        _ = fixture.wait { if case .closed = spectator.state { true } else { false } }
        return try fixture.onClients {
            if case .closed(let code, let reason) = spectator.state { (code, reason) } else { nil }
        }
    }

    @Test(arguments: ClientTransport.allCases)
    func aSpectatorWatchesExactViewsAndIsNotAPlayer(transport: ClientTransport) throws {
        let fixture = try Fixture { $0.settings["drones"] = 4 }
        defer { fixture.stop() }
        let alice = try fixture.connect("alice")
        #expect(fixture.wait { alice.snapshotsReceived > 0 })
        let spectator = try Self.spectate(fixture, transport: transport)
        #expect(fixture.wait { spectator.hashesChecked >= 2 && spectator.snapshotsReceived > 20 })
        try fixture.onClients {
            #expect(spectator.errors.isEmpty, "\(spectator.errors)")
            #expect(spectator.hashMismatches == 0)
            // It follows the only player, and its welcome is the replay viewer's.
            #expect(spectator.welcome?.playerID == alice.welcome?.playerID)
            #expect(spectator.welcome?.entityID == alice.welcome?.entityID)
            #expect(spectator.welcome?.game == Arena.descriptor && spectator.welcome?.snapshotInterval == 2)
            #expect(spectator.players == [alice.welcome!.playerID])
        }
        // Not a player: no seat, not in the players gauge, not in what an orchestrator is told.
        #expect(fixture.server.metrics.players.current == 1)
        let status = try fixture.server.loop.submitAndWait { fixture.server.status() }
        #expect(status.players == 1 && status.playerIDs.count == 1)
        #expect(fixture.server.stand.spectatorCount.load(ordering: .relaxed) == 1)
        let metrics = fixture.server.metrics.registry.render()
        #expect(metrics.contains("game_spectators 1"))
        #expect(metrics.contains("game_spectator_bytes_total ") && !metrics.contains("game_spectator_bytes_total 0\n"))
        try fixture.onClients { spectator.close() }
        #expect(fixture.wait { fixture.server.stand.spectatorCount.load(ordering: .relaxed) == 0 })
    }

    @Test func followAndFreeCameraKeepTheViewExact() throws {
        let fixture = try Fixture { $0.settings["drones"] = 4 }
        defer { fixture.stop() }
        let alice = try fixture.connect("alice")
        let bob = try fixture.connect("bob")
        #expect(fixture.wait { alice.snapshotsReceived > 0 && bob.snapshotsReceived > 0 })
        let spectator = try Self.spectate(fixture)
        #expect(fixture.wait { spectator.snapshotsReceived > 5 })
        let bobID = try fixture.onClients { bob.welcome!.playerID }
        try fixture.onClients { spectator.follow(bobID) }
        #expect(fixture.wait { spectator.welcome?.playerID == bobID })
        try fixture.onClients { spectator.camera(x: 100, y: -100) }
        #expect(fixture.wait { spectator.welcome?.playerID == 0 })
        let before = try fixture.onClients { spectator.hashesChecked }
        #expect(fixture.wait { spectator.hashesChecked > before + 1 })
        try fixture.onClients {
            #expect(spectator.errors.isEmpty, "\(spectator.errors)")
            #expect(spectator.hashMismatches == 0)
        }
    }

    @Test func refusalsHaveTheirCodesAndTheCapIsTheSpectatorsOwn() throws {
        let fixture = try Fixture {
            $0.spectators.maxSpectators = 1
            $0.roomCapacity = 1
        }
        defer { fixture.stop() }
        let noRoomYet = try Self.closeOf(Self.spectate(fixture, room: nil), fixture)
        #expect(noRoomYet?.code == 4008 && noRoomYet?.reason == "replay unavailable: no room is running")
        let alice = try fixture.connect("alice")
        #expect(fixture.wait { alice.snapshotsReceived > 0 })
        let missing = try Self.closeOf(Self.spectate(fixture, room: 99), fixture)
        #expect(missing?.code == 4008 && missing?.reason == "replay unavailable: no room 99 is running")
        let first = try Self.spectate(fixture, room: nil)
        #expect(fixture.wait { first.snapshotsReceived > 0 })
        // The room is full of players, yet spectating is not; the spectators' cap is.
        let second = try Self.closeOf(Self.spectate(fixture), fixture)
        #expect(second?.code == 4004 && second?.reason == "server full: already 1 spectators, the most at once")
        // A player's message is not a spectator's: 4001; the place is then free again.
        try fixture.onClients { first.sendRaw(HelloMessage(name: "x").encoded()) }
        #expect(try Self.closeOf(first, fixture)?.code == 4001)
        let third = try Self.spectate(fixture)
        #expect(fixture.wait { third.snapshotsReceived > 0 }, "the place of a closed spectator is free again")
        try fixture.onClients { third.sendRaw([0x05, 0x07]) }
        #expect(try Self.closeOf(third, fixture)?.code == 4001)
        #expect(fixture.server.metrics.kicksMalformed.current == 2)
        #expect(fixture.server.metrics.players.current == 1)
    }

    @Test func textAndBadRoomNamesAreRefused() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let alice = try fixture.connect("alice")
        #expect(fixture.wait { alice.snapshotsReceived > 0 })
        let viewer = ReplayTestViewer()
        try fixture.clientLoop.submitAndWait {
            _ = try WebSocketClient.connect(loop: fixture.clientLoop, host: "127.0.0.1", port: fixture.server.port,
                                            path: "/spectate?room=abc", delegate: viewer)
        }
        #expect(fixture.wait { viewer.closed != nil })
        #expect(try fixture.onClients { viewer.closed?.code } == 4008)
        let talker = ReplayTestViewer()
        try fixture.clientLoop.submitAndWait {
            _ = try WebSocketClient.connect(loop: fixture.clientLoop, host: "127.0.0.1", port: fixture.server.port,
                                            path: "/spectate", delegate: talker)
        }
        #expect(fixture.wait { talker.welcome != nil })
        try fixture.onClients { _ = talker.connection?.send(text: "hello?") }
        #expect(fixture.wait { talker.closed != nil })
        #expect(try fixture.onClients { talker.closed?.code } == 1003)
    }

    @Test func spectatingTurnedOffAnswers404() throws {
        let fixture = try Fixture { $0.spectators.maxSpectators = 0 }
        defer { fixture.stop() }
        let client = try RawClient(port: fixture.server.port)
        let response = try client.upgrade(path: "/spectate?room=1")
        #expect(response.status == 404)
    }
}
