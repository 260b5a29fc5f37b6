/// What a client must know about a game to decode its snapshots, sent inside `welcome`:
/// the game's name and version, the world's bounds, the view size, every entity kind's
/// field table and the game's input fields. With it any client decodes any game's snapshots
/// and encodes its inputs; nothing is hard-coded on its side.
///
/// It is also what a game declares about itself: Simulation calls it `GameDescriptor`
/// (`Game.descriptor`), so the server sends exactly the value the game declared.
///
/// Layout:
/// - `name` (string ≤ 32 bytes) · `version` (16 bits);
/// - `worldMinX`, `worldMinY` (32 bits each, two's complement) · `worldMaxX − worldMinX`,
///   `worldMaxY − worldMinY` (32 bits each, unsigned: a max below its min cannot be sent;
///   a max above `Int32.max` is rejected as `valueOutOfRange`);
/// - `viewRadius` (ranged 0…2³¹ − 1, 31 bits);
/// - `kinds.count − 1` (ranged 0…255, 8 bits), then per kind, in kind order (kind `i` is
///   the `i`-th table, so kinds are not sent):
///   - `name` (string ≤ 32 bytes) · `fields.count − 2` (ranged 0…6, 3 bits);
///   - per field: `name` (string ≤ 32 bytes) · `min` (32 bits, two's complement) ·
///     `max − min` (32 bits, unsigned) · `step − 1` (`varuint`, at most 2³² − 1);
/// - `inputs.count` (ranged 0…8, 4 bits), then per input field, in order: `name`, `min`,
///   `max − min`, `step − 1` as for an entity field · `whenLate` (ranged 0…2, 2 bits:
///   release, hold, keep).
public struct GameSchema: Hashable, Sendable {
    public static let maxNameBytes = 32
    public static let maxKinds = 256

    public var name: String
    public var version: UInt16
    /// Field tables; `kinds[i].kind == i`.
    public var kinds: [FieldTable]
    /// The world's extent in simulation units (inclusive).
    public var worldMinX: Int32, worldMinY: Int32, worldMaxX: Int32, worldMaxY: Int32
    /// Half the side of the square each player sees (see `SnapshotEncoder`).
    public var viewRadius: Int32
    /// What each of the game's inputs holds.
    public var inputs: InputTable

    public init(name: String, version: UInt16, kinds: [FieldTable], inputs: InputTable,
                worldMinX: Int32, worldMinY: Int32, worldMaxX: Int32, worldMaxY: Int32, viewRadius: Int32) {
        precondition(kinds.enumerated().allSatisfy { Int($0.element.kind) == $0.offset },
                     "GameSchema: kinds must be numbered 0, 1, 2... in order")
        precondition(!kinds.isEmpty && kinds.count <= Self.maxKinds, "GameSchema: 1...256 kinds")
        precondition(worldMinX <= worldMaxX && worldMinY <= worldMaxY, "GameSchema: empty world")
        precondition(viewRadius >= 0, "GameSchema: negative view radius")
        self.name = name
        self.version = version
        self.kinds = kinds
        self.worldMinX = worldMinX
        self.worldMinY = worldMinY
        self.worldMaxX = worldMaxX
        self.worldMaxY = worldMaxY
        self.viewRadius = viewRadius
        self.inputs = inputs
    }

    /// A placeholder for decoding.
    init() {
        name = ""
        version = 0
        kinds = []
        worldMinX = 0
        worldMinY = 0
        worldMaxX = 0
        worldMaxY = 0
        viewRadius = 0
        inputs = InputTable([])
    }

    public mutating func serialize<S: BitStream>(_ stream: inout S) throws(S.Failure) {
        try stream.serialize(&name, maxBytes: Self.maxNameBytes)
        try stream.serialize(&version, bits: 16)
        try Self.serializeSpan(&worldMinX, &worldMaxX, &stream)
        try Self.serializeSpan(&worldMinY, &worldMaxY, &stream)
        try stream.serialize(&viewRadius, min: 0, max: Int32.max)
        var count = kinds.count
        try stream.serialize(&count, min: 1, max: Self.maxKinds)
        if stream.isReading {
            kinds.removeAll()
            for index in 0 ..< count {
                kinds.append(try Self.readTable(kind: UInt8(truncatingIfNeeded: index), &stream))
            }
        } else {
            for table in kinds {
                try Self.serializeTable(table, &stream)
            }
        }
        try Self.serializeInputs(&inputs, &stream)
    }

