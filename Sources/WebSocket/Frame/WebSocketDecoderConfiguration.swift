/// The limits and direction of a `WebSocketDecoder`, in one place with safe defaults.
public struct WebSocketDecoderConfiguration: Sendable {
    /// The largest message accepted, in payload bytes: one frame, or the sum of a
    /// fragmented message's frames. Checked as soon as a frame header is readable, so a
    /// too-big message is refused with 1009 before any of its payload is buffered. The
    /// default, 16 MiB, is the largest message Autobahn's section 9 sends.
    public var maxMessageSize: Int
    /// True on a server: client frames must be masked. False on a client: server frames
    /// must not be (RFC 6455 §5.1).
    public var expectsMaskedFrames: Bool

    public init(maxMessageSize: Int = 16 << 20, expectsMaskedFrames: Bool) {
        precondition(maxMessageSize >= 0, "maxMessageSize must not be negative")
        self.maxMessageSize = maxMessageSize
        self.expectsMaskedFrames = expectsMaskedFrames
    }
}
