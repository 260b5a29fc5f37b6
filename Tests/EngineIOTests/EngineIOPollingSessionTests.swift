import Testing
@testable import EngineIO

/// The polling session's rules on a manual clock: the open packet first, long-polls held and
/// answered, pings and their time-out, the refusals, and the bound on a client that never polls.
struct EngineIOPollingSessionTests {
    static let ms: UInt64 = 1_000_000
    static let handshake = EngineIOHandshake(sid: "AbCdEfGhIjKlMnOpQr_-", upgrades: ["websocket"], pingInterval: 25000,
                                             pingTimeout: 20000, maxPayload: 1_000_000)

    static func session(_ configure: (inout EngineIOPollingSession.Limits) -> Void = { _ in }) -> EngineIOPollingSession {
        var limits = EngineIOPollingSession.Limits()
        limits.pingInterval = 100 * ms
        limits.pingTimeout = 50 * ms
        configure(&limits)
        return EngineIOPollingSession(handshake: handshake, limits: limits, now: 0)
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func theFirstGetIsTheOpenPacketThenPollsWaitForData() {
        var session = Self.session()
        let first = session.poll()
        #expect(first == .answer(Array(("0" + Self.handshake.json).utf8)))
        let result1 = session.poll()
        #expect(result1 == .park)
        let result2 = session.takeAnswer()
        #expect(result2 == nil)
        session.send(.binary([1, 2, 3]))
        session.send(.binary([4]))
        let result3 = session.takeAnswer()
        #expect(result3.map(Self.text) == "bAQID\u{1e}bBA==")
        #expect(!session.isPollParked)
    }

    @Test func aSecondConcurrentGetIsRefusedAndClosesTheSession() {
        var session = Self.session()
        _ = session.poll()
        let result4 = session.poll()
        #expect(result4 == .park)
        let result5 = session.poll()
        #expect(result5 == .refuse(.badRequest("a second concurrent GET")))
        #expect(session.state == .closed("a second concurrent GET"))
        // The held GET is answered with a close packet.
        let result6 = session.takeAnswer()
        #expect(result6 == [EngineIOPacket.Kind.close.rawValue])
    }

    @Test func aSecondConcurrentPostIsRefusedAndClosesTheSession() {
        var session = Self.session()
        let result7 = session.beginPost()
        #expect(result7 == nil)
        let result8 = session.beginPost()
        #expect(result8 == .badRequest("a second concurrent POST"))
        #expect(session.state == .closed("a second concurrent POST"))
        let result8b = session.beginPost()
        #expect(result8b == .unknownSession)
    }

    @Test func aPostWhileFinishingIsReadAndItsMessagesDropped() {
        var session = Self.session()
        session.finish("game over", with: [.text("bye")], now: 0)
        let begun = session.beginPost()
        #expect(begun == nil)
        let read = session.receivePost(Array("bAQID\u{1e}3".utf8))
        #expect(read == .success([]))
        guard case .finishing = session.state else { Issue.record("\(session.state)"); return }
    }

    @Test func postsCarryMessagesAndPongs() {
        var session = Self.session()
        let result9 = session.beginPost()
        #expect(result9 == nil)
        let result10 = session.receivePost(Array("bAQID\u{1e}4hi".utf8))
        #expect(result10 == .success([.binary([1, 2, 3]), .text("hi")]))
        let result11 = session.beginPost()
        #expect(result11 == nil)
        let refused = session.receivePost(Array("2".utf8))
        guard case .failure = refused else { Issue.record("a client ping on polling was accepted"); return }
        #expect(session.state != .open)
    }

    @Test func anOversizePostIs413AndClosesTheSession() {
        var session = Self.session { $0.maxPayload = 10 }
        _ = session.beginPost()
        let result12 = session.receivePost(Array(repeating: 0x34, count: 11))
        #expect(result12 == .failure(.payloadTooLarge(limit: 10)))
        #expect(session.state != .open)
    }

    @Test func theServerPingsAnsweringAHeldGetAndAMissingPongEndsTheSession() {
        var session = Self.session()
        _ = session.poll()
        let result13 = session.poll()
        #expect(result13 == .park)
        session.tick(now: 99 * Self.ms)
        let result14 = session.takeAnswer()
        #expect(result14 == nil)
        // At the ping interval the held GET goes back with the ping: never held longer.
        session.tick(now: 100 * Self.ms)
        let result15 = session.takeAnswer()
        #expect(result15.map(Self.text) == "2")
        #expect(session.pongDeadline == 150 * Self.ms)
        session.tick(now: 149 * Self.ms)
        #expect(session.state == .open)
        session.tick(now: 150 * Self.ms)
        #expect(session.state == .closed("ping timeout: no pong within 50 ms"))
    }

    @Test func aPongInTimeKeepsTheSessionAndTheNextPingFollows() {
        var session = Self.session()
        _ = session.poll()
        session.tick(now: 100 * Self.ms)
        let ping = session.poll()
        #expect(ping == .answer(Array("2".utf8)))
        _ = session.beginPost()
        let result16 = session.receivePost(Array("3".utf8))
        #expect(result16 == .success([]))
        #expect(session.pongDeadline == nil)
        session.tick(now: 1000 * Self.ms)
        #expect(session.state == .open)
        let result17 = session.poll()
        #expect(result17 == .answer(Array("2".utf8)))
    }

    @Test func aClientThatNeverPollsIsDroppedAsTooSlowWithItsQueueBounded() {
        var session = Self.session { $0.maxQueuedBytes = 10_000 }
        _ = session.poll()
        var sent = 0
        while session.send(.binary(Array(repeating: 7, count: 300))) { sent += 1 }
        #expect(sent > 20 && sent < 40)
        guard case .closed(let reason) = session.state else { Issue.record("still open"); return }
        #expect(reason.hasPrefix("too slow"))
        #expect(session.queuedBytes == 0)
        let result18 = session.send(.binary([1]))
        #expect(!result18)
    }

    @Test func oneAnswerCarriesAtMostMaxPayloadAndTheRestWaits() {
        var session = Self.session { $0.maxPayload = 100 }
        _ = session.poll()
        for _ in 0..<10 { session.send(.binary(Array(repeating: 1, count: 30))) }
        var packets = 0
        while case .answer(let payload) = session.poll() {
            #expect(payload.count <= 100)
            guard case .success(let decoded) = EngineIOPayload.decode(payload) else { Issue.record("undecodable"); return }
            packets += decoded.count
            _ = session.takeAnswer()
        }
        #expect(packets == 10)
    }
}

/// The server's polite end: the game's close message and the close packet go to the next GET.
struct EngineIOPollingFinishTests {
    @Test func finishingQueuesTheCloseForTheNextGetThenCloses() {
        var session = EngineIOPollingSessionTests.session()
        _ = session.poll()
        session.send(.binary([7]))
        session.finish("kicked", with: [.text("{\"close\":4003}")], now: 0)
        let accepted = session.send(.binary([8]))
        #expect(!accepted)
        let answer = session.poll()
        #expect(answer == .answer(Array("bBw==\u{1e}4{\"close\":4003}\u{1e}1".utf8)))
        #expect(session.state == .closed("kicked"))
    }

    @Test func aHeldGetIsAnsweredWithTheClose() {
        var session = EngineIOPollingSessionTests.session()
        _ = session.poll()
        let held = session.poll()
        #expect(held == .park)
        session.finish("shutdown", now: 0)
        let answer = session.takeAnswer()
        #expect(answer == [EngineIOPacket.Kind.close.rawValue])
        #expect(session.state == .closed("shutdown"))
    }

    @Test func aClientThatNeverPollsAgainIsClosedAfterThePingTimeout() {
        var session = EngineIOPollingSessionTests.session()
        _ = session.poll()
        session.finish("kicked", now: 0)
        session.tick(now: 49 * EngineIOPollingSessionTests.ms)
        #expect(session.state == .finishing("kicked"))
        session.tick(now: 50 * EngineIOPollingSessionTests.ms)
        #expect(session.state == .closed("kicked"))
    }

    @Test func theUpgradeTakesTheQueue() {
        var session = EngineIOPollingSessionTests.session()
        _ = session.poll()
        session.send(.binary([1]))
        session.send(.ping(""))
        let queued = session.takeQueued()
        #expect(queued == [.binary([1]), .ping("")])
        #expect(session.queuedBytes == 0)
    }
}
