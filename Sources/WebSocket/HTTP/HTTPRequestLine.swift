/// `method SP request-target SP HTTP-version` (RFC 9112 §3), checked byte by byte as
/// it arrives and fully when the line ends.
struct HTTPRequestLine: HTTPStartLine {
    private enum Part { case method, target, version }

    private var part = Part.method
    /// Bytes seen in the current part (for the early length checks).
    private var partLength = 0

    private(set) var method = ""
    private(set) var target = ""
    private(set) var versionMinor = 1

    /// "HTTP/1.1" is the longest version we could accept.
    private static let versionLength = 8

    init() {}

    mutating func observe(_ byte: UInt8, limits: HTTPParserLimits) -> HTTPParseError? {
        if byte == HTTPSyntax.space {
            guard partLength > 0 else { return .badRequest("malformed request line") }
            switch part {
            case .method: part = .target
            case .target: part = .version
            case .version: return .badRequest("malformed request line")
            }
            partLength = 0
            return nil
        }
        partLength += 1
        switch part {
        case .method:
            guard HTTPSyntax.isTokenChar(byte) else { return .badRequest("invalid method") }
        case .target:
            guard HTTPSyntax.isVisible(byte), byte != UInt8(ascii: "#") else {
                return .badRequest("invalid character in request target")
            }
            guard partLength <= limits.maxTargetLength else {
                return .init(status: .uriTooLong, reason: "request target longer than \(limits.maxTargetLength) bytes")
            }
        case .version:
            guard partLength <= Self.versionLength else { return .badRequest("malformed HTTP version") }
        }
        return nil
    }

    mutating func complete(_ line: ArraySlice<UInt8>, limits: HTTPParserLimits) -> HTTPParseError? {
        // observe() already vetted every byte; here only the shape remains to check.
        let parts = line.split(separator: HTTPSyntax.space, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            return .badRequest("malformed request line")
        }
        switch HTTPVersion.parse(parts[2]) {
        case .none:
            return .badRequest("malformed HTTP version")
        case .some(let version) where version.major != 1:
            return .init(status: .httpVersionNotSupported, reason: "only HTTP/1.x is supported")
        case .some(let version):
            versionMinor = version.minor
        }
        method = HTTPSyntax.string(parts[0])
        target = HTTPSyntax.string(parts[1])
        return Self.checkTargetForm(parts[1], method: method)
    }

    /// Accepts origin-form (`/path`), absolute-form (`http://host/path`) and, for
    /// OPTIONS only, asterisk-form. Authority-form belongs to CONNECT, which a game
    /// server has no use for.
    private static func checkTargetForm(_ target: ArraySlice<UInt8>, method: String) -> HTTPParseError? {
        if target.first == UInt8(ascii: "/") { return nil }
        if HTTPRequest.absoluteFormSchemeEnd(Array(target)) != nil { return nil }
        if target.elementsEqual("*".utf8) && method == "OPTIONS" { return nil }
        return .badRequest("unsupported request target form")
    }
}
