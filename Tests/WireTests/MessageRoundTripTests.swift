import Testing
@testable import Wire

/// Random messages of every kind: encode, measure, decode, compare. Plus the details each
/// message promises (sizes, truncation of user text, the input hot path).
@Suite struct MessageRoundTripTests {
    static func randomString(_ random: inout SeededRandom, maxBytes: Int) -> String {
        let alphabet: [Character] = ["a", "Z", "0", " ", "é", "☃", "🎉", "ß", "\u{0}", "\""]
        var text = ""
        for _ in 0 ..< Int(random.next() % 12) { text.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
        return WireText.truncated(text, toUTF8Bytes: maxBytes)
    }

    static func randomInputs(_ random: inout SeededRandom) -> [PlayerInput] {
        let count = Int(random.next() % 8) + 1
        let first = UInt32(truncatingIfNeeded: random.bits(32))
        var tick = UInt32(truncatingIfNeeded: random.bits(32))
        return (0 ..< count).map { index in
            tick &+= UInt32(truncatingIfNeeded: random.next() % 4 == 0 ? random.bits(32) : random.next() % 3)
            return PlayerInput(sequence: first &+ UInt32(index), tick: tick, buttons: UInt8(truncatingIfNeeded: random.bits(8)),
                               aim: UInt16(truncatingIfNeeded: random.bits(16)) & 0xFFF0,
                               moveX: Int8(random.next() % 3) - 1, moveY: Int8(random.next() % 3) - 1)
        }
    }

    static func randomMessage(_ random: inout SeededRandom) -> SampleMessage {
        switch random.next() % 9 {
        case 0:
            return .hello(HelloMessage(name: randomString(&random, maxBytes: 16),
                                       resumeToken: random.next() % 2 == 0 ? nil : random.bits(64)))
        case 1:
            return .input(InputMessage(inputs: randomInputs(&random)))
        case 2:
            return .ping(PingMessage(clientTime: UInt32(truncatingIfNeeded: random.bits(32))))
        case 3:
            return .pong(PongMessage(clientTime: UInt32(truncatingIfNeeded: random.bits(32)),
                                     serverTick: UInt32(truncatingIfNeeded: random.bits(32))))
        case 4:
            return .chat(ChatMessage(text: randomString(&random, maxBytes: 120)))
        case 5:
            return .welcome(WelcomeMessage(
                playerID: UInt16(truncatingIfNeeded: random.bits(16)), entityID: UInt32(truncatingIfNeeded: random.bits(32)),
                tickRate: UInt16(random.next() % 65_535) + 1, snapshotInterval: UInt8(random.next() % 255) + 1,
                hashInterval: UInt16(truncatingIfNeeded: random.bits(16)), currentTick: UInt32(truncatingIfNeeded: random.bits(32)),
                resumeToken: random.bits(64), game: Samples.game))
        case 6:
            let actions: [ReplayAction] = [
                .play, .pause, .speed(quarters: UInt8(random.next() % 32) + 1),
                .seek(tick: UInt32(truncatingIfNeeded: random.bits(32))), .follow(player: UInt16(truncatingIfNeeded: random.bits(16))),
                .camera(x: Int32(truncatingIfNeeded: random.bits(32)), y: Int32(truncatingIfNeeded: random.bits(32))),
            ]
            return .replayControl(ReplayControlMessage(actions[Int(random.next() % 6)]))
        case 7:
            var timeline: ReplayTimeline?
            if random.next() % 2 == 0 {
                var tick = UInt32(random.next() % 5)
                var ticks: [UInt32] = []
                for _ in 0 ..< Int(random.next() % 6) {
                    ticks.append(tick)
                    tick &+= UInt32(random.next() % 400) + 1
                }
                let players = (0 ..< Int(random.next() % 4)).map { _ in
                    ReplayPlayer(id: UInt16(truncatingIfNeeded: random.bits(16)), name: randomString(&random, maxBytes: 16))
                }
                timeline = ReplayTimeline(tickRate: UInt16(random.next() % 65_535) + 1, keyframeTicks: ticks, players: players)
            }
            return .replayStatus(ReplayStatusMessage(
                tick: UInt32(truncatingIfNeeded: random.bits(32)), endTick: UInt32(truncatingIfNeeded: random.bits(32)),
                paused: random.next() % 2 == 0, quarters: UInt8(random.next() % 32) + 1,
                followed: UInt16(truncatingIfNeeded: random.bits(16)), timeline: timeline))
        default:
            let events: [GameEvent] = (0 ..< Int(random.next() % 6)).map { _ in
                let player = UInt16(truncatingIfNeeded: random.bits(16))
                switch random.next() % 4 {
                case 0: return .joined(player: player, name: randomString(&random, maxBytes: 16))
                case 1: return .left(player: player)
                case 2: return .killed(killer: random.next() % 2 == 0 ? nil : player, victim: UInt16(truncatingIfNeeded: random.bits(16)))
                default: return .chat(player: player, text: randomString(&random, maxBytes: 120))
                }
            }
            return .events(EventsMessage(tick: UInt32(truncatingIfNeeded: random.bits(32)), events: events))
        }
    }

    @Test func randomMessagesRoundTrip() throws {
        var random = SeededRandom(seed: 0x5EED_0001)
        for _ in 0 ..< 3_000 {
            let message = Self.randomMessage(&random)
            let bytes = message.encoded
            #expect(bytes.count == message.byteCount)
            #expect(try SampleMessage.decode(bytes, as: message.type, inputTable: message.inputTable) == message)
        }
    }

    @Test func fixedSizes() {
        #expect(PingMessage(clientTime: 1).encoded().count == 5)
        #expect(PongMessage(clientTime: 1, serverTick: 2).encoded().count == 9)
        let three = (0 ..< 3).map { PlayerInput(sequence: 10 + UInt32($0), tick: 500 + UInt32($0), buttons: 1, aim: 0x1230, moveX: 1) }
        #expect(InputMessage(inputs: three).encoded().count == 20)
        #expect(HelloMessage(name: "bob").encoded().count == 7)
    }

    @Test func inputHotPathMatchesTheMessage() throws {
        var random = SeededRandom(seed: 0x5EED_0002)
        var writer = BitWriter()
        for _ in 0 ..< 500 {
            let inputs = Self.randomInputs(&random)
            writer.reset()
            InputMessage.encode(inputs, into: &writer)
            let bytes = writer.finish()
            #expect(bytes == InputMessage(inputs: inputs).encoded())
            var delivered: [PlayerInput] = []
            try bytes.withUnsafeBytes { raw in
                try InputMessage.decode(raw) { delivered.append($0) }
            }
            #expect(delivered == inputs)
        }
    }

    @Test func malformedInputDeliversNothing() {
        var bytes = InputMessage(inputs: [PlayerInput(sequence: 1, tick: 1), PlayerInput(sequence: 2, tick: 2)]).encoded()
        bytes.append(0)
        var delivered = 0
        let error: WireError? = bytes.withUnsafeBytes { raw in
            do throws(WireError) {
                try InputMessage.decode(raw) { _ in delivered += 1 }
                return nil
            } catch {
                return error
            }
        }
        #expect(error?.kind == "trailingData")
        #expect(delivered == 0)
    }

    @Test func inputFieldsAreQuantizedToTheirStepAndClamped() throws {
        var input = PlayerInput(sequence: 5, tick: 6, aim: 0xABCD)
        input[2] = 7
        input[3] = -7
        let decoded = try InputMessage.decode(InputMessage(inputs: [input]).encoded())
        // To the nearest step of 16 (0xABCD is 13 past 0xABC0), as QuantizedRange rounds.
        #expect(decoded.inputs[0].aim == 0xABD0)
        #expect(decoded.inputs[0].moveX == 1)
        #expect(decoded.inputs[0].moveY == -1)
    }

    @Test func anotherGamesInputFieldsRoundTripAndCost() throws {
        let table = TestInputs.other
        var inputs: [PlayerInput] = []
        for index in 0 ..< 5 {
            inputs.append(PlayerInput(sequence: 90 + UInt32(index), tick: 700 + UInt32(index),
                                      values: SIMD8(Int32(index & 1), Int32(index * 35 - 70), Int32(index * 20_000 - 40_000), 0, 0, 0, 0, 0)))
        }
        let message = InputMessage(table: table, inputs: inputs)
        let bytes = message.encoded()
        // 1 type + 3 count + 32 sequence, then per input tick (32 or 5) + 1 + 6 + 17 bits.
        #expect(bytes.count == (8 + 3 + 32 + 32 + 24 + 4 * (5 + 24) + 7) / 8)
        let decoded = try InputMessage.decode(bytes, table: table)
        #expect(decoded.inputs == inputs.map(table.quantized))
        // The same bytes read with Arena's fields are another message, or none at all.
        #expect(throws: WireError.self) { _ = try InputMessage.decode(bytes, table: TestInputs.table) }
    }

    @Test func lateInputStandInsFollowEachFieldsRule() {
        let table = TestInputs.table
        let input = PlayerInput(sequence: 3, tick: 9, buttons: 1, aim: 0x4000, moveX: 1, moveY: -1)
        let repeated = table.repeated(input)
        #expect(repeated.buttons == 0 && repeated.aim == 0x4000 && repeated.moveX == 1 && repeated.moveY == -1)
        let resting = table.resting(input)
        #expect(resting.buttons == 0 && resting.aim == 0x4000 && resting.moveX == 0 && resting.moveY == 0)
        #expect(resting.sequence == 3 && resting.tick == 9)
        // A field whose range excludes 0 rests at the value nearest it.
        let offset = InputTable([InputField("gear", QuantizedRange(min: 1, max: 5, step: 1), whenLate: .hold)])
        #expect(offset.restValues[0] == 1)
    }

    @Test func userTextIsTruncatedAtCharacterBoundaries() {
        #expect(HelloMessage(name: "abcdefghijklmnopqrstuvwxyz").name == "abcdefghijklmnop")
        #expect(HelloMessage(name: "ééééééééé").name == "éééééééé")  // 18 bytes → 16
        #expect(HelloMessage(name: "abcdefghijklmno🎉").name == "abcdefghijklmno")
        #expect(ChatMessage(text: String(repeating: "x", count: 500)).text.utf8.count == 120)
    }

    @Test func helloOfAnotherVersionIsReadForItsVersionOnly() throws {
        let bytes: [UInt8] = [0x01, 0x07, 0x00] + Array(repeating: 0xFF, count: 30)
        let hello = try HelloMessage.decode(bytes)
        #expect(hello.version == 7)
        #expect(hello.name.isEmpty)
        #expect(hello.resumeToken == nil)
    }

    @Test func messageTypes() throws {
        let allKnown = MessageType.allKnown.allSatisfy { $0.isKnown }
        #expect(allKnown)
        #expect(MessageType.allKnown.filter(\.isServerToClient) == [.welcome, .snapshot, .pong, .events, .replayStatus, .probe])
        #expect(MessageType(rawValue: 0x7F).description == "0x7f")
        #expect(MessageType.snapshot.description == "snapshot")
        #expect(try [UInt8]([0x83, 0]).withUnsafeBytes { raw in try MessageType.of(raw) } == .pong)
        #expect(throws: WireError.unexpectedMessageType(0x42)) {
            try [UInt8]([0x42]).withUnsafeBytes { raw in try MessageType.of(raw) }
        }
    }

    @Test func closeCodes() {
        let codes = GameCloseCode.all.map(\.rawValue)
        #expect(codes == Array(4000 ... 4008))
        #expect(Set(GameCloseCode.all.compactMap(\.name)).count == GameCloseCode.all.count)
        let shortASCII = GameCloseCode.all.allSatisfy { $0.reason.utf8.count <= 60 && $0.reason.allSatisfy { $0.isASCII } }
        #expect(shortASCII)
        #expect(GameCloseCode(rawValue: 4999).name == nil)
    }

    @Test func eventsEncodedInPlaceAreTheSameBytesAndLeaveTheEventsAsTheyWere() {
        var random = SeededRandom(seed: 41)
        for _ in 0 ..< 200 {
            guard case .events(let message) = Self.randomMessage(&random) else { continue }
            var events = message.events
            var writer = BitWriter(capacity: 0)
            EventsMessage.encode(tick: message.tick, events: &events, into: &writer)
            #expect(writer.finish() == message.encoded())
            #expect(events == message.events)
        }
    }
}
