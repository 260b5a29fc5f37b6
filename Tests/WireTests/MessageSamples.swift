import VectorSupport
@testable import Wire

/// One message of any type, for tables of test cases and the golden vectors.
enum SampleMessage: Hashable, Sendable {
    case hello(HelloMessage)
    case input(InputMessage)
    case ping(PingMessage)
    case pong(PongMessage)
    case chat(ChatMessage)
    case welcome(WelcomeMessage)
    case events(EventsMessage)
    case replayControl(ReplayControlMessage)
    case replayStatus(ReplayStatusMessage)
    case probe(ProbeMessage)
    case probeReply(ProbeReplyMessage)

    var type: MessageType {
        switch self {
        case .hello: .hello
        case .input: .input
        case .ping: .ping
        case .pong: .pong
        case .chat: .chat
        case .welcome: .welcome
        case .events: .events
        case .replayControl: .replayControl
        case .replayStatus: .replayStatus
        case .probe: .probe
        case .probeReply: .probeReply
        }
    }

    var encoded: [UInt8] {
        switch self {
        case .hello(let m): m.encoded()
        case .input(let m): m.encoded()
        case .ping(let m): m.encoded()
        case .pong(let m): m.encoded()
        case .chat(let m): m.encoded()
        case .welcome(let m): m.encoded()
        case .events(let m): m.encoded()
        case .replayControl(let m): m.encoded()
        case .replayStatus(let m): m.encoded()
        case .probe(let m): m.encoded()
        case .probeReply(let m): m.encoded()
        }
    }

    var byteCount: Int {
        switch self {
        case .hello(let m): m.byteCount
        case .input(let m): m.byteCount
        case .ping(let m): m.byteCount
        case .pong(let m): m.byteCount
        case .chat(let m): m.byteCount
        case .welcome(let m): m.byteCount
        case .events(let m): m.byteCount
        case .replayControl(let m): m.byteCount
        case .replayStatus(let m): m.byteCount
        case .probe(let m): m.byteCount
        case .probeReply(let m): m.byteCount
        }
    }

    /// The input fields an input message is read with (`TestInputs.table` for other types).
    var inputTable: InputTable {
        if case .input(let m) = self { return m.table }
        return TestInputs.table
    }

    /// Decodes `bytes` as a message of `type` (an input message with `inputTable`'s fields).
    static func decode(_ bytes: [UInt8], as type: MessageType, inputTable: InputTable = TestInputs.table) throws(WireError) -> SampleMessage {
        switch type {
        case .hello: .hello(try HelloMessage.decode(bytes))
        case .input: .input(try InputMessage.decode(bytes, table: inputTable))
        case .ping: .ping(try PingMessage.decode(bytes))
        case .pong: .pong(try PongMessage.decode(bytes))
        case .chat: .chat(try ChatMessage.decode(bytes))
        case .welcome: .welcome(try WelcomeMessage.decode(bytes))
        case .events: .events(try EventsMessage.decode(bytes))
        case .replayControl: .replayControl(try ReplayControlMessage.decode(bytes))
        case .replayStatus: .replayStatus(try ReplayStatusMessage.decode(bytes))
        case .probe: .probe(try ProbeMessage.decode(bytes))
        case .probeReply: .probeReply(try ProbeReplyMessage.decode(bytes))
        default: throw .unexpectedMessageType(type.rawValue)
        }
    }

    /// The value as the vector file (and the JS mirror) spells it.
    var json: VectorJSON {
        switch self {
        case .hello(let m):
            .object([("version", .number(m.version)), ("name", .string(m.name)),
                     ("resumeToken", m.resumeToken.map { VectorJSON.bigString($0) } ?? .null)])
        case .input(let m):
            .object([("table", Self.json(m.table)), ("inputs", .array(m.inputs.map { input in
                VectorJSON.object([("sequence", .number(input.sequence)), ("tick", .number(input.tick))]
                    + m.table.fields.indices.map { (m.table.fields[$0].name, .number(input[$0])) })
            }))])
        case .ping(let m):
            .object([("clientTime", .number(m.clientTime))])
        case .probe(let m):
            .object([("token", .number(m.token))])
        case .probeReply(let m):
            .object([("token", .number(m.token))])
        case .pong(let m):
            .object([("clientTime", .number(m.clientTime)), ("serverTick", .number(m.serverTick))])
        case .chat(let m):
            .object([("text", .string(m.text))])
        case .welcome(let m):
            .object([("playerID", .number(m.playerID)), ("entityID", .number(m.entityID)),
                     ("tickRate", .number(m.tickRate)), ("snapshotInterval", .number(m.snapshotInterval)),
                     ("hashInterval", .number(m.hashInterval)), ("currentTick", .number(m.currentTick)),
                     ("resumeToken", .bigString(m.resumeToken)), ("game", Self.json(m.game))])
        case .events(let m):
            .object([("tick", .number(m.tick)), ("events", .array(m.events.map(Self.json)))])
        case .replayControl(let m):
            Self.json(m.action)
        case .replayStatus(let m):
            .object([("tick", .number(m.tick)), ("endTick", .number(m.endTick)), ("paused", .bool(m.paused)),
                     ("quarters", .number(m.quarters)), ("followed", .number(m.followed)),
                     ("timeline", m.timeline.map(Self.json) ?? .null)])
        }
    }

