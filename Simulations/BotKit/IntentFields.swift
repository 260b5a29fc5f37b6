import Wire

/// Where a generic bot's intent (move on two axes, aim, a trigger) goes among a game's input
/// fields, found once per welcome by the fields' conventional names: `moveX` and `moveY`
/// take the move, `aim` the 16-bit binary angle scaled onto its range, and `buttons` the
/// button bits, or else the first `release` field takes bit 0 as a trigger (Pitch's `kick`).
/// A game without some of them simply does not get that part of the intent.
struct IntentFields {
    let table: InputTable
    let moveX: Int?, moveY: Int?, aim: Int?, buttons: Int?, trigger: Int?

    init(_ table: InputTable) {
        self.table = table
        moveX = table.index(of: "moveX")
        moveY = table.index(of: "moveY")
        aim = table.index(of: "aim")
        buttons = table.index(of: "buttons")
        trigger = buttons == nil ? table.fields.firstIndex { $0.whenLate == .release } : nil
    }

    func values(moveX x: Int8, moveY y: Int8, buttons pressed: UInt8, aim angle: UInt16) -> SIMD8<Int32> {
        var values = table.restValues
        if let moveX { values[moveX] = Int32(x) }
        if let moveY { values[moveY] = Int32(y) }
        if let aim {
            // The angle's share of a turn, on the field's range (Arena's is the angle itself).
            let range = table.fields[aim].range
            values[aim] = Int32(Int64(range.min) + (Int64(angle) * (Int64(range.max) - Int64(range.min) + Int64(range.step))) >> 16)
        }
        if let buttons { values[buttons] = Int32(pressed) }
        if let trigger, pressed & 1 != 0 { values[trigger] = table.fields[trigger].range.max }
        return values
    }
}
