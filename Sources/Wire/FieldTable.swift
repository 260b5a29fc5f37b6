/// One row of an entity kind's field table: the field's name and how its integer simulation
/// value is quantized for the wire. The table is the single description of an entity's state
/// that drives the encoder, the decoder and the delta mask, in Swift and (sent in `welcome`)
/// in the JS client.
public struct FieldSpec: Hashable, Sendable {
    public let name: String
    public let range: QuantizedRange

    public init(_ name: String, _ range: QuantizedRange) {
        self.name = name
        self.range = range
    }

    public var bits: Int { range.bits }
}

/// The fields of one entity kind, most frequently changing first (they share the low bits of
/// the change mask). By convention fields 0 and 1 are the entity's x and y position in
/// simulation units: interest management reads them.
public struct FieldTable: Hashable, Sendable {
    /// The most fields a kind may have: the change mask is one byte.
    public static let maxFields = 8

    public let kind: UInt8
    public let name: String
    public let fields: [FieldSpec]

    public init(kind: UInt8, name: String, fields: [FieldSpec]) {
        precondition(fields.count >= 2 && fields.count <= Self.maxFields,
                     "a field table has 2...\(Self.maxFields) fields (x and y first)")
        self.kind = kind
        self.name = name
        self.fields = fields
    }

    public var count: Int { fields.count }
}
