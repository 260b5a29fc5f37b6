/// What a start line (request line or status line) contributes to the shared head parser.
///
/// `observe` sees each byte of the start line as it arrives, so problems that are
/// already certain (a non-token byte in a method, a target past its limit) fail at
/// once instead of after the sender has had up to `maxHeaderBytes` of our memory.
protocol HTTPStartLine: Sendable {
    init()
    /// Called for every byte of the start line except CR and LF, before it is buffered.
    mutating func observe(_ byte: UInt8, limits: HTTPParserLimits) -> HTTPParseError?
    /// Called once with the complete line (line ending removed).
    mutating func complete(_ line: ArraySlice<UInt8>, limits: HTTPParserLimits) -> HTTPParseError?
}

/// The incremental engine behind `HTTPRequestParser` and `HTTPResponseParser`: frames
/// lines, parses header fields as each line completes, and enforces the limits.
///
/// Every decision is taken at a byte position, one byte at a time, so the outcome
/// cannot depend on how the input was split across `feed` calls. Only the current
/// line is buffered; finished lines are parsed into `headers` straight away, and
/// `headBytes` (everything taken for this head) never exceeds `maxHeaderBytes`.
struct HTTPHeadParser<Start: HTTPStartLine>: Sendable {
    enum Outcome {
        case needMore
        case complete(Start, HTTPHeaders, consumed: Int)
        case failure(HTTPParseError)
    }

    let limits: HTTPParserLimits
    private(set) var start = Start()
    private var startLineDone = false
    private var line: [UInt8] = []
    private var headers = HTTPHeaders()
    /// Bytes of the current head taken so far, including line endings.
    private(set) var headBytes = 0
    /// A CR was seen and the next byte must be LF.
    private var pendingCR = false
    /// Once failed, the parser stays failed until reset: the stream position of the
    /// next message is unknown after a framing error.
    private(set) var failed: HTTPParseError?

    init(limits: HTTPParserLimits) {
        self.limits = limits
        line.reserveCapacity(128)
    }

    mutating func reset() {
        self = HTTPHeadParser(limits: limits)
    }

    /// Latches a failure found by the caller's own checks after the head completed.
    mutating func fail(_ error: HTTPParseError) -> Outcome {
        failed = error
        return .failure(error)
    }

    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        if let failed { return .failure(failed) }
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard headBytes < limits.maxHeaderBytes else {
                return fail(.init(status: .requestHeaderFieldsTooLarge,
                                  reason: "header section larger than \(limits.maxHeaderBytes) bytes"))
            }
            headBytes += 1
            if pendingCR {
                pendingCR = false
                guard byte == HTTPSyntax.lf else { return fail(.badRequest("CR not followed by LF")) }
            }
            switch byte {
            case HTTPSyntax.lf:
                switch completeLine() {
                case .success(true):
                    let outcome = Outcome.complete(start, headers, consumed: index + 1)
                    reset()
                    return outcome
                case .success(false):
                    continue
                case .failure(let error):
                    return fail(error)
                }
            case HTTPSyntax.cr:
                pendingCR = true
            default:
                if !startLineDone, let error = start.observe(byte, limits: limits) {
                    return fail(error)
                }
                line.append(byte)
            }
        }
        return .needMore
    }

    /// Handles one finished line; returns true when it was the blank line ending the head.
    private mutating func completeLine() -> Result<Bool, HTTPParseError> {
        defer { line.removeAll(keepingCapacity: true) }
        if !startLineDone {
            // RFC 9112 §2.2: ignore empty lines before the start line (they still count
            // against maxHeaderBytes, so an endless stream of them is bounded).
            if line.isEmpty { return .success(false) }
            if let error = start.complete(line[...], limits: limits) { return .failure(error) }
            startLineDone = true
            return .success(false)
        }
        if line.isEmpty { return .success(true) }
        return parseField().map { false }
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5).
    private mutating func parseField() -> Result<Void, HTTPParseError> {
        guard let first = line.first, !HTTPSyntax.isOWS(first) else {
            // obs-fold (RFC 9112 §5.2), or whitespace between start line and first field.
            return .failure(.badRequest("line folding or leading whitespace in header section"))
        }
        guard let colon = line.firstIndex(of: HTTPSyntax.colon) else {
            return .failure(.badRequest("header line without a colon"))
        }
        let name = line[..<colon]
        // Also rejects whitespace before the colon (RFC 9112 §5.1), a smuggling vector.
        guard !name.isEmpty, name.allSatisfy(HTTPSyntax.isTokenChar) else {
            return .failure(.badRequest("invalid header field name"))
        }
        let value = HTTPSyntax.trimmingOWS(line[(colon + 1)...])
        guard value.allSatisfy(HTTPSyntax.isFieldValueChar) else {
            return .failure(.badRequest("invalid character in header field value"))
        }
        guard headers.count < limits.maxHeaderCount else {
            return .failure(.init(status: .requestHeaderFieldsTooLarge,
                                  reason: "more than \(limits.maxHeaderCount) header fields"))
        }
        headers.add(name: HTTPSyntax.string(name), value: HTTPSyntax.string(value))
        return .success(())
    }
}
