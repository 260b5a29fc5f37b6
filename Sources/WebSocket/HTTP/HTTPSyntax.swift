/// Byte-level grammar shared by the request and response parsers, the header
/// container and the handshake (RFC 9110 §5.6). Kept free of Foundation so the parser
/// stays allocation-light and its rules sit in one place.
enum HTTPSyntax {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")

    /// `tchar` from RFC 9110 §5.6.2: the characters allowed in methods and field names.
    static func isTokenChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"),
             UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
             UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Visible ASCII (`VCHAR`), the alphabet of a request target.
    static func isVisible(_ byte: UInt8) -> Bool { byte >= 0x21 && byte <= 0x7E }

    /// Bytes allowed inside a field value or reason phrase: VCHAR, SP, HTAB and
    /// `obs-text` (0x80–0xFF, which is how UTF-8 arrives). Every other control byte,
    /// NUL and DEL included, is refused so it can never be smuggled into a header.
    static func isFieldValueChar(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || (byte >= 0x21 && byte != 0x7F)
    }

    static func isOWS(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Strips optional whitespace (SP / HTAB) from both ends.
    static func trimmingOWS<C: BidirectionalCollection>(_ bytes: C) -> C.SubSequence where C.Element == UInt8 {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start != end, isOWS(bytes[start]) { start = bytes.index(after: start) }
        while start != end {
            let before = bytes.index(before: end)
            guard isOWS(bytes[before]) else { break }
            end = before
        }
        return bytes[start..<end]
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// ASCII-only case-insensitive comparison: field names and the tokens we look for
    /// are ASCII, and Unicode case folding would let lookalike names match.
    static func equalsIgnoringCase<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8 {
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { lowercased($0) == lowercased($1) }
    }

    static func equalsIgnoringCase(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
        equalsIgnoringCase(a.utf8, b.utf8)
    }

    /// `String` from wire bytes; invalid UTF-8 becomes U+FFFD rather than failing,
    /// since the bytes were already checked against the grammar.
    static func string(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