    // MARK: Parts

    /// `min` as 32 bits, then `max − min` as an unsigned 32-bit span.
    static func serializeSpan<S: BitStream>(_ min: inout Int32, _ max: inout Int32, _ stream: inout S) throws(S.Failure) {
        var minBits = UInt32(bitPattern: min)
        try stream.serialize(&minBits, bits: 32)
        let start = stream.bitCount
        var span = UInt32(truncatingIfNeeded: Int64(max) - Int64(min))
        try stream.serialize(&span, bits: 32)
        let limit = Int64(Int32.max) - Int64(Int32(bitPattern: minBits))
        try stream.require(Int64(span) <= limit,
                           else: .valueOutOfRange(bitOffset: start, value: UInt64(span), limit: UInt64(limit)))
        min = Int32(bitPattern: minBits)
        max = Int32(truncatingIfNeeded: Int64(min) + Int64(span))
    }

    static func serializeTable<S: BitStream>(_ table: FieldTable, _ stream: inout S) throws(S.Failure) {
        var name = table.name
        try stream.serialize(&name, maxBytes: maxNameBytes)
        var count = table.count
        try stream.serialize(&count, min: 2, max: FieldTable.maxFields)
        for field in table.fields {
            var name = field.name
            var min = field.range.min
            var max = field.range.max
            var step = UInt64(field.range.step)
            try serializeField(name: &name, min: &min, max: &max, step: &step, &stream)
        }
    }

    static func readTable<S: BitStream>(kind: UInt8, _ stream: inout S) throws(S.Failure) -> FieldTable {
        var name = ""
        try stream.serialize(&name, maxBytes: maxNameBytes)
        var count = 0
        try stream.serialize(&count, min: 2, max: FieldTable.maxFields)
        var fields: [FieldSpec] = []
        for _ in 0 ..< count {
            var fieldName = ""
            var min: Int32 = 0
            var max: Int32 = 0
            var step: UInt64 = 1
            try serializeField(name: &fieldName, min: &min, max: &max, step: &step, &stream)
            fields.append(FieldSpec(fieldName, QuantizedRange(min: min, max: max, step: Int64(step))))
        }
        return FieldTable(kind: kind, name: name, fields: fields)
    }

    static func serializeInputs<S: BitStream>(_ inputs: inout InputTable, _ stream: inout S) throws(S.Failure) {
        var count = inputs.count
        try stream.serialize(&count, min: 0, max: InputTable.maxFields)
        var fields: [InputField] = []
        for index in 0 ..< count {
            var name = stream.isReading ? "" : inputs.fields[index].name
            var min = stream.isReading ? 0 : inputs.fields[index].range.min
            var max = stream.isReading ? 0 : inputs.fields[index].range.max
            var step = stream.isReading ? 1 : UInt64(inputs.fields[index].range.step)
            var whenLate = Int(stream.isReading ? 0 : inputs.fields[index].whenLate.rawValue)
            try serializeField(name: &name, min: &min, max: &max, step: &step, &stream)
            try stream.serialize(&whenLate, min: 0, max: InputField.WhenLate.allCases.count - 1)
            if stream.isReading {
                fields.append(InputField(name, QuantizedRange(min: min, max: max, step: Int64(step)),
                                         whenLate: InputField.WhenLate(rawValue: UInt8(whenLate))!))
            }
        }
        if stream.isReading { inputs = InputTable(fields) }
    }

    static func serializeField<S: BitStream>(
        name: inout String, min: inout Int32, max: inout Int32, step: inout UInt64, _ stream: inout S
    ) throws(S.Failure) {
        try stream.serialize(&name, maxBytes: maxNameBytes)
        try serializeSpan(&min, &max, &stream)
        let start = stream.bitCount
        var stepCode = step &- 1
        try stream.serializeVarUInt(&stepCode)
        try stream.require(stepCode <= UInt64(UInt32.max),
                           else: .valueOutOfRange(bitOffset: start, value: stepCode, limit: UInt64(UInt32.max)))
        step = stepCode + 1
    }
}