    static func json(_ action: ReplayAction) -> VectorJSON {
        switch action {
        case .play: .object([("action", .string("play"))])
        case .pause: .object([("action", .string("pause"))])
        case .speed(let quarters): .object([("action", .string("speed")), ("quarters", .number(quarters))])
        case .seek(let tick): .object([("action", .string("seek")), ("tick", .number(tick))])
        case .follow(let player): .object([("action", .string("follow")), ("player", .number(player))])
        case .camera(let x, let y): .object([("action", .string("camera")), ("x", .number(x)), ("y", .number(y))])
        }
    }

    static func json(_ timeline: ReplayTimeline) -> VectorJSON {
        .object([
            ("tickRate", .number(timeline.tickRate)),
            ("keyframeTicks", .array(timeline.keyframeTicks.map { VectorJSON.number($0) })),
            ("players", .array(timeline.players.map { VectorJSON.object([("id", .number($0.id)), ("name", .string($0.name))]) })),
        ])
    }

    static func json(_ game: GameSchema) -> VectorJSON {
        .object([
            ("name", .string(game.name)), ("version", .number(game.version)),
            ("worldMinX", .number(game.worldMinX)), ("worldMinY", .number(game.worldMinY)),
            ("worldMaxX", .number(game.worldMaxX)), ("worldMaxY", .number(game.worldMaxY)),
            ("viewRadius", .number(game.viewRadius)),
            ("kinds", .array(game.kinds.map { table in
                VectorJSON.object([("kind", .number(table.kind)), ("name", .string(table.name)),
                         ("fields", .array(table.fields.map { field in
                             VectorJSON.object([("name", .string(field.name)), ("min", .number(field.range.min)),
                                      ("max", .number(field.range.max)), ("step", .number(field.range.step))])
                         }))])
            })),
            ("inputs", json(game.inputs)),
        ])
    }

    static func json(_ table: InputTable) -> VectorJSON {
        .array(table.fields.map { field in
            VectorJSON.object([("name", .string(field.name)), ("min", .number(field.range.min)),
                               ("max", .number(field.range.max)), ("step", .number(field.range.step)),
                               ("whenLate", .string("\(field.whenLate)"))])
        })
    }

    static func json(_ event: GameEvent) -> VectorJSON {
        switch event {
        case .joined(let player, let name):
            .object([("type", .string("joined")), ("player", .number(player)), ("name", .string(name))])
        case .left(let player):
            .object([("type", .string("left")), ("player", .number(player))])
        case .killed(let killer, let victim):
            .object([("type", .string("killed")), ("killer", killer.map { VectorJSON.number($0) } ?? .null), ("victim", .number(victim))])
        case .chat(let player, let text):
            .object([("type", .string("chat")), ("player", .number(player)), ("text", .string(text))])
        }
    }
}

/// Fixed messages used by the vectors and the round-trip tests.
enum Samples {
    /// A schema shaped like a small real game: two kinds, positions in 1/16 units.
    static let game = GameSchema(
        name: "sample", version: 3,
        kinds: [
            FieldTable(kind: 0, name: "ship", fields: [
                FieldSpec("x", QuantizedRange(min: 0, max: 65_535, step: 1)),
                FieldSpec("y", QuantizedRange(min: 0, max: 65_535, step: 1)),
                FieldSpec("angle", QuantizedRange(min: 0, max: 65_535, step: 256)),
                FieldSpec("health", QuantizedRange(min: 0, max: 100, step: 1)),
            ]),
            FieldTable(kind: 1, name: "bullet", fields: [
                FieldSpec("x", QuantizedRange(min: -1_000, max: 66_535, step: 4)),
                FieldSpec("y", QuantizedRange(min: -1_000, max: 66_535, step: 4)),
            ]),
        ],
        inputs: TestInputs.table,
        worldMinX: 0, worldMinY: 0, worldMaxX: 65_535, worldMaxY: 65_535, viewRadius: 8_000)

