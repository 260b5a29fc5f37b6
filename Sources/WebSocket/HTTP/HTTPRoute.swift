/// How the server answers one HTTP request, decided by the router from the request's head.
public enum HTTPRoute {
    /// Answer now.
    case response(HTTPResponse)
    /// Upgrade to WebSocket; the connection is then owned by the given delegate.
    case webSocket(any WebSocketDelegate)
    /// The route takes a body of at most `maxBytes`: read it, then ask `then` with the whole
    /// request (`body` filled). A larger Content-Length is answered 413 before any of it is
    /// read. Routes that return anything else for a request with a body are answered without
    /// reading it, and the connection closes after the answer.
    case readBody(maxBytes: Int, then: (HTTPRequest) -> HTTPRoute)
    /// Answer later: the route keeps the `HTTPResponder` and calls `respond` once (a long-poll,
    /// or work done off the I/O thread). Reading stops until then, so pipelined requests wait
    /// their turn.
    case later((HTTPResponder) -> Void)
}
