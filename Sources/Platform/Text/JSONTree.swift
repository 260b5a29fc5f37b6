/// A whole JSON document, nested values kept: what a REST API's answers are (the Agones SDK
/// server's GameServer object, several levels deep). Read by `JSONObjectReader.parseTree`
/// with the same strictness as `parse` (duplicate keys, trailing bytes, depth, UTF-8), so one
/// grammar serves both; use `parse` where only the top level matters, which keeps nothing
/// nested and so allocates less.
public indirect enum JSONTree: Sendable, Equatable {
    case string(String)
    case number(JSONNumber)
    case bool(Bool)
    case null
    case array([JSONTree])
    case object([String: JSONTree])

    /// The member `key` of an object (nil for a missing key or a non-object).
    public subscript(key: String) -> JSONTree? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The value at a path of object keys, e.g. `tree[path: "status", "state"]`.
    public subscript(path keys: String...) -> JSONTree? {
        var node: JSONTree? = self
        for key in keys { node = node?[key] }
        return node
    }

    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// An integer from a number, or from a string of digits: protobuf's JSON mapping writes
    /// 64-bit integers as strings.
    public var integer: Int64? {
        switch self {
        case .number(let number): return number.floor.flatMap { number.ceiling == $0 ? $0 : nil }
        case .string(let text): return Int64(text)
        default: return nil
        }
    }

    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var array: [JSONTree]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    public var object: [String: JSONTree]? {
        if case .object(let members) = self { return members }
        return nil
    }
}

extension JSONObjectReader {
    /// A whole document whose top level is an object, nested values kept. `maxDepth` counts
    /// the top-level object as 1.
    public static func parseTree(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) -> Result<JSONTree, JSONSyntaxError> {
        var reader = JSONObjectReader(bytes, maxDepth: maxDepth)
        do throws(JSONSyntaxError) {
            reader.skipWhitespace()
            guard reader.peek() == UInt8(ascii: "{") else { throw reader.failure("expected an object") }
            let tree = try reader.readTree(depth: 1)
            reader.skipWhitespace()
            guard reader.position == bytes.count else { throw reader.failure("unexpected bytes after the object") }
            return .success(tree)
        } catch {
            return .failure(error)
        }
    }

    public static func parseTree(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) -> Result<JSONTree, JSONSyntaxError> {
        bytes.withUnsafeBytes { parseTree($0, maxDepth: maxDepth) }
    }

    /// The value starting here; a container it is opens at `depth`.
    private mutating func readTree(depth: Int) throws(JSONSyntaxError) -> JSONTree {
        skipWhitespace()
        guard let byte = peek() else { throw failure("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "{"):
            guard depth <= maxDepth else { throw failure("nested deeper than \(maxDepth)") }
            position += 1
            var members: [String: JSONTree] = [:]
            skipWhitespace()
            if peek() == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string key") }
                let keyOffset = position
                let key = try readString()
                skipWhitespace()
                guard peek() == UInt8(ascii: ":") else { throw failure("expected ':' after a key") }
                position += 1
                let value = try readTree(depth: depth + 1)
                guard members.updateValue(value, forKey: key) == nil else {
                    throw JSONSyntaxError("duplicate key \(LogText.quoted(key))", at: keyOffset)
                }
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "}"):
                    position += 1
                    return .object(members)
                default: throw failure("expected ',' or '}' in an object")
                }
            }
        case UInt8(ascii: "["):
            guard depth <= maxDepth else { throw failure("nested deeper than \(maxDepth)") }
            position += 1
            var elements: [JSONTree] = []
            skipWhitespace()
            if peek() == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            while true {
                elements.append(try readTree(depth: depth + 1))
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "]"):
                    position += 1
                    return .array(elements)
                default: throw failure("expected ',' or ']' in an array")
                }
            }
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try readNumber())
        default:
            throw failure("expected a value")
        }
    }
}
