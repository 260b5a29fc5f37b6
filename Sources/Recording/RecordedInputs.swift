import Simulation
import Wire

/// Each player's previous input within a recording, which `input` operations are coded
/// against: most fields of most inputs repeat, so most inputs take two or three bytes plus
/// the player id. Writer and reader keep one each and reset both at the same points (every
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

    /// Writes `input` for `player` (after the operation byte and player id).
    @inline(__always)
    public mutating func encode(_ input: PlayerInput, for player: PlayerID, into writer: inout ByteWriter) {
        let last = last(player)
        var flags: UInt8 = 0
        if input.sequence != last.sequence &+ 1 { flags |= RecordingFormat.InputFlag.sequence }
        if input.tick != last.tick &+ 1 { flags |= RecordingFormat.InputFlag.tick }
        if input.buttons != last.buttons { flags |= RecordingFormat.InputFlag.buttons }
        if input.aim != last.aim { flags |= RecordingFormat.InputFlag.aim }
        if input.moveX != last.moveX || input.moveY != last.moveY { flags |= RecordingFormat.InputFlag.move }
        writer.u8(flags)
        if flags & RecordingFormat.InputFlag.sequence != 0 { writer.u32(input.sequence) }
        if flags & RecordingFormat.InputFlag.tick != 0 { writer.u32(input.tick) }
        if flags & RecordingFormat.InputFlag.buttons != 0 { writer.u8(input.buttons) }
        if flags & RecordingFormat.InputFlag.aim != 0 { writer.u16(input.aim) }
        if flags & RecordingFormat.InputFlag.move != 0 { writer.u8(UInt8((Int(input.moveX) + 1) * 3 + Int(input.moveY) + 1)) }
        remember(input, for: player)
    }

    public mutating func decode(for player: PlayerID, from reader: inout ByteReader) throws(ByteReadError) -> PlayerInput {
        var input = last(player)
        let at = reader.offset
        let flags = try reader.u8()
        guard flags & ~RecordingFormat.InputFlag.all == 0 else { throw ByteReadError(offset: at, "unknown input flags \(flags)") }
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
        return input
    }
}
