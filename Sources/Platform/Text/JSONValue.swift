/// One member value of the object `JSONObjectReader` reads.
///
/// Nested arrays and objects are validated (syntax, depth, duplicate keys) but their
/// contents are dropped: JWT headers and join claims never need them, and keeping them
/// would be allocation for nothing on every handshake.
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
