import Simulation
import Wire

/// What a replay needs before the first tick: which game (and version) with which seed and
/// settings at which tick rate, and how often keyframes come. Everything else is in the ticks.
public struct RecordingHeader: Equatable, Sendable {
    public var formatVersion: UInt16 = RecordingFormat.version
    public var gameName: String
    public var gameVersion: UInt16
    public var tickRate: Int
    public var seed: UInt64
    public var settings: GameSettings
    /// The game's input fields, which the ticks' inputs are coded by (version 3; earlier
    /// files read as `RecordingFormat.legacyInputs`).
    public var inputs: InputTable
    /// A keyframe every this many ticks (tick 0 always has one).
    public var keyframeInterval: UInt32
    public var roomID: UInt32
    /// Wall-clock start, milliseconds since 1970 (for listing; replays never read a clock).
    public var startedAtMillis: UInt64

    public init(gameName: String, gameVersion: UInt16, tickRate: Int, seed: UInt64, settings: GameSettings,
                inputs: InputTable, keyframeInterval: UInt32, roomID: UInt32, startedAtMillis: UInt64) {
        self.gameName = gameName
        self.inputs = inputs
        self.gameVersion = gameVersion
        self.tickRate = tickRate
        self.seed = seed
        self.settings = settings
        self.keyframeInterval = keyframeInterval
        self.roomID = roomID
        self.startedAtMillis = startedAtMillis
    }

    public func encode(into writer: inout ByteWriter) {
        writer.u16(formatVersion)
        writer.string(gameName)
        writer.u16(gameVersion)
        writer.u16(UInt16(tickRate))
        writer.u64(seed)
        writer.varint(UInt64(settings.entries.count))
        for entry in settings.entries {
            writer.string(entry.name)
            writer.i32(entry.value)
        }
        writer.varint(UInt64(inputs.count))
        for field in inputs.fields {
            writer.string(field.name)
            writer.i32(field.range.min)
            writer.i32(field.range.max)
            writer.u32(UInt32(field.range.step))
            writer.u8(field.whenLate.rawValue)
        }
        writer.u32(keyframeInterval)
        writer.u32(roomID)
        writer.u64(startedAtMillis)
    }

    /// Reads a header payload. The version is checked first: a newer writer's header may not
    /// parse, and "unsupported version" is the useful answer then.
    public static func decode(_ reader: inout ByteReader) throws(RecordingDecodeError) -> RecordingHeader {
        let version: UInt16
        do { version = try reader.u16() } catch { throw .damaged(error) }
        guard (RecordingFormat.oldestReadableVersion...RecordingFormat.version).contains(version) else {
            throw .unsupported("format version \(version); this reader knows \(RecordingFormat.oldestReadableVersion) to \(RecordingFormat.version)")
        }
        do {
            var header = try decodeBody(&reader, version: version)
            header.formatVersion = version
            return header
        } catch { throw .damaged(error) }
    }

    private static func decodeBody(_ reader: inout ByteReader, version: UInt16) throws(ByteReadError) -> RecordingHeader {
        let name = try reader.string(maxBytes: 256)
        let gameVersion = try reader.u16()
        let rateAt = reader.offset
        let tickRate = Int(try reader.u16())
        guard (1...1000).contains(tickRate) else { throw ByteReadError(offset: rateAt, "tick rate \(tickRate) is outside 1...1000") }
        let seed = try reader.u64()
        let count = try reader.count(atMost: 1024, "settings count")
        var settings = GameSettings()
        for _ in 0..<count {
            let settingName = try reader.string(maxBytes: 256)
            settings[settingName] = try reader.i32()
        }
        let inputs = version >= RecordingFormat.gameInputsVersion ? try decodeInputs(&reader) : RecordingFormat.legacyInputs
        let intervalAt = reader.offset
        let keyframeInterval = try reader.u32()
        guard keyframeInterval > 0 else { throw ByteReadError(offset: intervalAt, "keyframe interval is 0") }
        let header = RecordingHeader(gameName: name, gameVersion: gameVersion, tickRate: tickRate, seed: seed, settings: settings,
                                     inputs: inputs, keyframeInterval: keyframeInterval, roomID: try reader.u32(), startedAtMillis: try reader.u64())
        try reader.expectEnd("the header")
        return header
    }

    private static func decodeInputs(_ reader: inout ByteReader) throws(ByteReadError) -> InputTable {
        let count = try reader.count(atMost: InputTable.maxFields, "input field count")
        var fields: [InputField] = []
        for _ in 0..<count {
            let name = try reader.string(maxBytes: GameSchema.maxNameBytes)
            let rangeAt = reader.offset
            let min = try reader.i32(), max = try reader.i32(), step = try reader.u32()
            guard min <= max, step >= 1 else { throw ByteReadError(offset: rangeAt, "input field \(name): range \(min)...\(max) step \(step) is empty") }
            let lateAt = reader.offset
            guard let whenLate = InputField.WhenLate(rawValue: try reader.u8()) else {
                throw ByteReadError(offset: lateAt, "input field \(name): unknown late-input rule")
            }
            fields.append(InputField(name, QuantizedRange(min: min, max: max, step: Int64(step)), whenLate: whenLate))
        }
        return InputTable(fields)
    }
}

/// A payload that did not decode: damaged bytes (with their offset in the payload), or a
/// version this reader does not know.
public enum RecordingDecodeError: Error, Sendable {
    case damaged(ByteReadError)
    case unsupported(String)
}
