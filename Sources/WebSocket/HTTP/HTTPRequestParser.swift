/// Incremental: any split of the bytes across feed() calls gives the same result; the limit is enforced as bytes arrive (a slow-loris header that never ends hits maxHeaderBytes, never grows memory beyond it).
///
/// A value-type state machine with no I/O, so the connection only loops over it:
///
///     switch parser.feed(chunk) {
///     case .needMore: break                               // every byte was taken
///     case .request(let request, let consumed): ...       // chunk[consumed...] is not ours
///     case .head(let request, let consumed): ...          // a body follows: readBody() or refuse
///     case .failure(let error): send .text(error.status, error.reason), then close
///     }
///
/// A request that announces a body (Content-Length > 0) is returned as `.head` first, so its
/// route can answer (405, 404, 413, …) before a byte of the body is read; only after
/// `readBody()` does the parser collect the body and return the whole request.
/// After `.request` the parser is ready for the next request on its own (so pipelined
/// requests are parsed by feeding the unconsumed rest); `reset()` also discards a
/// partial head. After `.failure` it keeps answering the same failure until `reset()`.
///
/// Rules (RFC 9112): `METHOD SP target SP HTTP/1.x CRLF`, bare LF tolerated; other
/// versions 505, garbage 400; header names are tokens with no whitespace before ':';
/// obs-fold 400; head > `maxHeaderBytes` or more than `maxHeaderCount` fields 431;
/// target > `maxTargetLength` 414; Content-Length > `maxBodyBytes` 413; Transfer-Encoding
/// chunked 411 (send a Content-Length) and any other transfer coding 501; HTTP/1.1 without
/// exactly one Host 400; malformed or conflicting Content-Length 400.
public struct HTTPRequestParser: Sendable {
    public enum Result: Sendable, Equatable {
        case needMore
        /// `consumed` = bytes of `bytes` this call used; the rest belongs to the next request or, after an upgrade, to WebSocket frames.
        case request(HTTPRequest, consumed: Int)
        /// The head of a request with a body: call `readBody()` to go on, or answer and close.
        case head(HTTPRequest, consumed: Int)
        case failure(HTTPParseError)
    }

    private var head: HTTPHeadParser<HTTPRequestLine>
    /// A request whose body is announced (`.head` was returned) or being read.
    private var pending: HTTPRequest?
    private var readingBody = false

    public init(limits: HTTPParserLimits = .init()) {
        head = HTTPHeadParser(limits: limits)
    }

    public var limits: HTTPParserLimits { head.limits }

    /// Bytes of the current, unfinished head held by the parser; never more than
    /// `limits.maxHeaderBytes`.
    public var bufferedByteCount: Int { head.headBytes + (pending?.body.count ?? 0) }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Result {
        if var request = pending {
            precondition(readingBody, "HTTPRequestParser: call readBody() after .head before feeding more")
            pending = nil
            let take = min(bytes.count, request.contentLength - request.body.count)
            request.body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0 ..< take]))
            guard request.body.count == request.contentLength else {
                pending = request
                return .needMore
            }
            readingBody = false
            return .request(request, consumed: take)
        }
        switch head.feed(bytes) {
        case .needMore:
            return .needMore
        case .failure(let error):
            return .failure(error)
        case .complete(let line, let headers, let consumed):
            let length: Int
            switch Self.checkSemantics(line, headers, limits: head.limits) {
            case .failure(let error):
                _ = head.fail(error)
                return .failure(error)
            case .success(let bodyLength):
                length = bodyLength
            }
            var request = HTTPRequest(method: line.method, target: line.target,
                                      versionMinor: line.versionMinor, headers: headers)
            request.contentLength = length
            guard length == 0 else {
                pending = request
                return .head(request, consumed: consumed)
            }
            return .request(request, consumed: consumed)
        }
    }

    /// After `.head`: the route takes the body, at most `limits.maxBodyBytes` (already
    /// checked); the next `feed`s collect it and end in `.request` with `body` filled.
    public mutating func readBody() {
        precondition(pending != nil && !readingBody, "HTTPRequestParser: readBody() without a pending head")
        readingBody = true
    }

    /// Convenience for callers holding an array.
    public mutating func feed(_ bytes: [UInt8]) -> Result {
        bytes.withUnsafeBytes { feed($0) }
    }

    /// For the next request on a keep-alive connection; also clears a latched failure.
    public mutating func reset() {
        head.reset()
        pending = nil
        readingBody = false
    }

    /// Checks that need the whole head: Host (RFC 9112 §3.2) and message framing (§6.3).
    /// Returns the body's length. Only Content-Length bodies are read: a chunked body is
    /// refused with 411 so the client can resend with a length, any other coding with 501.
    private static func checkSemantics(_ line: HTTPRequestLine, _ headers: HTTPHeaders,
                                       limits: HTTPParserLimits) -> Swift.Result<Int, HTTPParseError> {
        let hosts = headers.values(for: "Host")
        if hosts.count > 1 { return .failure(.badRequest("more than one Host header")) }
        if line.versionMinor >= 1 && hosts.isEmpty { return .failure(.badRequest("missing Host header")) }

        if headers.contains(name: "Transfer-Encoding") {
            if headers.values(for: "Transfer-Encoding").contains(where: { $0.lowercased().contains("chunked") }) {
                return .failure(.init(status: .lengthRequired, reason: "chunked request bodies are not accepted; send a Content-Length"))
            }
            return .failure(.init(status: .notImplemented, reason: "transfer codings are not supported"))
        }
        let lengths = headers.values(for: "Content-Length")
        guard !lengths.isEmpty else { return .success(0) }
        guard let length = parseContentLength(lengths) else {
            return .failure(.badRequest("invalid Content-Length"))
        }
        if length > limits.maxBodyBytes {
            return .failure(.init(status: .payloadTooLarge, reason: "request body larger than \(limits.maxBodyBytes) bytes"))
        }
        return .success(length)
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
