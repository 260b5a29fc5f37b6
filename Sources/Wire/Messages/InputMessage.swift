/// Client → server: the player's latest inputs, repeated so that a late or lost frame
/// costs nothing: each message carries the newest input and up to seven before it, so the
/// server fills any gap from the next message (it applies each sequence once).
///
/// Body:
/// - `count − 1` as a ranged integer 0…7 (3 bits);
/// - `firstSequence`, the oldest input's sequence (32 bits); input `i` has sequence
///   `firstSequence + i` (wrapping): the inputs are consecutive, oldest first;
/// - per input, oldest first:
///   - `tick`: the first input's in 32 bits; every later one relative to the previous
///     input's tick + 1 (`relative`, width 32), so one input per tick costs 5 bits;
///   - `buttons` (8 bits);
///   - `aim`: the top 12 bits of the binary angle (`aim >> 4`); decodes as `code << 4`;
///   - `moveX`, `moveY`: ranged −1…1, i.e. `value + 1` in 2 bits. Code 3 is rejected
///     (`valueOutOfRange`); an encoder clamps any other value into −1…1 first.
///
/// Three inputs cost 20 bytes. The server's hot path decodes with
/// `decode(_:_:)`, which allocates nothing.
public struct InputMessage: WireMessage, Hashable, Sendable {
    public static let type = MessageType.input
    /// The most inputs one message carries.
    public static let maxInputs = 8

    /// Oldest first, with consecutive sequences; 1…`maxInputs` of them to be encodable.
    public var inputs: [PlayerInput]

    public init() {
        inputs = []
    }

    public init(inputs: [PlayerInput]) {
        self.inputs = inputs
    }

    public mutating func serialize<S: BitStream>(_ stream: inout S) throws(S.Failure) {
        var count = inputs.count
        var first = inputs.first?.sequence ?? 0
        try Self.serializeHeader(&stream, count: &count, firstSequence: &first)
        if stream.isReading {
            inputs.removeAll(keepingCapacity: true)
            var input = PlayerInput(sequence: first, tick: 0)
            for index in 0 ..< count {
                input.sequence = first &+ UInt32(truncatingIfNeeded: index)
                let previousTick = index == 0 ? nil : input.tick
                try Self.serialize(&input, previousTick: previousTick, &stream)
                inputs.append(input)
            }
        } else {
            for index in 0 ..< count {
                precondition(inputs[index].sequence == first &+ UInt32(truncatingIfNeeded: index),
                             "InputMessage: sequences must be consecutive, oldest first")
                let previousTick = index == 0 ? nil : inputs[index - 1].tick
                try Self.serialize(&inputs[index], previousTick: previousTick, &stream)
            }
        }
    }

    // MARK: Allocation-free paths

    /// Appends one input message holding `inputs` (oldest first, consecutive sequences,
    /// 1…`maxInputs` of them) to `writer`, without building an `InputMessage`.
    public static func encode<C: Collection>(_ inputs: C, into writer: inout BitWriter) where C.Element == PlayerInput {
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
            serialize(&copy, previousTick: previousTick, &writer)
            previousTick = input.tick
            expected &+= 1
        }
        writer.alignToByte()
    }

    /// Decodes an input message (type byte included) and calls `body` with each input,
    /// oldest first. The whole message is validated before `body` sees anything, so a
    /// malformed message delivers no input at all. Allocates nothing.
    public static func decode(_ message: UnsafeRawBufferPointer, _ body: (PlayerInput) -> Void) throws(WireError) {
        _ = try decodeAll(message) { inputs in
            for input in inputs { body(input) }
            return inputs.count
        }
    }

    /// Decodes an input message (type byte included) in one pass into stack space and, once
    /// the whole message proved valid, lends `body` all its inputs, oldest first, and returns what `body` returns. A malformed
    /// message reaches `body` not at all. Allocates nothing.
    public static func decodeAll(
        _ message: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<PlayerInput>) -> Int
    ) throws(WireError) -> Int {
        // Not generic and no `Result`: both would cost a metadata lookup per message.
        var failure: WireError? = nil
        let result = withUnsafeTemporaryAllocation(of: PlayerInput.self, capacity: maxInputs) { space -> Int in
            do throws(WireError) {
                let count = try walk(message, into: space)
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
    private static func walk(_ message: UnsafeRawBufferPointer, into space: UnsafeMutableBufferPointer<PlayerInput>) throws(WireError) -> Int {
        var reader = BitReader(message)
        try reader.expectMessageType(type)
        var count = 0
        var first: UInt32 = 0
        try serializeHeader(&reader, count: &count, firstSequence: &first)
        var input = PlayerInput(sequence: first, tick: 0)
        for index in 0 ..< count {
            input.sequence = first &+ UInt32(truncatingIfNeeded: index)
            let previousTick = index == 0 ? nil : input.tick
            try serialize(&input, previousTick: previousTick, &reader)
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

    /// One input after the header; `previousTick` is nil for the first.
    @inlinable
    static func serialize<S: BitStream>(_ input: inout PlayerInput, previousTick: UInt32?, _ stream: inout S) throws(S.Failure) {
        if let previousTick {
            try stream.serialize(&input.tick, relativeTo: previousTick &+ 1)
        } else {
            try stream.serialize(&input.tick, bits: 32)
        }
        try stream.serialize(&input.buttons, bits: 8)
        var aim = input.aim >> 4
        try stream.serialize(&aim, bits: 12)
        input.aim = aim << 4
        var moveX = Int(Swift.max(-1, Swift.min(1, input.moveX)))
        try stream.serialize(&moveX, min: -1, max: 1)
        input.moveX = Int8(truncatingIfNeeded: moveX)
        var moveY = Int(Swift.max(-1, Swift.min(1, input.moveY)))
        try stream.serialize(&moveY, min: -1, max: 1)
        input.moveY = Int8(truncatingIfNeeded: moveY)
    }
}
