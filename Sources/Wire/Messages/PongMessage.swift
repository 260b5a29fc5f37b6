/// Server → client: the answer to a `PingMessage`, sent from the I/O thread without
/// waiting for a tick.
///
/// Body: `clientTime` (32 bits, echoed) · `serverTick` (32 bits, the room's latest tick).
public struct PongMessage: WireMessage, Hashable, Sendable {
    public static let type = MessageType.pong

    public var clientTime: UInt32
    public var serverTick: UInt32

    public init() {
        self.init(clientTime: 0, serverTick: 0)
    }

    public init(clientTime: UInt32, serverTick: UInt32) {
        self.clientTime = clientTime
        self.serverTick = serverTick
    }

    public mutating func serialize<S: BitStream>(_ stream: inout S) throws(S.Failure) {
        try stream.serialize(&clientTime, bits: 32)
        try stream.serialize(&serverTick, bits: 32)
    }
}
