/// A strict reader for one JSON object (RFC 8259): the shape of a JWT header or claims set,
/// and of an Engine.IO handshake a client reads.
///
/// Strict because a token's meaning must not depend on which parser reads it: duplicate
/// keys (which RFC 7515 §5.2 lets implementations resolve either way) are rejected, as are
/// trailing bytes, invalid UTF-8, lone surrogate escapes, raw control characters, and
/// anything RFC 8259's grammar does not allow (leading zeros, `+1`, `.5`, NaN, comments).
/// Keys are compared as Swift strings, so two canonically equivalent spellings of a key
/// also count as duplicates. Nesting is limited so hostile input cannot exhaust the stack.
public struct JSONObjectReader {
    public static let defaultMaxDepth = 16

    let bytes: UnsafeRawBufferPointer
    var position = 0
    let maxDepth: Int

    private init(_ bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// The top-level object's members. `maxDepth` counts the top-level object as 1.
    public static func parse(_ bytes: UnsafeRawBufferPointer,
                             maxDepth: Int = defaultMaxDepth) -> Result<[String: JSONValue], JSONSyntaxError> {
        var reader = JSONObjectReader(bytes, maxDepth: maxDepth)
        do throws(JSONSyntaxError) {
            return .success(try reader.readDocument())
        } catch {
            return .failure(error)
        }
    }

    public static func parse(_ bytes: [UInt8],
                             maxDepth: Int = defaultMaxDepth) -> Result<[String: JSONValue], JSONSyntaxError> {
        bytes.withUnsafeBytes { parse($0, maxDepth: maxDepth) }
    }

    private mutating func readDocument() throws(JSONSyntaxError) -> [String: JSONValue] {
        skipWhitespace()
        guard peek() == UInt8(ascii: "{") else { throw failure("expected an object") }
        var members: [String: JSONValue] = [:]
        members.reserveCapacity(8)
        // The result dictionary doubles as the duplicate check: one hash per key.
        try readObject(depth: 1) { key, value in members.updateValue(value, forKey: key) == nil }
        skipWhitespace()
        guard position == bytes.count else { throw failure("unexpected bytes after the object") }
        return members
    }

    /// Reads `{ ... }` starting at its brace, handing each member to `insert`, which returns
    /// false when the key was already there.
    private mutating func readObject(depth: Int, insert: (String, JSONValue) -> Bool) throws(JSONSyntaxError) {
        guard depth <= maxDepth else { throw failure("nested deeper than \(maxDepth)") }
        position += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string key") }
            let keyOffset = position
            let key = try readString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw failure("expected ':' after a key") }
            position += 1
            let value = try readValue(depth: depth)
            guard insert(key, value) else {
                throw JSONSyntaxError("duplicate key \(LogText.quoted(key))", at: keyOffset)
            }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                return
            default:
                throw failure("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func readArray(depth: Int) throws(JSONSyntaxError) {
        guard depth <= maxDepth else { throw failure("nested deeper than \(maxDepth)") }
        position += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return
        }
        while true {
            _ = try readValue(depth: depth)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "]"):
                position += 1
                return
            default:
                throw failure("expected ',' or ']' in an array")
            }
        }
    }

    /// A value inside a container at `depth`; containers it opens are at `depth + 1`.
    private mutating func readValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard let byte = peek() else { throw failure("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "{"):
            var keys = Set<String>()
            try readObject(depth: depth + 1) { key, _ in keys.insert(key).inserted }
            return .object
        case UInt8(ascii: "["):
            try readArray(depth: depth + 1)
            return .array
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

    private mutating func expectLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - position >= count else { throw failure("unexpected end of input") }
        for index in 0..<count where bytes[position + index] != word.utf8Start[index] {
            throw failure("invalid literal")
        }
        position += count
    }

    func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                position += 1
            default:
                return
            }
        }
    }

    func failure(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message, at: position)
    }
}
