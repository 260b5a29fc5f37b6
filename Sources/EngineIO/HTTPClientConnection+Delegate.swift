import WebSocket

/// What the owner of an `HTTPClientConnection` hears, on the loop thread. A protocol rather
/// than a closure per request, so a long-poll that re-requests twenty times a second
/// allocates no callback context each time.
public protocol HTTPClientConnectionDelegate: AnyObject {
    /// The response to the request in flight. `body` is valid only during the call.
    func httpClient(_ connection: HTTPClientConnection, didReceive head: HTTPResponseHead, body: UnsafeRawBufferPointer)
    /// The request in flight failed; the connection is closed (the next request reconnects).
    func httpClient(_ connection: HTTPClientConnection, didFail error: HTTPClientError)

    /// A streamed request's (`stream`) response head; its body follows in pieces.
    func httpClient(_ connection: HTTPClientConnection, didReceiveStreamHead head: HTTPResponseHead)
    /// The next bytes of a streamed body (chunk framing removed), valid only during the call.
    func httpClient(_ connection: HTTPClientConnection, didReceiveStreamData data: UnsafeRawBufferPointer)
    /// A streamed body ended (its last chunk, its length, or the server's close).
    func httpClientStreamDidEnd(_ connection: HTTPClientConnection)
}

extension HTTPClientConnectionDelegate {
    /// Owners that never stream need not hear of streams.
    public func httpClient(_ connection: HTTPClientConnection, didReceiveStreamHead head: HTTPResponseHead) {}
    public func httpClient(_ connection: HTTPClientConnection, didReceiveStreamData data: UnsafeRawBufferPointer) {}
    public func httpClientStreamDidEnd(_ connection: HTTPClientConnection) {}
}

/// Why a request got no response.
public enum HTTPClientError: Error, Equatable, Sendable, CustomStringConvertible {
    case connectFailed(String)
    case io(String)
    /// The server closed the connection before the whole response arrived.
    case closedEarly
    case malformedResponse(String)
    /// The response's body is larger than `maxResponseBytes` (or has no length we can read).
    case responseTooLarge(limit: Int)
    case timedOut

    public var description: String {
        switch self {
        case .connectFailed(let why): "connect failed: \(why)"
        case .io(let why): "I/O failed: \(why)"
        case .closedEarly: "server closed the connection before the response ended"
        case .malformedResponse(let why): "malformed response: \(why)"
        case .responseTooLarge(let limit): "response larger than \(limit) bytes"
        case .timedOut: "timed out"
        }
    }
}
