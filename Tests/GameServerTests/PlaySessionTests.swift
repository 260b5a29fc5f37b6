import Testing
import Wire
import Simulation
import Arena
@testable import GameServer

/// The `/play` rules without a socket: bytes and times in, actions out.
struct PlaySessionTests {
    static let second: UInt64 = 1_000_000_000

    /// A session fed by hand, collecting the inputs it delivers.
    final class Driver {
        var session = PlaySession(maxMessagesPerSecond: 10, helloTimeoutSeconds: 5, inputTable: ArenaInput.table, now: 0)
        var delivered: [(PlayerID, PlayerInput)] = []
        /// What `deliver` answers: how many of the inputs the inbox had to drop.
        var dropping = 0

        func send(_ bytes: [UInt8], at now: UInt64 = 0) -> PlayAction {
            var received: [(PlayerID, PlayerInput)] = []
            let dropping = self.dropping
            let action = bytes.withUnsafeBytes { payload in
                session.receive(binary: payload, now: now) { player, inputs in
                    for input in inputs { received.append((player, input)) }
                    return dropping
                }
            }
            delivered += received
            return action
        }

        func send(_ message: InputMessage, at now: UInt64 = 0) -> PlayAction {
            send(message.encoded(), at: now)
        }

        func send(_ message: some WireMessage, at now: UInt64 = 0) -> PlayAction {
            send(message.encoded(), at: now)
        }

        /// Hello, then seated as `player`.
        func join(as player: PlayerID = 3) {
            #expect(send(HelloMessage(name: "ann")) == .join(name: "ann", resumeToken: nil))
            session.seated(player)
        }
    }

    static func input(_ sequence: UInt32) -> PlayerInput {
        PlayerInput(sequence: sequence, tick: sequence, buttons: 1, aim: 0x4000, moveX: 1, moveY: -1)
    }

    static func closeCode(_ action: PlayAction) -> UInt16? {
        if case .close(let code, _, _) = action { return code }
        return nil
    }

    @Test func aGoodHelloAsksToJoinWithItsNameAndToken() {
        let driver = Driver()
        #expect(driver.send(HelloMessage(name: "zoë", resumeToken: 77)) == .join(name: "zoë", resumeToken: 77))
        #expect(driver.session.phase == .joining)
        driver.session.seated(9)
        #expect(driver.session.player == 9)
    }

    /// A reply to the server's round-trip probe is read while playing; a server-only message
    /// (the probe itself) from a client is malformed.
    @Test func aProbeReplyIsReadAndAProbeFromAClientIsNot() {
        let driver = Driver()
        driver.join()
        #expect(driver.send(ProbeReplyMessage(token: 0xABCD_0123)) == .probeAnswered(token: 0xABCD_0123))
        #expect(Self.closeCode(driver.send(ProbeMessage(token: 1))) == GameCloseCode.malformedMessage.rawValue)
        let truncated = Driver()
        truncated.join()
        #expect(Self.closeCode(truncated.send([MessageType.probeReply.rawValue, 0x01])) == GameCloseCode.malformedMessage.rawValue)
    }

    @Test func anEmptyNameJoinsAsPlayer() {
        let driver = Driver()
        #expect(driver.send(HelloMessage(name: "")) == .join(name: "player", resumeToken: nil))
    }

