import Simulation
import Wire

/// Each player's previous input within a recording, which input operations are coded
/// against: most fields of most inputs repeat, so most inputs take two bytes. Writer and
/// reader keep one each, made from the same header, and reset both at the same points
/// (every keyframe, and a player's entry at its join), so they always agree.
///
/// The fields are the header's `inputs` table (the game's). Files before version 3 had
/// Arena's four inputs at fixed places; they read into that table's four fields
/// (`RecordingFormat.legacyInputs`).
public struct RecordedInputs: Sendable {
    private var previous: [PlayerInput] = []
    public let table: InputTable
    private let legacyLayout: Bool
    /// Whether the changed fields are flagged in the operation byte itself (a table of at
    /// most `InputFlag.inlineFields`), else in a mask byte after the player.
    private let inlineMask: Bool
    /// The flags an operation byte may have for this table.
    private let knownFlags: UInt8

    public init(header: RecordingHeader) {
        table = header.inputs
        legacyLayout = header.formatVersion < RecordingFormat.gameInputsVersion
        inlineMask = table.count <= RecordingFormat.InputFlag.inlineFields
        typealias Flag = RecordingFormat.InputFlag
        knownFlags = legacyLayout ? Flag.legacyAll
            : inlineMask ? Flag.sequence | Flag.tick | UInt8((1 << table.count) - 1) << Flag.inlineShift
            : Flag.sequence | Flag.tick | Flag.values
    }

    public static let zero = PlayerInput(sequence: 0, tick: 0)

    public mutating func reset() { previous.removeAll(keepingCapacity: true) }

    public mutating func forget(_ player: PlayerID) {
        if Int(player) < previous.count { previous[Int(player)] = Self.zero }
    }

    @inline(__always)
    func last(_ player: PlayerID) -> PlayerInput {
        Int(player) < previous.count ? previous[Int(player)] : Self.zero
    }

    @inline(__always)
    mutating func remember(_ input: PlayerInput, for player: PlayerID) {
        let index = Int(player)
        if index >= previous.count { previous.append(contentsOf: repeatElement(Self.zero, count: index + 1 - previous.count)) }
        previous[index] = input
    }

    /// Writes the whole input operation: operation and flags, player, changed fields. Values
    /// are stored as their range's code, so `input` should hold values the wire can deliver
    /// (what the server applies always does).
    @inline(__always)
    public mutating func encode(_ input: PlayerInput, for player: PlayerID, into writer: inout ByteWriter) {
        precondition(!legacyLayout, "recordings are written in the current format only")
        assert(table.quantized(input).values == input.values, "a recorded input must hold values its fields can represent")
        let last = last(player)
        var changed: UInt8 = 0
        let fields = table.fields
        for index in fields.indices where input.values[index] != last.values[index] { changed |= 1 << UInt8(index) }
        var flags: UInt8 = 0
        if input.sequence != last.sequence &+ 1 { flags |= RecordingFormat.InputFlag.sequence }
        if input.tick != last.tick &+ 1 { flags |= RecordingFormat.InputFlag.tick }
        if inlineMask { flags |= changed << RecordingFormat.InputFlag.inlineShift } else if changed != 0 { flags |= RecordingFormat.InputFlag.values }
        writer.u8(RecordingFormat.InputFlag.operation | flags)
        writer.varint(UInt64(player))
        if flags & RecordingFormat.InputFlag.sequence != 0 { writer.u32(input.sequence) }
        if flags & RecordingFormat.InputFlag.tick != 0 { writer.u32(input.tick) }
        if changed != 0 {
            if !inlineMask { writer.u8(changed) }
            for index in fields.indices where changed & (1 << UInt8(index)) != 0 {
                writer.varint(UInt64(fields[index].range.encode(input.values[index])))
            }
        }
        remember(input, for: player)
    }

    /// Reads an input operation after its first byte (`operationByte`, already read at `at`).
    public mutating func decode(operationByte: UInt8, at: Int, from reader: inout ByteReader) throws(ByteReadError) -> (PlayerID, PlayerInput) {
        let flags = operationByte & ~RecordingFormat.InputFlag.operation
        guard flags & ~knownFlags == 0 else { throw ByteReadError(offset: at, "unknown input flags \(flags) for \(table.count) input fields") }
        let player = PlayerID(try reader.count(atMost: Int(PlayerID.max), "player id"))
        var input = last(player)
        input.sequence = flags & RecordingFormat.InputFlag.sequence != 0 ? try reader.u32() : input.sequence &+ 1
        input.tick = flags & RecordingFormat.InputFlag.tick != 0 ? try reader.u32() : input.tick &+ 1
        if legacyLayout {
            try decodeLegacyFields(flags, into: &input, from: &reader)
        } else {
            var changed = flags >> RecordingFormat.InputFlag.inlineShift
            if !inlineMask {
                guard flags & RecordingFormat.InputFlag.values != 0 else {
                    remember(input, for: player)
                    return (player, input)
                }
                let maskAt = reader.offset
                changed = try reader.u8()
                guard changed != 0, Int(changed) >> table.count == 0 else {
                    throw ByteReadError(offset: maskAt, "input field mask \(changed) is empty or names fields past the game's \(table.count)")
                }
            }
            for index in table.fields.indices where changed & (1 << UInt8(index)) != 0 {
                let range = table.fields[index].range
                let codeAt = reader.offset
                let code = try reader.varint()
                guard code <= UInt64(range.maxCode) else {
                    throw ByteReadError(offset: codeAt, "input field \(table.fields[index].name): code \(code) is above \(range.maxCode)")
                }
                input.values[index] = range.decode(UInt32(code))
            }
        }
        remember(input, for: player)
        return (player, input)
    }

    /// Versions 1 and 2: buttons (u8), aim (u16) and the movement pair (one byte, 0...8) under
    /// their own flags, into fields 0, 1, 2 and 3.
    private func decodeLegacyFields(_ flags: UInt8, into input: inout PlayerInput, from reader: inout ByteReader) throws(ByteReadError) {
        typealias Flag = RecordingFormat.InputFlag
        if flags & Flag.legacyButtons != 0 { input.values[0] = Int32(try reader.u8()) }
        if flags & Flag.legacyAim != 0 { input.values[1] = Int32(try reader.u16()) }
        if flags & Flag.legacyMove != 0 {
            let moveAt = reader.offset
            let move = try reader.u8()
            guard move < 9 else { throw ByteReadError(offset: moveAt, "movement code \(move) is not 0...8") }
            input.values[2] = Int32(move / 3) - 1
            input.values[3] = Int32(move % 3) - 1
        }
    }
}
