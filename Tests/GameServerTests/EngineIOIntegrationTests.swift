import Testing
import Glibc
@testable import EngineIO
import NetworkTestSupport
import WebSocket
import Platform
import Wire
import Simulation
import Arena
import BotKit
@testable import GameServer

/// Engine.IO at /engine.io/ against a real server, spoken byte by byte over raw HTTP: a
/// polling player plays, every refusal the protocol names, the ping time-out, and a client
/// that never polls, while a WebSocket player plays on.
@Suite(.serialized)
struct EngineIOIntegrationTests {
    typealias Fixture = GameServerIntegrationTests.Fixture

    /// One HTTP request on its own connection; the body as bytes.
    static func request(_ port: Int, _ method: String, _ target: String, body: [UInt8] = [], headers: String = "",
                        timeout: Double = 5) throws -> (status: Int, head: String, body: String) {
        let client = try RawClient(port: port, timeout: timeout)
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\(headers)"
        if method == "POST" { head += "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: \(body.count)\r\n" }
        try client.send(Array((head + "\r\n").utf8) + body)
        return try client.readResponse()
    }

    static func base(_ sid: String? = nil) -> String {
        "/engine.io/?EIO=4&transport=polling" + (sid.map { "&sid=\($0)" } ?? "")
    }

    /// Opens a session; returns its sid.
    static func open(_ port: Int) throws -> String {
        let answer = try request(port, "GET", base() + "&t=1")
        #expect(answer.status == 200)
        #expect(answer.head.lowercased().contains("cache-control: no-store"))
        let packets = try #require(try? EngineIOPayload.decode(Array(answer.body.utf8)).get())
        guard case .open(let json) = packets.first else { Issue.record("no open packet: \(answer.body)"); return "" }
        #expect(json.contains("\"upgrades\":[\"websocket\"]"))
        return String(json.split(separator: "\"")[3])
    }

    static func post(_ port: Int, _ sid: String, _ packets: [EngineIOPacket]) throws -> (status: Int, head: String, body: String) {
        var body: [UInt8] = []
        EngineIOPayload.encode(packets, into: &body)
        return try request(port, "POST", base(sid), body: body)
    }

    /// Polls until `seconds` pass or `enough` says stop; returns every packet received.
    static func pollPackets(_ port: Int, _ sid: String, seconds: Double, until enough: ([EngineIOPacket]) -> Bool) throws -> [EngineIOPacket] {
        var all: [EngineIOPacket] = []
        let deadline = Monotonic.now() + UInt64(seconds * 1e9)
        while Monotonic.now() < deadline && !enough(all) {
            let answer = try request(port, "GET", base(sid))
            guard answer.status == 200 else { break }
            let packets = try EngineIOPayload.decode(Array(answer.body.utf8)).get()
            all += packets
            if packets.contains(where: { if case .ping = $0 { true } else { false } }) {
                _ = try post(port, sid, [.pong("")])
            }
            if packets.contains(.close) { break }
        }
        return all
    }

    static func binaries(_ packets: [EngineIOPacket]) -> [[UInt8]] {
        packets.compactMap { if case .binary(let bytes) = $0 { bytes } else { nil } }
    }

