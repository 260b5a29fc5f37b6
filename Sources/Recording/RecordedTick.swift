import Simulation
import Wire

/// One game call as recorded.
public enum RecordedOperation: Equatable, Sendable {
    case join(PlayerID, name: String, entity: EntityID)
    case leave(PlayerID)
    case input(PlayerID, PlayerInput)
    /// A chat line relayed this tick (no game call: it changes no state).
    case chat(PlayerID, text: String)
}

/// A decoded tick chunk: the calls the server made to the game before `step(tick:)`, in
/// order, and the world hash (`WorldHash`) after the step.
public struct RecordedTick: Equatable, Sendable {
    public var tick: UInt32
    public var operations: [RecordedOperation]
    public var hash: UInt64

    public init(tick: UInt32, operations: [RecordedOperation], hash: UInt64) {
        self.tick = tick
        self.operations = operations
        self.hash = hash
    }

    /// Writes the payload (tests and tools; the server writes the same bytes incrementally
    /// through `MatchRecorder`).
    public func encode(into writer: inout ByteWriter, inputs: inout RecordedInputs) {
        writer.u32(tick)
        for operation in operations {
            switch operation {
            case let .join(player, name, entity):
                Self.encodeJoin(player, name: name, entity: entity, into: &writer, inputs: &inputs)
            case let .leave(player):
                Self.encodeLeave(player, into: &writer)
            case let .input(player, input):
                Self.encodeInput(input, for: player, into: &writer, inputs: &inputs)
            case let .chat(player, text):
                Self.encodeChat(player, text: text, into: &writer)
            }
        }
        Self.encodeEnd(hash: hash, into: &writer)
    }

    @inline(__always)
    static func encodeJoin(_ player: PlayerID, name: String, entity: EntityID, into writer: inout ByteWriter, inputs: inout RecordedInputs) {
        writer.u8(RecordingFormat.Operation.join.rawValue)
        writer.varint(UInt64(player))
        var name = name
        if name.utf8.count > RecordingFormat.maxNameBytes { name = String(decoding: name.utf8.prefix(RecordingFormat.maxNameBytes), as: UTF8.self) }
        writer.string(name)
        writer.u32(entity)
        inputs.forget(player)
    }

    @inline(__always)
    static func encodeLeave(_ player: PlayerID, into writer: inout ByteWriter) {
        writer.u8(RecordingFormat.Operation.leave.rawValue)
        writer.varint(UInt64(player))
    }

    static func encodeChat(_ player: PlayerID, text: String, into writer: inout ByteWriter) {
        writer.u8(RecordingFormat.Operation.chat.rawValue)
        writer.varint(UInt64(player))
        var text = text
        if text.utf8.count > RecordingFormat.maxChatBytes { text = String(decoding: text.utf8.prefix(RecordingFormat.maxChatBytes), as: UTF8.self) }
        writer.string(text)
    }

    @inline(__always)
    static func encodeInput(_ input: PlayerInput, for player: PlayerID, into writer: inout ByteWriter, inputs: inout RecordedInputs) {
        inputs.encode(input, for: player, into: &writer)
    }

    @inline(__always)
    static func encodeEnd(hash: UInt64, into writer: inout ByteWriter) {
        writer.u8(RecordingFormat.Operation.endOfTick.rawValue)
        writer.u64(hash)
    }

    /// Reads a tick payload, advancing `inputs` exactly as the writer did.
    public static func decode(_ reader: inout ByteReader, inputs: inout RecordedInputs) throws(ByteReadError) -> RecordedTick {
        let tick = try reader.u32()
        var operations: [RecordedOperation] = []
        while true {
            let at = reader.offset
            let code = try reader.u8()
            if code & RecordingFormat.InputFlag.operation != 0 {
                let (player, input) = try inputs.decode(operationByte: code, at: at, from: &reader)
                operations.append(.input(player, input))
                continue
            }
            guard let operation = RecordingFormat.Operation(rawValue: code) else {
                throw ByteReadError(offset: at, "unknown operation \(code)")
            }
            switch operation {
            case .endOfTick:
                let hash = try reader.u64()
                try reader.expectEnd("the tick")
                return RecordedTick(tick: tick, operations: operations, hash: hash)
            case .join:
                let player = PlayerID(try reader.count(atMost: Int(PlayerID.max), "player id"))
                let name = try reader.string(maxBytes: RecordingFormat.maxNameBytes)
                let entity = try reader.u32()
                inputs.forget(player)
                operations.append(.join(player, name: name, entity: entity))
            case .leave:
                operations.append(.leave(PlayerID(try reader.count(atMost: Int(PlayerID.max), "player id"))))
            case .chat:
                let player = PlayerID(try reader.count(atMost: Int(PlayerID.max), "player id"))
                operations.append(.chat(player, text: try reader.string(maxBytes: RecordingFormat.maxChatBytes)))
            }
        }
    }
}

/// A player in the match: what a replay needs to name it and to follow its entity.
public struct RecordedPlayer: Equatable, Sendable {
    public var player: PlayerID
    public var entity: EntityID
    public var name: String

