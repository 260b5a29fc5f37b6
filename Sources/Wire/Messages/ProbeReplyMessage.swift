/// Client → server: the answer to a `ProbeMessage`, sent as soon as it is read (protocol 3).
///
/// Body: `token` (32 bits, the probe's).
public struct ProbeReplyMessage: WireMessage, Hashable, Sendable {
    public static let type = MessageType.probeReply

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
