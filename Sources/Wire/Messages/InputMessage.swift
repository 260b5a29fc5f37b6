/// Client → server: the player's latest inputs, repeated so that a late or lost frame
/// costs nothing: each message carries the newest input and up to seven before it, so the
/// server fills any gap from the next message (it applies each sequence once).
///
/// The fields of an input are the game's (`InputTable`, sent in `welcome`), so a message is
/// read and written with the table it was made for. Body:
/// - `count − 1` as a ranged integer 0…7 (3 bits);
/// - `firstSequence`, the oldest input's sequence (32 bits); input `i` has sequence
///   `firstSequence + i` (wrapping): the inputs are consecutive, oldest first;
/// - per input, oldest first:
///   - `tick`: the first input's in 32 bits; every later one relative to the previous
///     input's tick + 1 (`relative`, width 32), so one input per tick costs 5 bits;
///   - each field of the table in order, as its `QuantizedRange` code (a reader rejects a
///     code above the range's top with `valueOutOfRange`; an encoder clamps first).
///
/// With Arena's four fields (30 bits) three inputs cost 20 bytes. The server's hot path
/// decodes with `decodeAll(_:table:_:)`, which allocates nothing.
///
/// Not a `WireMessage`: its layout depends on the table, which that protocol's `decode`
/// cannot be given.
public struct InputMessage: Hashable, Sendable {
    public static let type = MessageType.input
    /// The most inputs one message carries.
    public static let maxInputs = 8

    /// The fields of each input.
    public var table: InputTable
    /// Oldest first, with consecutive sequences; 1…`maxInputs` of them to be encodable.
    public var inputs: [PlayerInput]

    public init(table: InputTable, inputs: [PlayerInput]) {
        self.table = table
        self.inputs = inputs
    }

    /// The whole message as a new array (tests and tools; clients reuse a writer).
    public func encoded() -> [UInt8] {
        var writer = BitWriter(capacity: 64)
        Self.encode(inputs, table: table, into: &writer)
        return writer.finish()
    }

    /// Decodes a whole message (type byte included) into a new value.
    public static func decode(_ message: UnsafeRawBufferPointer, table: InputTable) throws(WireError) -> InputMessage {
        var inputs: [PlayerInput] = []
        _ = try decodeAll(message, table: table) { decoded in
            inputs.append(contentsOf: decoded)
            return 0
        }
        return InputMessage(table: table, inputs: inputs)
    }

    public static func decode(_ message: [UInt8], table: InputTable) throws(WireError) -> InputMessage {
        var failure: WireError? = nil
        let result = message.withUnsafeBytes { raw -> InputMessage? in
            do throws(WireError) { return try decode(raw, table: table) } catch {
                failure = error
                return nil
            }
        }
        if let failure { throw failure }
        return result!
    }

    // MARK: Allocation-free paths

    /// Appends one input message holding `inputs` (oldest first, consecutive sequences,
    /// 1…`maxInputs` of them) to `writer`, without building an `InputMessage`.
    public static func encode<C: Collection>(_ inputs: C, table: InputTable, into writer: inout BitWriter) where C.Element == PlayerInput {
        precondition(writer.bitCount & 7 == 0, "a message must start on a byte boundary")
        writer.write(UInt32(type.rawValue), bits: 8)
        var count = inputs.count
        var first = inputs.first?.sequence ?? 0
        serializeHeader(&writer, count: &count, firstSequence: &first)
        var previousTick: UInt32? = nil
        var expected = first
        for input in inputs {
            precondition(input.sequence == expected, "InputMessage: sequences must be consecutive, oldest first")
            var copy = input
            serialize(&copy, previousTick: previousTick, table: table, &writer)
            previousTick = input.tick
            expected &+= 1
        }
        writer.alignToByte()
    }

    /// Decodes an input message (type byte included) and calls `body` with each input,
    /// oldest first. The whole message is validated before `body` sees anything, so a
    /// malformed message delivers no input at all. Allocates nothing.
    public static func decode(_ message: UnsafeRawBufferPointer, table: InputTable, _ body: (PlayerInput) -> Void) throws(WireError) {
        _ = try decodeAll(message, table: table) { inputs in
            for input in inputs { body(input) }
            return inputs.count
        }
    }

    /// Decodes an input message (type byte included) in one pass into stack space and, once
    /// the whole message proved valid, lends `body` all its inputs, oldest first, and returns
    /// what `body` returns. A malformed message reaches `body` not at all. Allocates nothing.
    public static func decodeAll(
        _ message: UnsafeRawBufferPointer, table: InputTable, _ body: (UnsafeBufferPointer<PlayerInput>) -> Int
    ) throws(WireError) -> Int {
        // Not generic and no `Result`: both would cost a metadata lookup per message.
        var failure: WireError? = nil
        let result = withUnsafeTemporaryAllocation(of: PlayerInput.self, capacity: maxInputs) { space -> Int in
            do throws(WireError) {
                let count = try walk(message, table: table, into: space)
                defer { space.baseAddress!.deinitialize(count: count) }
                return body(UnsafeBufferPointer(rebasing: space[0 ..< count]))
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        return result
    }

    /// Reads the whole message into `space` (at least `maxInputs` long) and returns how many
    /// inputs it initialized; on a throw none are left initialized.
    private static func walk(_ message: UnsafeRawBufferPointer, table: InputTable,
                             into space: UnsafeMutableBufferPointer<PlayerInput>) throws(WireError) -> Int {
        var reader = BitReader(message)
        try reader.expectMessageType(type)
        var count = 0
        var first: UInt32 = 0
        try serializeHeader(&reader, count: &count, firstSequence: &first)
        var input = PlayerInput(sequence: first, tick: 0)
        for index in 0 ..< count {
            input.sequence = first &+ UInt32(truncatingIfNeeded: index)
            let previousTick = index == 0 ? nil : input.tick
            try serialize(&input, previousTick: previousTick, table: table, &reader)
            space[index] = input  // PlayerInput is a trivial type: plain stores suffice
        }
        try reader.finish()
        return count
    }

    // MARK: Layout

    @inlinable
    static func serializeHeader<S: BitStream>(_ stream: inout S, count: inout Int, firstSequence: inout UInt32) throws(S.Failure) {
        try stream.serialize(&count, min: 1, max: maxInputs)
        try stream.serialize(&firstSequence, bits: 32)
    }

    /// One input after the header; `previousTick` is nil for the first. Lanes past the
    /// table are left as they are (zero in every input a decoder builds).
    @inlinable
    static func serialize<S: BitStream>(_ input: inout PlayerInput, previousTick: UInt32?, table: InputTable,
                                        _ stream: inout S) throws(S.Failure) {
        if let previousTick {
            try stream.serialize(&input.tick, relativeTo: previousTick &+ 1)
        } else {
            try stream.serialize(&input.tick, bits: 32)
        }
        for index in table.fields.indices {
            try stream.serialize(&input.values[index], as: table.fields[index].range)
        }
    }
}