    @Test func theFirstMessageMustBeAWellFormedHelloOfThisVersion() {
        let notHello = Driver()
        #expect(Self.closeCode(notHello.send(PingMessage(clientTime: 1))) == GameCloseCode.unexpectedHello.rawValue)
        let empty = Driver()
        #expect(Self.closeCode(empty.send([UInt8]())) == GameCloseCode.malformedMessage.rawValue)
        let truncated = Driver()
        let hello = HelloMessage(name: "ann").encoded()
        #expect(Self.closeCode(truncated.send(Array(hello.prefix(2)))) == GameCloseCode.malformedMessage.rawValue)
        let old = Driver()
        let action = old.send(HelloMessage(version: ProtocolVersion.current &+ 1, name: "ann"))
        #expect(Self.closeCode(action) == GameCloseCode.protocolVersionMismatch.rawValue)
        if case .close(_, _, let cause) = action { #expect(cause == .protocolVersion) }
        // Once a kick is decided, nothing more is acted on.
        #expect(old.send(HelloMessage(name: "ann")) == .none)
        #expect(old.session.transportClosed() == nil)
    }

    @Test func theHelloDeadlineKicksOnlyASessionThatNeverSaidHello() {
        let silent = Driver()
        let action = silent.session.helloDeadlinePassed()
        #expect(Self.closeCode(action) == GameCloseCode.helloTimeout.rawValue)
        if case .close(_, let reason, let cause) = action {
            #expect(cause == .helloTimeout)
            #expect(reason == "no hello within 5 s")
        }
        let joined = Driver()
        joined.join()
        #expect(joined.session.helloDeadlinePassed() == .none)
        let refused = Driver()
        _ = refused.send([UInt8(MessageType.ping.rawValue)])
        #expect(refused.session.helloDeadlinePassed() == .none)
    }

    @Test func aFullServerRefusesTheJoin() {
        let driver = Driver()
        _ = driver.send(HelloMessage(name: "ann"))
        let action = driver.session.joinRefused()
        #expect(Self.closeCode(action) == GameCloseCode.serverFull.rawValue)
        #expect(driver.session.transportClosed() == nil)
    }

    @Test func inputsAreDeliveredForTheSeatedPlayerWithTheInboxsDropCount() {
        let driver = Driver()
        driver.join(as: 5)
        let inputs = [Self.input(1), Self.input(2), Self.input(3)]
        #expect(driver.send(InputMessage(table: ArenaInput.table, inputs: inputs)) == .inputs(droppedLate: 0))
        #expect(driver.delivered.map(\.0) == [5, 5, 5])
        #expect(driver.delivered.map(\.1) == inputs)
        driver.dropping = 2
        #expect(driver.send(InputMessage(table: ArenaInput.table, inputs: [Self.input(4)]), at: Self.second) == .inputs(droppedLate: 2))
    }

    @Test func pingsAreAnsweredAndChatIsPassedOn() {
        let driver = Driver()
        driver.join()
        #expect(driver.send(PingMessage(clientTime: 123_456)) == .pong(clientTime: 123_456))
        #expect(driver.send(ChatMessage(text: "gg")) == .chat("gg"))
    }

    @Test func chatKeepsToABurstThenOnePerRefillPeriod() {
        let driver = Driver()
        driver.join()
        for index in 0..<ChatMessage.burst {
            #expect(driver.send(ChatMessage(text: "hi \(index)")) == .chat("hi \(index)"))
        }
        #expect(driver.send(ChatMessage(text: "spam")) == .droppedChat)
        let period = UInt64(ChatMessage.refillSeconds) * Self.second
        #expect(driver.send(ChatMessage(text: "early"), at: period - 1) == .droppedChat)
        #expect(driver.send(ChatMessage(text: "later"), at: period) == .chat("later"))
        #expect(driver.send(ChatMessage(text: "again"), at: period) == .droppedChat)
        // Silence refills the whole burst, never more.
        let rested = period * 100
        for _ in 0..<ChatMessage.burst { #expect(driver.send(ChatMessage(text: "x"), at: rested) == .chat("x")) }
        #expect(driver.send(ChatMessage(text: "x"), at: rested) == .droppedChat)
    }

    @Test func aBadMessageInPlayIsAKickThatKeepsThePlayerUntilTheSocketEnds() {
        let driver = Driver()
        driver.join(as: 4)
        let truncated = Array(InputMessage(table: ArenaInput.table, inputs: [Self.input(1)]).encoded().dropLast())
        let action = driver.send(truncated)
        #expect(Self.closeCode(action) == GameCloseCode.malformedMessage.rawValue)
        #expect(driver.delivered.isEmpty)
        // Whatever still arrives before the close completes is ignored.
        #expect(driver.send(InputMessage(table: ArenaInput.table, inputs: [Self.input(2)])) == .none)
        #expect(driver.delivered.isEmpty)
        #expect(driver.session.transportClosed() == 4)
        #expect(driver.session.phase == .closed)
    }

    @Test func aSecondHelloAnUnknownTypeAndTextAreKicks() {
        let twice = Driver()
        twice.join()
        #expect(Self.closeCode(twice.send(HelloMessage(name: "ann"))) == GameCloseCode.unexpectedHello.rawValue)
        let unknown = Driver()
        unknown.join()
        #expect(Self.closeCode(unknown.send([0xEE, 0, 0])) == GameCloseCode.malformedMessage.rawValue)
        let text = Driver()
        #expect(Self.closeCode(text.session.receiveText()) == 1003)
    }

    @Test func overTheRateMessagesAreDroppedAndThreeSecondsOfItAreAKick() {
        let driver = Driver()
        driver.join()
        let ping = PingMessage(clientTime: 1)
        // The bucket starts full: 10 messages pass at once, the 11th is dropped.
        for _ in 0 ..< 10 { #expect(driver.send(ping, at: 0) == .pong(clientTime: 1)) }
        #expect(driver.send(ping, at: 0) == .droppedFlood)
        // A tenth of a second refills one message.
        #expect(driver.send(ping, at: Self.second / 10) == .pong(clientTime: 1))
        // Keep flooding: every window of a second with drops counts; the third is a kick.
        var kicked: PlayAction?
        var now = Self.second / 10
        while kicked == nil && now < 10 * Self.second {
            now += Self.second / 100
            let action = driver.send(ping, at: now)
            if case .close = action { kicked = action }
        }
        #expect(Self.closeCode(kicked ?? .none) == GameCloseCode.inputFlood.rawValue)
        #expect(now >= 3 * Self.second && now < 4 * Self.second + Self.second / 10)
    }

    @Test func aPlayerAtTheRateIsNeverDroppedOrKicked() {
        let driver = Driver()
        driver.join()
        for step in 1 ... 600 {
            #expect(driver.send(PingMessage(clientTime: 1), at: UInt64(step) * Self.second / 10) == .pong(clientTime: 1))
        }
    }

    @Test func theBucketRefillsAfterSilenceButNotBeyondTheRate() {
        var limiter = MessageRateLimiter(rate: 4, now: 0)
        let later = 1_000 * Self.second
        var admitted: [Bool] = []
        for now in [0, 0, 0, 0, 0, later, later, later, later, later, UInt64.max] {
            admitted.append(limiter.admit(now: now))
        }
        #expect(admitted == [true, true, true, true, false, true, true, true, true, false, true])
    }
}
