/// `HTTP-version = "HTTP/" DIGIT "." DIGIT` (RFC 9112 §2.3), case-sensitive.
struct HTTPVersion: Equatable {
    var major: Int
    var minor: Int

    static func parse(_ bytes: ArraySlice<UInt8>) -> HTTPVersion? {
        let prefix = "HTTP/".utf8
        guard bytes.count == prefix.count + 3, bytes.prefix(prefix.count).elementsEqual(prefix) else { return nil }
        let major = bytes[bytes.startIndex + 5]
        let dot = bytes[bytes.startIndex + 6]
        let minor = bytes[bytes.startIndex + 7]
        guard HTTPSyntax.isDigit(major), dot == UInt8(ascii: "."), HTTPSyntax.isDigit(minor) else { return nil }
        return HTTPVersion(major: Int(major - UInt8(ascii: "0")), minor: Int(minor - UInt8(ascii: "0")))
    }
}
