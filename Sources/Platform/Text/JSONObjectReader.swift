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

    init(_ bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// The top-level object's members, nested values reduced to their kind. `maxDepth`
    /// counts the top-level object as 1.
    public static func parse(_ bytes: UnsafeRawBufferPointer,
                             maxDepth: Int = defaultMaxDepth) -> Result<[String: JSONValue], JSONSyntaxError> {
        parseTree(bytes, maxDepth: maxDepth).map { tree in
            (tree.object ?? [:]).mapValues(JSONValue.init)
        }
    }

    public static func parse(_ bytes: [UInt8],
                             maxDepth: Int = defaultMaxDepth) -> Result<[String: JSONValue], JSONSyntaxError> {
        bytes.withUnsafeBytes { parse($0, maxDepth: maxDepth) }
    }

    mutating func expectLiteral(_ word: StaticString) throws(JSONSyntaxError) {
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
