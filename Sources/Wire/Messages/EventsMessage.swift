/// Server → client: the events of one or more ticks that the client must not miss (joins,
/// leaves, kills, chat). Unlike snapshots, events are never superseded: the server queues
/// them until the player's socket takes them.
///
/// Body: `tick` (32 bits, the tick the events were sent at) · `count` (`varuint`, at most
/// 2³² − 1) · per event, a tag (ranged 0…3, 2 bits) and its fields:
///
/// | tag | event    | fields                                                        |
/// |----:|----------|---------------------------------------------------------------|
/// | 0   | `joined` | `player` (16 bits) · `name` (string ≤ 16 bytes)                |
/// | 1   | `left`   | `player` (16 bits)                                            |
/// | 2   | `killed` | `hasKiller` (1 bit) · `killer` (16 bits, if present) · `victim` (16 bits) |
/// | 3   | `chat`   | `player` (16 bits) · `text` (string ≤ 120 bytes)               |
public struct EventsMessage: WireMessage, Hashable, Sendable {
    public static let type = MessageType.events

    public var tick: UInt32
    public var events: [GameEvent]

    public init() {
        self.init(tick: 0, events: [])
    }

    public init(tick: UInt32, events: [GameEvent]) {
        self.tick = tick
        self.events = events
    }

    /// Appends an events message holding `events` to `writer` without copying the array:
    /// `encode(into:)` serializes a copy of the message, and writing through the copy's shared
    /// array would duplicate it. `events` is moved in and back out, unchanged.
    public static func encode(tick: UInt32, events: inout [GameEvent], into writer: inout BitWriter) {
        var message = EventsMessage(tick: tick, events: [])
        swap(&message.events, &events)
        defer { swap(&message.events, &events) }
        message.encodeInPlace(into: &writer)
    }

    public mutating func serialize<S: BitStream>(_ stream: inout S) throws(S.Failure) {
        try stream.serialize(&tick, bits: 32)
        var count = UInt32(truncatingIfNeeded: events.count)
        try stream.serializeVarUInt(&count)
        if stream.isReading {
            // No reserveCapacity(count): the count is untrusted. Every event costs at least
            // 18 bits, so a lying count ends in endOfData, not in a huge allocation.
            events.removeAll()
            for _ in 0 ..< count {
                var event = GameEvent.left(player: 0)
                try Self.serialize(&event, &stream)
                events.append(event)
            }
        } else {
            for index in events.indices {
                try Self.serialize(&events[index], &stream)
            }
        }
    }

    /// One event: its tag, then its fields.
    static func serialize<S: BitStream>(_ event: inout GameEvent, _ stream: inout S) throws(S.Failure) {
        var tag: Int
        var player: UInt16 = 0
        var other: UInt16 = 0
        var text = ""
        var hasKiller = false
        switch event {
        case .joined(let p, let name): tag = 0; player = p; text = name
        case .left(let p): tag = 1; player = p
        case .killed(let killer, let victim): tag = 2; hasKiller = killer != nil; player = killer ?? 0; other = victim
        case .chat(let p, let message): tag = 3; player = p; text = message
        }
        try stream.serialize(&tag, min: 0, max: 3)
        switch tag {
        case 0:
            try stream.serialize(&player, bits: 16)
            try stream.serialize(&text, maxBytes: HelloMessage.maxNameBytes)
            event = .joined(player: player, name: text)
        case 1:
            try stream.serialize(&player, bits: 16)
            event = .left(player: player)
        case 2:
            try stream.serialize(&hasKiller)
            if hasKiller { try stream.serialize(&player, bits: 16) }
            try stream.serialize(&other, bits: 16)
            event = .killed(killer: hasKiller ? player : nil, victim: other)
        default:
            try stream.serialize(&player, bits: 16)
            try stream.serialize(&text, maxBytes: ChatMessage.maxTextBytes)
            event = .chat(player: player, text: text)
        }
    }
}