    @Test func aPollingPlayerIsWelcomedAndReceivesSnapshotsWithTheSameMessagesAsPlay() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let port = fixture.server.port
        let sid = try Self.open(port)
        let posted = try Self.post(port, sid, [.binary(HelloMessage(name: "poller").encoded())])
        #expect(posted.status == 200 && posted.body == "ok")
        let packets = try Self.pollPackets(port, sid, seconds: 5) { Self.binaries($0).count >= 5 }
        let messages = Self.binaries(packets)
        let welcome = try #require(messages.first)
        #expect(welcome.first == MessageType.welcome.rawValue)
        // The same decoder as a /play client's: the welcome, then snapshots whose view hashes hold.
        var world = ViewReconstructor()
        try world.apply(welcome: welcome)
        var snapshots = 0
        for message in messages.dropFirst() where message.first == MessageType.snapshot.rawValue {
            _ = try world.apply(snapshot: message)
            snapshots += 1
        }
        #expect(snapshots >= 3)
        #expect(world.hashMismatches == 0)
    }

    @Test func everyRefusalTheProtocolNames() throws {
        let fixture = try Fixture { $0.engineIO?.limits.maxPayload = 1000 }
        defer { fixture.stop() }
        let port = fixture.server.port
        let badVersion = try Self.request(port, "GET", "/engine.io/?EIO=3&transport=polling")
        #expect(badVersion.status == 400 && badVersion.body.contains("\"code\":5"))
        let badTransport = try Self.request(port, "GET", "/engine.io/?EIO=4&transport=flash")
        #expect(badTransport.status == 400 && badTransport.body.contains("\"code\":0"))
        let unknown = try Self.request(port, "GET", Self.base("AAAAAAAAAAAAAAAAAAAA"))
        #expect(unknown.status == 400 && unknown.body.contains("\"code\":1"))
        let postHandshake = try Self.request(port, "POST", Self.base(), body: Array("4x".utf8))
        #expect(postHandshake.status == 400 && postHandshake.body.contains("\"code\":2"))
        let foreign = try Self.request(port, "GET", Self.base(), headers: "Origin: http://evil.example\r\n")
        #expect(foreign.status == 403)

        let big = try Self.open(port)
        let tooLarge = try Self.request(port, "POST", Self.base(big), body: Array(repeating: UInt8(ascii: "4"), count: 1001))
        #expect(tooLarge.status == 413)
        let afterLarge = try Self.request(port, "GET", Self.base(big))
        #expect(afterLarge.status == 400 && afterLarge.body.contains("\"code\":1"))

        // A second concurrent GET: 400, and the session is over (the held GET gets the close).
        let sid = try Self.open(port)
        let held = try RawClient(port: port, timeout: 5)
        try held.send(Array("GET \(Self.base(sid)) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
        usleep(200_000)
        let second = try Self.request(port, "GET", Self.base(sid))
        #expect(second.status == 400 && second.body.contains("\"code\":3"))
        let heldAnswer = try held.readResponse()
        #expect(heldAnswer.status == 200 && heldAnswer.body == "1")
        let gone = try Self.request(port, "GET", Self.base(sid))
        #expect(gone.status == 400 && gone.body.contains("\"code\":1"))

        let malformed = try Self.open(port)
        let bad = try Self.request(port, "POST", Self.base(malformed), body: Array("9zz".utf8))
        #expect(bad.status == 400)
    }

    @Test func aSilentClientIsDroppedWithinPingIntervalPlusPingTimeout() throws {
        let fixture = try Fixture {
            $0.engineIO?.limits.pingInterval = 300_000_000
            $0.engineIO?.limits.pingTimeout = 300_000_000
        }
        defer { fixture.stop() }
        let port = fixture.server.port
        let sid = try Self.open(port)
        // Its first long-poll is answered with the ping at the latest, then it goes quiet.
        let ping = try Self.request(port, "GET", Self.base(sid))
        #expect(ping.status == 200 && ping.body == "2")
        usleep(900_000)
        let gone = try Self.request(port, "GET", Self.base(sid))
        #expect(gone.status == 400 && gone.body.contains("\"code\":1"))
        #expect(try fixture.server.loop.submitAndWait { fixture.server.engineIO?.sessionCount } == 0)
    }

    @Test func aClientWhoseHeldPollIsCutOffLeavesAtOnce() throws {
        // Pings every 25 s: only the cut can end it soon. No resume grace: a cut player leaves.
        // A snapshot a second, so the held GET stays held (not answered by the next snapshot)
        // while the test cuts it.
        let fixture = try Fixture {
            $0.resumeGraceSeconds = 0
            $0.snapshotInterval = 60
        }
        defer { fixture.stop() }
        let port = fixture.server.port
        let watcher = try fixture.connect("watcher")
        let sid = try Self.open(port)
        _ = try Self.post(port, sid, [.binary(HelloMessage(name: "tab").encoded())])
        #expect(fixture.wait { watcher.eventsReceived.contains { if case .joined(_, "tab") = $0 { true } else { false } } })
        // Take what waits (the welcome, ...), then park a GET and close its connection unanswered.
        #expect(try Self.request(port, "GET", Self.base(sid)).status == 200)
        do {
            let held = try RawClient(port: port)
            try held.send(Array("GET \(Self.base(sid)) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
            #expect(fixture.wait(seconds: 2) { (try? fixture.server.loop.submitAndWait {
                fixture.server.engineIO?.session(sid)?.session.isPollParked }) == true })
        }  // the RawClient closes here: a tab closed mid-poll
        #expect(fixture.wait(seconds: 2) { (try? fixture.server.loop.submitAndWait { fixture.server.engineIO?.sessionCount }) == 0 })
        // The other player sees it leave now, not after the ping's 45 s (or the grace, as on /play).
        #expect(fixture.wait(seconds: 3) {
            let id = watcher.eventsReceived.lazy.compactMap { if case .joined(let player, "tab") = $0 { player } else { nil } }.first
            return watcher.eventsReceived.contains { if case .left(id) = $0 { true } else { false } }
        })
    }

    @Test func aClientThatNeverPollsIsDroppedAndOthersPlayOn() throws {
        let fixture = try Fixture {
            $0.stallSeconds = 1
            $0.engineIO?.limits.pingInterval = 1_000_000_000
            $0.engineIO?.limits.pingTimeout = 1_000_000_000
        }
        defer { fixture.stop() }
        let port = fixture.server.port
        let honest = try fixture.connect("honest")
        let sid = try Self.open(port)
        _ = try Self.post(port, sid, [.binary(HelloMessage(name: "sleeper").encoded())])
        // It never polls again. Its queue holds one flush at most (the room feeds only a
        // drained connection), the room kicks it as stalled, and with no GET to take the
        // close the session ends at the ping time-out.
        #expect(fixture.wait(seconds: 2) { (try? fixture.server.loop.submitAndWait {
            (fixture.server.engineIO?.session(sid)?.queuedByteCount ?? 0) > 0 }) == true })
        let queued = try fixture.server.loop.submitAndWait { fixture.server.engineIO?.session(sid)?.queuedByteCount ?? 0 }
        #expect(queued < 64 << 10)
        #expect(fixture.wait(seconds: 10) { (try? fixture.server.loop.submitAndWait { fixture.server.engineIO?.sessionCount }) == 0 })
        #expect(fixture.wait(seconds: 5) { honest.snapshotsReceived > 60 })
        #expect(try fixture.clientLoop.submitAndWait { honest.hashMismatches } == 0)
        #expect(try fixture.clientLoop.submitAndWait { honest.state } == .playing)
    }

    /// The next frame that is not the server's own keep-alive ping.
    static func nextFrame(_ socket: RawClient) throws -> RawClient.Frame {
        while true {
            let frame = try #require(try socket.readFrame())
            if frame.opcode != 0x9 { return frame }
        }
    }

    @Test func theUpgradeProbesReleasesTheHeldGetAndThenCarriesTheGame() throws {
        let fixture = try Fixture()
        defer { fixture.stop() }
        let port = fixture.server.port
        let sid = try Self.open(port)
        let held = try RawClient(port: port, timeout: 5)
        try held.send(Array("GET \(Self.base(sid)) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
        usleep(100_000)
        let socket = try RawClient(port: port, timeout: 5)
        let upgrade = try socket.upgrade(path: "/engine.io/?EIO=4&transport=websocket&sid=\(sid)")
        #expect(upgrade.status == 101)
        try socket.sendFrame(opcode: 0x1, payload: Array("2probe".utf8))
        let probe = try Self.nextFrame(socket)
        #expect(probe.opcode == 0x1 && probe.payload == Array("3probe".utf8))
        // The held GET is released with a noop so the client can send the upgrade packet.
        let released = try held.readResponse()
        #expect(released.status == 200 && released.body == "6")
        try socket.sendFrame(opcode: 0x1, payload: Array("5".utf8))
        try socket.sendFrame(opcode: 0x2, payload: HelloMessage(name: "upgraded").encoded())
        let welcome = try Self.nextFrame(socket)
        #expect(welcome.opcode == 0x2 && welcome.payload.first == MessageType.welcome.rawValue)
        var world = ViewReconstructor()
        try world.apply(welcome: welcome.payload)
        var snapshots = 0
        while snapshots < 3 {
            let frame = try Self.nextFrame(socket)
            if frame.opcode == 0x2 && frame.payload.first == MessageType.snapshot.rawValue {
                _ = try world.apply(snapshot: frame.payload)
                snapshots += 1
            }
        }
        #expect(world.hashMismatches == 0)
        // Polling is over for this session.
        let late = try Self.request(port, "GET", Self.base(sid))
        #expect(late.status == 400 && late.body.contains("\"code\":3"))
        // A close from the server arrives as the text message with the code, then "1".
        try socket.sendFrame(opcode: 0x1, payload: Array("4not a game message".utf8))
        var texts: [String] = []
        while let frame = try socket.readFrame(), frame.opcode != 0x8 {
            if frame.opcode == 0x1 { texts.append(String(decoding: frame.payload, as: UTF8.self)) }
        }
        #expect(texts.contains { $0.hasPrefix("4{\"close\":1003,") })
        #expect(texts.last == "1")
    }
}
