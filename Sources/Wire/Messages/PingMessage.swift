/// Client → server: a clock probe. The server answers at once with a `PongMessage`
/// echoing `clientTime`, so the client measures the round trip and, with the pong's
/// `serverTick`, the offset between its clock and the server's ticks.
///
/// Body: `clientTime` (32 bits, the client's clock in milliseconds, wrapping).
public struct PingMessage: WireMessage, Hashable, Sendable {
    public static let type = MessageType.ping

    public var clientTime: UInt32

    public init() {
        self.init(clientTime: 0)
    }

    public init(clientTime: UInt32) {
        self.clientTime = clientTime
    }

    public mutating func serialize<S: BitStream>(_ stream: inout S) throws(S.Failure) {
        try stream.serialize(&clientTime, bits: 32)
    }
}