    public init(player: PlayerID, entity: EntityID, name: String) {
        self.player = player
        self.entity = entity
        self.name = name
    }
}

/// A decoded keyframe: the state between ticks (after `tick` ticks were simulated), its world
/// hash, and who was playing, so a replay can start here.
public struct RecordedKeyframe: Equatable, Sendable {
    public var tick: UInt32
    public var hash: UInt64
    public var roster: [RecordedPlayer]
    public var state: [UInt8]

    public init(tick: UInt32, hash: UInt64, roster: [RecordedPlayer], state: [UInt8]) {
        self.tick = tick
        self.hash = hash
        self.roster = roster
        self.state = state
    }

    /// Writes the payload; `state` writes the game's state (its length is patched in).
    public static func encode(tick: UInt32, hash: UInt64, roster: some Sequence<RecordedPlayer>,
                              into writer: inout ByteWriter, state: (inout ByteWriter) -> Void) {
        writer.u32(tick)
        writer.u64(hash)
        var count = 0
        let countAt = writer.count
        writer.u32(0)
        for entry in roster {
            writer.u16(entry.player)
            writer.u32(entry.entity)
            writer.string(entry.name)
            count += 1
        }
        writer.patchU32(UInt32(count), at: countAt)
        let lengthAt = writer.count
        writer.u32(0)
        state(&writer)
        writer.patchU32(UInt32(writer.count - lengthAt - 4), at: lengthAt)
    }

    public static func decode(_ reader: inout ByteReader) throws(ByteReadError) -> RecordedKeyframe {
        let tick = try reader.u32()
        let hash = try reader.u64()
        let countAt = reader.offset
        let count = Int(try reader.u32())
        guard count <= Int(UInt16.max) + 1 else { throw ByteReadError(offset: countAt, "roster of \(count) players") }
        var roster: [RecordedPlayer] = []
        for _ in 0..<count {
            roster.append(RecordedPlayer(player: try reader.u16(), entity: try reader.u32(),
                                         name: try reader.string(maxBytes: RecordingFormat.maxNameBytes)))
        }
        let lengthAt = reader.offset
        let length = Int(try reader.u32())
        guard length <= reader.remaining else { throw ByteReadError(offset: lengthAt, "state of \(length) bytes, \(reader.remaining) left") }
        let state = Array(try reader.raw(length))
        try reader.expectEnd("the keyframe")
        return RecordedKeyframe(tick: tick, hash: hash, roster: roster, state: state)
    }
}

/// The end chunk: how many ticks were recorded, how many of them were match time, why it
/// ended, and who played. It is the file's last chunk, so a listing can read it from the tail
/// without reading the match (`RecordingFile.endRecord`).
public struct RecordedEnd: Equatable, Sendable {
    /// Tick chunks in the file: every tick the room ran, so the whole file verifies.
    public var ticks: UInt32
    /// Ticks of match time, at most `ticks`: up to and including the tick in which the last
    /// connected player left. After it the room runs on with nobody connected, for the resume
    /// grace (in case someone comes back) and then its empty-room wait; those ticks are
    /// recorded but are not match time, so a replay's length and its playback end here.
    /// Version 4; an older file's end record has no such field and all its ticks count.
    public var matchTicks: UInt32
    public var reason: String
    /// Distinct player ids that joined.
    public var players: Int
    /// The names of the first `maxNames` of them, in order of first join.
    public var names: [String]

    public static let maxNames = 16

    public init(ticks: UInt32, reason: String, players: Int = 0, names: [String] = [], matchTicks: UInt32? = nil) {
        self.ticks = ticks
        self.matchTicks = min(matchTicks ?? ticks, ticks)
        self.reason = reason
        self.players = players
        self.names = Array(names.prefix(Self.maxNames))
    }

    public func encode(into writer: inout ByteWriter) {
        writer.u32(ticks)
        writer.string(reason)
        writer.varint(UInt64(players))
        writer.varint(UInt64(names.count))
        for name in names { writer.string(name) }
        writer.u32(matchTicks)
    }

    public static func decode(_ reader: inout ByteReader) throws(ByteReadError) -> RecordedEnd {
        let ticks = try reader.u32()
        let reason = try reader.string(maxBytes: 1024)
        let players = try reader.count(atMost: Int(PlayerID.max) + 1, "player count")
        let count = try reader.count(atMost: min(maxNames, players), "name count")
        var names: [String] = []
        for _ in 0..<count { names.append(try reader.string(maxBytes: RecordingFormat.maxNameBytes)) }
        // Versions 1 to 3 end here. The end record is read from the file's tail without its
        // header (a listing), so its length, not the version, says whether the field is there.
        var matchTicks = ticks
        if !reader.isAtEnd {
            matchTicks = try reader.u32()
            guard matchTicks <= ticks else {
                throw ByteReadError(offset: reader.offset, "the end record's \(matchTicks) match ticks exceed its \(ticks) ticks")
            }
        }
        try reader.expectEnd("the end record")
        return RecordedEnd(ticks: ticks, reason: reason, players: players, names: names, matchTicks: matchTicks)
    }
}
