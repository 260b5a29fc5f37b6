/// Incremental: any split of the bytes across feed() calls gives the same result; the limit is enforced as bytes arrive (a slow-loris header that never ends hits maxHeaderBytes, never grows memory beyond it).
///
/// A value-type state machine with no I/O, so the connection only loops over it:
///
///     switch parser.feed(chunk) {
///     case .needMore: break                               // every byte was taken
///     case .request(let request, let consumed): ...       // chunk[consumed...] is not ours
///     case .failure(let error): send .text(error.status, error.reason), then close
///     }
///
/// After `.request` the parser is ready for the next request on its own (so pipelined
/// requests are parsed by feeding the unconsumed rest); `reset()` also discards a
/// partial head. After `.failure` it keeps answering the same failure until `reset()`.
///
/// Rules (RFC 9112): `METHOD SP target SP HTTP/1.x CRLF`, bare LF tolerated; other
/// versions 505, garbage 400; header names are tokens with no whitespace before ':';
/// obs-fold 400; head > `maxHeaderBytes` or more than `maxHeaderCount` fields 431;
/// target > `maxTargetLength` 414; any body (Content-Length > 0, any
/// Transfer-Encoding) 413 since this server takes none; HTTP/1.1 without exactly one
/// Host 400; malformed or conflicting Content-Length 400.
public struct HTTPRequestParser: Sendable {
    public enum Result: Sendable, Equatable {
        case needMore
        /// `consumed` = bytes of `bytes` this call used; the rest belongs to the next request or, after an upgrade, to WebSocket frames.
        case request(HTTPRequest, consumed: Int)
        case failure(HTTPParseError)
    }

    private var head: HTTPHeadParser<HTTPRequestLine>

    public init(limits: HTTPParserLimits = .init()) {
        head = HTTPHeadParser(limits: limits)
    }

    public var limits: HTTPParserLimits { head.limits }

    /// Bytes of the current, unfinished head held by the parser; never more than
    /// `limits.maxHeaderBytes`.
    public var bufferedByteCount: Int { head.headBytes }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Result {
        switch head.feed(bytes) {
        case .needMore:
            return .needMore
        case .failure(let error):
            return .failure(error)
        case .complete(let line, let headers, let consumed):
            if let error = Self.checkSemantics(line, headers) {
                _ = head.fail(error)
                return .failure(error)
            }
            let request = HTTPRequest(method: line.method, target: line.target,
                                      versionMinor: line.versionMinor, headers: headers)
            return .request(request, consumed: consumed)
        }
    }

    /// Convenience for callers holding an array.
    public mutating func feed(_ bytes: [UInt8]) -> Result {
        bytes.withUnsafeBytes { feed($0) }
    }

    /// For the next request on a keep-alive connection; also clears a latched failure.
    public mutating func reset() {
        head.reset()
    }

    /// Checks that need the whole head: Host (RFC 9112 §3.2) and message framing
    /// (§6.3). A request announcing a body is refused outright rather than skipped,
    /// because a body we do not read would be parsed as the next request.
    private static func checkSemantics(_ line: HTTPRequestLine, _ headers: HTTPHeaders) -> HTTPParseError? {
        let hosts = headers.values(for: "Host")
        if hosts.count > 1 { return .badRequest("more than one Host header") }
        if line.versionMinor >= 1 && hosts.isEmpty { return .badRequest("missing Host header") }

        let lengths = headers.values(for: "Content-Length")
        var length: Int?
        if !lengths.isEmpty {
            guard let parsed = parseContentLength(lengths) else {
                return .badRequest("invalid Content-Length")
            }
            length = parsed
        }
        if headers.contains(name: "Transfer-Encoding") {
            return .init(status: .payloadTooLarge, reason: "request bodies are not accepted")
        }
        if let length, length > 0 {
            return .init(status: .payloadTooLarge, reason: "request bodies are not accepted")
        }
        return nil
    }

    /// All Content-Length values (repeated lines or a comma list, RFC 9110 §8.6) must
    /// be the same run of digits. Values too large for `Int` come back as `Int.max`:
    /// they are refused as too large, not as malformed.
    static func parseContentLength(_ values: [String]) -> Int? {
        var result: Int?
        for value in values {
            for element in value.utf8.split(separator: HTTPSyntax.comma, omittingEmptySubsequences: false) {
                let digits = HTTPSyntax.trimmingOWS(element)
                guard !digits.isEmpty, digits.allSatisfy(HTTPSyntax.isDigit) else { return nil }
                var number = 0
                for digit in digits {
                    let (times10, overflow1) = number.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times10.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
                    if overflow1 || overflow2 { number = .max; break }
                    number = sum
                }
                if let result, result != number { return nil }
                result = number
            }
        }
        return result
    }
}
