/// One member value of the object `JSONObjectReader` reads.
///
/// Nested arrays and objects are validated (syntax, depth, duplicate keys) but reduced to
/// their kind: JWT headers and join claims never need their contents (`JSONTree` keeps them).
public enum JSONValue: Sendable, Equatable {
    case string(String)
    case number(JSONNumber)
    case bool(Bool)
    case null
    case array
    case object

    /// What the value is, for error messages ("exp is a string").
    public var kind: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue {
    /// A top-level member's value, containers reduced to their kind.
    public init(_ tree: JSONTree) {
        switch tree {
        case .string(let text): self = .string(text)
        case .number(let number): self = .number(number)
        case .bool(let value): self = .bool(value)
        case .null: self = .null
        case .array: self = .array
        case .object: self = .object
        }
    }
}
