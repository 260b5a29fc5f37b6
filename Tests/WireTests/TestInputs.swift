@testable import Wire

/// The input fields the wire tests and the golden vectors use: the layout Arena's inputs
/// have (so the vectors' bytes are those a browser sends to the default game), written out
/// here because Wire's tests do not depend on a game.
enum TestInputs {
    static let table = InputTable([
        InputField("buttons", QuantizedRange(min: 0, max: 255, step: 1), whenLate: .release),
        InputField("aim", QuantizedRange(min: 0, max: 65_520, step: 16), whenLate: .keep),
        InputField("moveX", QuantizedRange(min: -1, max: 1, step: 1), whenLate: .hold),
        InputField("moveY", QuantizedRange(min: -1, max: 1, step: 1), whenLate: .hold),
    ])

    /// Another game's: a trigger, a throttle in steps of 5 and a wide signed dial, to cover
    /// steps, negative ranges and a field the width of a whole byte boundary.
    static let other = InputTable([
        InputField("kick", QuantizedRange(min: 0, max: 1, step: 1), whenLate: .release),
        InputField("throttle", QuantizedRange(min: -100, max: 100, step: 5), whenLate: .hold),
        InputField("dial", QuantizedRange(min: -40_000, max: 40_000, step: 1), whenLate: .keep),
    ])
}

extension PlayerInput {
    init(sequence: UInt32, tick: UInt32, buttons: UInt8 = 0, aim: UInt16 = 0, moveX: Int8 = 0, moveY: Int8 = 0) {
        self.init(sequence: sequence, tick: tick, values: SIMD8(Int32(buttons), Int32(aim), Int32(max(-1, min(1, moveX))),
                                                              Int32(max(-1, min(1, moveY))), 0, 0, 0, 0))
    }

    var buttons: UInt8 { UInt8(truncatingIfNeeded: self[0]) }
    var aim: UInt16 { UInt16(truncatingIfNeeded: self[1]) }
    var moveX: Int8 { Int8(truncatingIfNeeded: self[2]) }
    var moveY: Int8 { Int8(truncatingIfNeeded: self[3]) }
}

extension InputMessage {
    init(inputs: [PlayerInput]) { self.init(table: TestInputs.table, inputs: inputs) }

    static func decode(_ bytes: [UInt8]) throws(WireError) -> InputMessage { try decode(bytes, table: TestInputs.table) }
    static func decode(_ raw: UnsafeRawBufferPointer, _ body: (PlayerInput) -> Void) throws(WireError) {
        try decode(raw, table: TestInputs.table, body)
    }
    static func encode(_ inputs: [PlayerInput], into writer: inout BitWriter) { encode(inputs, table: TestInputs.table, into: &writer) }

    var byteCount: Int { encoded().count }
}
