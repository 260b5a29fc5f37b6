/// Incremental parser for a response head, used by the WebSocket client to read the
/// server's answer to its handshake. Same engine, limits and guarantees as
/// `HTTPRequestParser`: split-independent, bounded by `maxHeaderBytes`, and `consumed`
/// is exact so bytes after the head (the server's first frames) are not lost.
///
/// Failures carry an `HTTPStatus` only as a classification (400 malformed, 431 too
/// large, 505 not HTTP/1.x); a client does not send them anywhere.
public struct HTTPResponseParser: Sendable {
    public enum Result: Sendable, Equatable {
        case needMore
        case response(HTTPResponseHead, consumed: Int)
        case failure(HTTPParseError)
    }

    private var head: HTTPHeadParser<HTTPStatusLine>

    public init(limits: HTTPParserLimits = .init()) {
        head = HTTPHeadParser(limits: limits)
    }

    public var bufferedByteCount: Int { head.headBytes }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Result {
        switch head.feed(bytes) {
        case .needMore:
            return .needMore
        case .failure(let error):
            return .failure(error)
        case .complete(let line, let headers, let consumed):
            return .response(HTTPResponseHead(status: line.status, reason: line.reason, headers: headers),
                             consumed: consumed)
        }
    }

    public mutating func feed(_ bytes: [UInt8]) -> Result {
        bytes.withUnsafeBytes { feed($0) }
    }

    public mutating func reset() {
        head.reset()
    }
}