    static let messages: [(name: String, message: SampleMessage)] = {
        var list: [(name: String, message: SampleMessage)] = []
        list.append(("hello", .hello(HelloMessage(name: "alice"))))
        list.append(("hello with resume token and non-ASCII name",
                     .hello(HelloMessage(name: "Zoë ☃", resumeToken: 0xFEDC_BA98_7654_3210))))
        list.append(("hello with empty name", .hello(HelloMessage(name: ""))))
        let one = [PlayerInput(sequence: 1, tick: 100, buttons: 1, aim: 0x1230, moveX: 1, moveY: -1)]
        list.append(("input, one", .input(InputMessage(inputs: one))))
        let three = [
            PlayerInput(sequence: 41, tick: 1_000, buttons: 0, aim: 0xFFF0, moveX: 0, moveY: 1),
            PlayerInput(sequence: 42, tick: 1_001, buttons: 3, aim: 0x0010, moveX: -1, moveY: 0),
            PlayerInput(sequence: 43, tick: 1_002, buttons: 255, aim: 0x8000, moveX: -1, moveY: -1),
        ]
        list.append(("input, three on consecutive ticks", .input(InputMessage(inputs: three))))
        let ticks: [UInt32] = [7, 8, 8, 10, 30, 29, 400, 401]
        var eight: [PlayerInput] = []
        for i in 0 ..< 8 {
            let moveX = Int8(i % 3) - 1
            let moveY = Int8(i % 2)
            eight.append(PlayerInput(sequence: 0xFFFF_FFFC &+ UInt32(i), tick: ticks[i], buttons: UInt8(i * 17),
                                     aim: UInt16(i) << 12, moveX: moveX, moveY: moveY))
        }
        list.append(("input, eight with gaps and wrapping sequences", .input(InputMessage(inputs: eight))))
        var other: [PlayerInput] = []
        for index in 0 ..< 3 {
            let step = Int32(index)
            let values = SIMD8<Int32>(step & 1, step * 45 - 45, step * 33_333 - 33_333, 0, 0, 0, 0, 0)
            other.append(PlayerInput(sequence: 500 + UInt32(index), tick: 60 + UInt32(index), values: values))
        }
        list.append(("input, another game's fields", .input(InputMessage(table: TestInputs.other, inputs: other))))
        list.append(("ping", .ping(PingMessage(clientTime: 0))))
        list.append(("ping, large time", .ping(PingMessage(clientTime: 0xDEAD_BEEF))))
        list.append(("probe", .probe(ProbeMessage(token: 0x0102_0304))))
        list.append(("probe reply", .probeReply(ProbeReplyMessage(token: 0xFFFF_FFFE))))
        list.append(("pong", .pong(PongMessage(clientTime: 123_456, serverTick: 0x0102_0304))))
        list.append(("chat", .chat(ChatMessage(text: "hello world"))))
        list.append(("chat, emoji", .chat(ChatMessage(text: "gg 🎉"))))
        list.append(("chat, empty", .chat(ChatMessage(text: ""))))
        let welcome = WelcomeMessage(playerID: 7, entityID: 1_234, tickRate: 60, snapshotInterval: 1,
                                     hashInterval: 30, currentTick: 98_765, resumeToken: 0x0123_4567_89AB_CDEF, game: game)
        list.append(("welcome", .welcome(welcome)))
        let events: [GameEvent] = [
            .joined(player: 1, name: "alice"), .left(player: 2), .killed(killer: 3, victim: 4),
            .killed(killer: nil, victim: 5), .chat(player: 1, text: "hi"),
        ]
        list.append(("events", .events(EventsMessage(tick: 5_000, events: events))))
        list.append(("events, none", .events(EventsMessage(tick: 1, events: []))))
        list.append(("replayControl, play", .replayControl(ReplayControlMessage(.play))))
        list.append(("replayControl, pause", .replayControl(ReplayControlMessage(.pause))))
        list.append(("replayControl, speed 0.25x", .replayControl(ReplayControlMessage(.speed(quarters: 1)))))
        list.append(("replayControl, speed 8x", .replayControl(ReplayControlMessage(.speed(quarters: 32)))))
        list.append(("replayControl, seek", .replayControl(ReplayControlMessage(.seek(tick: 123_456)))))
        list.append(("replayControl, follow", .replayControl(ReplayControlMessage(.follow(player: 513)))))
        list.append(("replayControl, camera", .replayControl(ReplayControlMessage(.camera(x: -1_500_000, y: 2_000_001)))))
        list.append(("replayStatus", .replayStatus(ReplayStatusMessage(
            tick: 1_200, endTick: 3_600, paused: false, quarters: 8, followed: 2, timeline: nil))))
        let timeline = ReplayTimeline(tickRate: 60, keyframeTicks: [0, 300, 600, 900, 4_294_967_295],
                                      players: [ReplayPlayer(id: 1, name: "alice"), ReplayPlayer(id: 2, name: "Zoë")])
        list.append(("replayStatus with timeline", .replayStatus(ReplayStatusMessage(
            tick: 0, endTick: 4_294_967_295, paused: true, quarters: 1, followed: 0, timeline: timeline))))
        list.append(("replayStatus with empty timeline", .replayStatus(ReplayStatusMessage(
            tick: 7, endTick: 7, paused: false, quarters: 32, followed: 65_535, timeline: ReplayTimeline(tickRate: 65_535)))))
        return list
    }()
}
