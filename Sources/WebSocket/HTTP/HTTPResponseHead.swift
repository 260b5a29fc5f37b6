/// The response head for the client side of the handshake, parsed the same incremental way.
public struct HTTPResponseHead: Sendable, Equatable {
    public var status: Int
    public var reason: String
    public var headers: HTTPHeaders

    public init(status: Int, reason: String, headers: HTTPHeaders = .init()) {
        self.status = status
        self.reason = reason
        self.headers = headers
    }
}
