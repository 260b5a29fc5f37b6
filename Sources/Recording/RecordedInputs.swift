import Simulation
import Wire

/// Each player's previous input within a recording, which input operations are coded
/// against: most fields of most inputs repeat, so most inputs take two or four bytes. Writer and reader keep one each and reset both at the same points (every
/// keyframe, and a player's entry at its join), so they always agree.
public struct RecordedInputs: Sendable {
    private var previous: [PlayerInput] = []

    public init() {}

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

    /// Writes the whole input operation: operation and flags, player, changed fields.
    @inline(__always)
    public mutating func encode(_ input: PlayerInput, for player: PlayerID, into writer: inout ByteWriter) {
        let last = last(player)
        var flags: UInt8 = 0
        if input.sequence != last.sequence &+ 1 { flags |= RecordingFormat.InputFlag.sequence }
        if input.tick != last.tick &+ 1 { flags |= RecordingFormat.InputFlag.tick }
        if input.buttons != last.buttons { flags |= RecordingFormat.InputFlag.buttons }
        if input.aim != last.aim { flags |= RecordingFormat.InputFlag.aim }
        if input.moveX != last.moveX || input.moveY != last.moveY { flags |= RecordingFormat.InputFlag.move }
        writer.u8(RecordingFormat.InputFlag.operation | flags)
        writer.varint(UInt64(player))
        if flags & RecordingFormat.InputFlag.sequence != 0 { writer.u32(input.sequence) }
        if flags & RecordingFormat.InputFlag.tick != 0 { writer.u32(input.tick) }
        if flags & RecordingFormat.InputFlag.buttons != 0 { writer.u8(input.buttons) }
        if flags & RecordingFormat.InputFlag.aim != 0 { writer.u16(input.aim) }
        if flags & RecordingFormat.InputFlag.move != 0 { writer.u8(UInt8((Int(input.moveX) + 1) * 3 + Int(input.moveY) + 1)) }
        remember(input, for: player)
    }

    /// Reads an input operation after its first byte (`operationByte`, already read at `at`).
    public mutating func decode(operationByte: UInt8, at: Int, from reader: inout ByteReader) throws(ByteReadError) -> (PlayerID, PlayerInput) {
        let flags = operationByte & ~RecordingFormat.InputFlag.operation
        guard flags & ~RecordingFormat.InputFlag.all == 0 else { throw ByteReadError(offset: at, "unknown input flags \(flags)") }
        let player = PlayerID(try reader.count(atMost: Int(PlayerID.max), "player id"))
        var input = last(player)
        input.sequence = flags & RecordingFormat.InputFlag.sequence != 0 ? try reader.u32() : input.sequence &+ 1
        input.tick = flags & RecordingFormat.InputFlag.tick != 0 ? try reader.u32() : input.tick &+ 1
        if flags & RecordingFormat.InputFlag.buttons != 0 { input.buttons = try reader.u8() }
        if flags & RecordingFormat.InputFlag.aim != 0 { input.aim = try reader.u16() }
        if flags & RecordingFormat.InputFlag.move != 0 {
            let moveAt = reader.offset
            let move = try reader.u8()
            guard move < 9 else { throw ByteReadError(offset: moveAt, "movement code \(move) is not 0...8") }
            input.moveX = Int8(move / 3) - 1
            input.moveY = Int8(move % 3) - 1
        }
        remember(input, for: player)
        return (player, input)
    }
}
