/// Header fields in the order they were received or added.
///
/// Stored as an ordered list rather than a dictionary: repeated fields are legal and
/// meaningful (`Connection`, `Sec-WebSocket-Protocol` may each arrive on several lines),
/// and order matters when serializing. Header sections are capped at a few dozen
/// fields, so a linear scan beats hashing.
public struct HTTPHeaders: Sendable, Sequence, Equatable, ExpressibleByDictionaryLiteral {
    public typealias Element = (name: String, value: String)

    private var fields: [Element] = []

    public init() {}

    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { (name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[Element]> { fields.makeIterator() }

    public mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Removes every field called `name` (case-insensitively).
    public mutating func remove(name: String) {
        fields.removeAll { HTTPSyntax.equalsIgnoringCase($0.name, name) }
    }

    /// Replaces every field called `name` with a single one.
    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        add(name: name, value: value)
    }

    public func contains(name: String) -> Bool {
        fields.contains { HTTPSyntax.equalsIgnoringCase($0.name, name) }
    }

    /// The first value of `name`, or nil when absent.
    public subscript(name: String) -> String? {
        fields.first { HTTPSyntax.equalsIgnoringCase($0.name, name) }?.value
    }

    /// Every value of `name`, one per header line, in order.
    public func values(for name: String) -> [String] {
        fields.filter { HTTPSyntax.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    /// The elements of a comma-separated list header, across all its lines, with
    /// surrounding whitespace removed and empty elements dropped (RFC 9110 §5.6.1).
    public func tokens(in name: String) -> [String] {
        values(for: name)
            .flatMap { $0.split(separator: ",") }
            .map { HTTPSyntax.string(HTTPSyntax.trimmingOWS($0.utf8)) }
            .filter { !$0.isEmpty }
    }

    /// True if a comma-separated token list header (e.g. Connection: keep-alive, Upgrade) contains `token`, case-insensitively, across repeated header lines.
    public func containsToken(_ token: String, in name: String) -> Bool {
        for value in values(for: name) {
            for element in value.utf8.split(separator: HTTPSyntax.comma) {
                if HTTPSyntax.equalsIgnoringCase(HTTPSyntax.trimmingOWS(element), token.utf8) {
                    return true
                }
            }
        }
        return false
    }

    /// Field names compare case-insensitively; values and order compare exactly.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy {
                HTTPSyntax.equalsIgnoringCase($0.name, $1.name) && $0.value == $1.value
            }
    }
}
