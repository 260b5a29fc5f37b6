/// Server → client: the server measuring the round trip (protocol 3). The client answers at
/// once with a `ProbeReplyMessage` echoing `token`; the delay is the round trip through every
/// queue an input travels, which the server checks the views inputs claim against (lag
/// compensation cannot then be talked into rewinding further than the player's link explains).
///
/// Body: `token` (32 bits, the server's choice; only the newest one is answered for).
public struct ProbeMessage: WireMessage, Hashable, Sendable {
    public static let type = MessageType.probe

    public var token: UInt32

    public init() {
        self.init(token: 0)
    }

    public init(token: UInt32) {
        self.token = token
    }

    public mutating func serialize<S: BitStream>(_ stream: inout S) throws(S.Failure) {
        try stream.serialize(&token, bits: 32)
    }
}
