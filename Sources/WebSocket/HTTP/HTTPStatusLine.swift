/// `HTTP-version SP status-code SP [reason-phrase]` (RFC 9112 §4). A missing SP after
/// the code is tolerated, as the RFC recommends. Only the client side of the
/// handshake reads status lines, so nothing is checked early beyond the head limit.
struct HTTPStatusLine: HTTPStartLine {
    private(set) var status = 0
    private(set) var reason = ""

    init() {}

    mutating func observe(_ byte: UInt8, limits: HTTPParserLimits) -> HTTPParseError? { nil }

    mutating func complete(_ line: ArraySlice<UInt8>, limits: HTTPParserLimits) -> HTTPParseError? {
        // "HTTP/1.1" SP "101" = 12 bytes at least.
        guard line.count >= 12, line[line.startIndex + 8] == HTTPSyntax.space,
              let version = HTTPVersion.parse(line.prefix(8)) else {
            return .badRequest("malformed status line")
        }
        guard version.major == 1 else {
            return .init(status: .httpVersionNotSupported, reason: "response is not HTTP/1.x")
        }
        let code = line[(line.startIndex + 9)..<(line.startIndex + 12)]
        guard code.allSatisfy(HTTPSyntax.isDigit) else { return .badRequest("malformed status code") }
        let rest = line[(line.startIndex + 12)...]
        if let first = rest.first, first != HTTPSyntax.space { return .badRequest("malformed status code") }
        let reasonBytes = rest.dropFirst()
        guard reasonBytes.allSatisfy(HTTPSyntax.isFieldValueChar) else {
            return .badRequest("invalid character in reason phrase")
        }
        status = code.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        reason = HTTPSyntax.string(reasonBytes)
        return nil
    }
}
