import Testing
import Glibc
@testable import EngineIO
import Platform
import BotKit
@testable import GameServer

/// The server on IPv6 loopback: players join over WebSocket and long-polling, their views
/// verify, and the server knows them by their IPv6 address (limits, logs).
@Suite(.serialized, .enabled(if: IPv6Loopback.available, "this machine has no ::1"))
struct IPv6Tests {
    typealias Fixture = GameServerIntegrationTests.Fixture

    @Test func playersJoinOverBothTransportsOnIPv6Loopback() throws {
        let fixture = try Fixture { $0.host = "::1" }
        defer { fixture.stop() }
        let socket = try fixture.connect("six")
        let polling = try fixture.connect("six-polling", transport: .polling)
        #expect(fixture.wait { socket.world.hashesChecked > 0 && polling.world.hashesChecked > 0 })
        let (mismatches, errors) = try fixture.onClients { (socket.hashMismatches + polling.hashMismatches, socket.errors + polling.errors) }
        #expect(mismatches == 0 && errors.isEmpty)
        #expect(try fixture.onClients { polling.connection?.peer }?.hasPrefix("[::1]:") == true)
        // The server knows the polling player by its IPv6 address.
        let sid = try #require(try fixture.onClients { (polling.connection as? EngineIOClient)?.handshake?.sid })
        let client = try fixture.server.loop.submitAndWait { fixture.server.engineIO?.session(sid)?.clientDescription }
        #expect(client?.hasPrefix("[::1]:") == true, "\(client ?? "no session")")
    }

    @Test func addressesOfBothFamiliesReadBackFromTheSocket() throws {
        let listener = try Socket.listen(host: "[::1]", port: 0)
        defer { Socket.close(listener) }
        let port = Socket.localPort(listener)
        #expect(port > 0)
        let client = try Socket.connect(host: "::1", port: port)
        defer { Socket.close(client) }
        var accepted: (fd: Int32, address: IPAddress, port: UInt16)?
        for _ in 0..<200 where accepted == nil {
            accepted = try Socket.accept(listener)
            if accepted == nil { usleep(5_000) }
        }
        let peer = try #require(accepted)
        defer { Socket.close(peer.fd) }
        #expect(peer.address == IPAddress("::1"))
        #expect(!peer.address.isIPv4 && peer.address.isLoopback)
        #expect(Socket.authority(host: "::1", port: 80) == "[::1]:80")
        #expect(Socket.authority(host: "127.0.0.1", port: 80) == "127.0.0.1:80")
        #expect(throws: SystemError.self) { _ = try Socket.listen(host: "not-an-address", port: 0) }
    }
}

enum IPv6Loopback {
    static let available: Bool = {
        guard let fd = try? Socket.listen(host: "::1", port: 0) else { return false }
        Socket.close(fd)
        return true
    }()
}
