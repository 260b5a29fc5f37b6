/// A game's input fields, in wire order: the single description of its controls that the
/// input message's encoder and decoder, the recording's input coding, the server's late-input
/// stand-ins and (sent in `welcome`) the JS client all follow. A game declares it in its
/// descriptor next to its entity field tables.
public struct InputTable: Hashable, Sendable {
    /// The most fields an input may have (`PlayerInput` stores them inline).
    public static let maxFields = PlayerInput.maxFields

    public let fields: [InputField]
    /// Every field at rest, the values of a neutral input.
    public let restValues: SIMD8<Int32>
    /// 1 in the lanes of `release` fields: what a repeated input puts at rest.
    @usableFromInline let releaseMask: SIMD8<Int32>
    /// 1 in the lanes of `release` and `hold` fields: what the resting input puts at rest.
    @usableFromInline let restingMask: SIMD8<Int32>

    public init(_ fields: [InputField]) {
        precondition(fields.count <= Self.maxFields, "an input table has at most \(Self.maxFields) fields")
        self.fields = fields
        var rest = SIMD8<Int32>.zero, release = SIMD8<Int32>.zero, resting = SIMD8<Int32>.zero
        for (index, field) in fields.enumerated() {
            rest[index] = field.rest
            if field.whenLate == .release { release[index] = 1 }
            if field.whenLate != .keep { resting[index] = 1 }
        }
        restValues = rest
        releaseMask = release
        restingMask = resting
    }

    public var count: Int { fields.count }

    /// The index of the first field called `name`, if there is one (a game's names are
    /// unique; a table decoded from a peer is not checked for it).
    public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }

    /// `input` with every value clamped and quantized as the wire would deliver it, and the
    /// lanes past the table zeroed: what a server applies for an input made in-process.
    public func quantized(_ input: PlayerInput) -> PlayerInput {
        var result = input
        result.values = .zero
        for index in fields.indices { result.values[index] = fields[index].range.quantize(input.values[index]) }
        return result
    }

    /// The stand-in for a late input: `input` with its `release` fields at rest.
    @inlinable
    public func repeated(_ input: PlayerInput) -> PlayerInput {
        var result = input
        result.values.replace(with: restValues, where: releaseMask .== 1)
        return result
    }

    /// Two consecutive inputs applied as one (`newer`, with each `release` field the larger of
    /// the two): what a server does to drain a backlog without losing a trigger press.
    @inlinable
    public func merging(_ older: PlayerInput, into newer: PlayerInput) -> PlayerInput {
        var result = newer
        result.values.replace(with: pointwiseMax(older.values, newer.values), where: releaseMask .== 1)
        return result
    }

    /// The input that stops a player: `input` with its `release` and `hold` fields at rest,
    /// its `keep` fields as they were.
    @inlinable
    public func resting(_ input: PlayerInput) -> PlayerInput {
        var result = input
        result.values.replace(with: restValues, where: restingMask .== 1)
        return result
    }
}
