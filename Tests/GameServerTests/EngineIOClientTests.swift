import Testing
import Glibc
import EngineIO
import Platform
import Wire
import Arena
import Auth
import BotKit
@testable import GameServer

/// The bots' Engine.IO polling client against a real server: the same `GameClient` plays over
/// long-polling exactly as over a WebSocket (views, hashes, inputs acknowledged, chat and a
/// WebSocket player seeing it move), hears the game's close codes, and is refused as a
/// WebSocket would be.
@Suite(.serialized)
struct EngineIOClientTests {
    typealias Fixture = GameServerIntegrationTests.Fixture

    @Test func aPollingPlayerPlaysBesideAWebSocketPlayer() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let polling = try fixture.connect("poller", transport: .polling)
        let socket = try fixture.connect("socket")
        #expect(fixture.wait { polling.snapshotsReceived > 10 && socket.snapshotsReceived > 10 })
        let (pollingEntity, startX) = try fixture.onClients { (polling.entityID, polling.ownValue(field: ArenaTables.PlayerField.x)) }
        #expect(pollingEntity != nil)
        for _ in 0..<60 {
            try fixture.onClients { _ = polling.sendInput(moveX: 1) }
            usleep(16_000)
        }
        #expect(fixture.wait { (polling.ownValue(field: ArenaTables.PlayerField.x) ?? 0) > (startX ?? 0) + 100 })
        #expect(fixture.wait { polling.world.lastInputSequence >= 50 }, "inputs are acknowledged over polling")
        #expect(fixture.wait { socket.eventsReceived.contains { if case .joined(_, "poller") = $0 { true } else { false } } })
        try fixture.onClients { polling.sendChat("over polling") }
        #expect(fixture.wait { socket.eventsReceived.contains { if case .chat(_, "over polling") = $0 { true } else { false } } })
        #expect(fixture.wait { polling.world.hashesChecked > 3 })
        let (mismatches, errors, carrier) = try fixture.onClients { (polling.hashMismatches + socket.hashMismatches, polling.errors + socket.errors, polling.transport) }
        #expect(mismatches == 0)
        #expect(errors.isEmpty)
        #expect(carrier == .polling)

        try fixture.onClients { polling.close() }
        #expect(fixture.wait { polling.state == .closed(code: 1000, reason: "bye") }, "\(String(describing: try? fixture.onClients { polling.state }))")
        #expect(fixture.wait { (try? fixture.server.loop.submitAndWait { fixture.server.engineIO?.sessionCount }) == 0 })
        #expect(try fixture.onClients { socket.state } == .playing)
    }

    @Test func theGamesCloseCodeReachesAPollingClient() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let client = try fixture.connect("garbage", transport: .polling)
        #expect(fixture.wait { client.snapshotsReceived > 0 })
        try fixture.onClients { client.sendRaw([0xEE, 0x01, 0x02, 0x03]) }
        let expected = Misbehavior.garbage.expectedCloseCode
        #expect(fixture.wait {
            if case .closed(expected, _) = client.state { true } else { false }
        }, "closed with \(expected): \(String(describing: try? fixture.onClients { client.state }))")
    }

    @Test func aStalledPollingClientIsDroppedWhileOthersPlay() throws {
        let fixture = try Fixture { $0.engineIO?.limits.pingInterval = 300_000_000; $0.engineIO?.limits.pingTimeout = 300_000_000 }
        defer { fixture.stop() }
        let stalled = try fixture.connect("stalled", transport: .polling)
        let socket = try fixture.connect("socket")
        #expect(fixture.wait { stalled.snapshotsReceived > 0 && socket.snapshotsReceived > 0 })
        try fixture.onClients { stalled.isReadingSuspended = true }
        #expect(fixture.wait { (try? fixture.server.loop.submitAndWait { fixture.server.engineIO?.sessionCount }) == 0 })
        let before = try fixture.onClients { socket.snapshotsReceived }
        #expect(fixture.wait { socket.snapshotsReceived > before + 10 })
        // Reading again, it learns the session is gone.
        try fixture.onClients { stalled.isReadingSuspended = false }
        #expect(fixture.wait { if case .closed = stalled.state { true } else { false } })
    }

    @Test func aRefusedHandshakeSaysWhy() throws {
        let secret = Array("a secret of more than thirty-two bytes, for tests".utf8)
        let fixture = try Fixture { $0.joinTokens = JoinTokenVerifier(secret: secret) }
        defer { fixture.stop() }
        let refused = try fixture.connect("anonymous", transport: .polling)
        #expect(fixture.wait { if case .closed = refused.state { true } else { false } })
        let state = try fixture.onClients { refused.state }
        guard case .closed(let code, let reason) = state else { Issue.record("not closed: \(state)"); return }
        #expect(code == 1006)
        #expect(reason.contains("HTTP 401"), "\(reason)")
        let now = Int64(time(nil))
        let token = JoinTokenMinter.mint(claims: JoinClaims(name: "Grace", subject: "user-7", expires: now + 600), secret: secret)
        let admitted = try fixture.connect("grace", headers: [("Authorization", "Bearer \(token)")], transport: .polling)
        #expect(fixture.wait { admitted.snapshotsReceived > 0 })
    }
}
