/// Client → server, first message on every connection: who is speaking and which protocol.
///
/// Body: `version` (16 bits) · `hasResumeToken` (1 bit) · `resumeToken` (64 bits, only if
/// the flag is set) · `name` (string, at most 16 UTF-8 bytes).
///
/// The version comes first in every protocol version, so `decode` reads it before anything
/// else: when it is not `ProtocolVersion.current` the rest is not parsed (its layout belongs
/// to another version) and the result carries only the version, so the server can close
/// with `GameCloseCode.protocolVersionMismatch` rather than `malformedMessage`.
public struct HelloMessage: WireMessage, Hashable, Sendable {
    public static let type = MessageType.hello
    public static let maxNameBytes = 16

    public var version: UInt16
    /// Display name, at most `maxNameBytes` bytes of UTF-8 (the initializer truncates).
    public var name: String
    /// From an earlier `welcome`, to take back the same seat after a reconnect.
    public var resumeToken: UInt64?

    public init() {
        self.init(name: "")
    }

    /// - Parameter name: cut to `maxNameBytes` bytes at a character boundary.
    public init(version: UInt16 = ProtocolVersion.current, name: String, resumeToken: UInt64? = nil) {
        self.version = version
        self.name = WireText.truncated(name, toUTF8Bytes: Self.maxNameBytes)
        self.resumeToken = resumeToken
    }

    public mutating func serialize<S: BitStream>(_ stream: inout S) throws(S.Failure) {
        try stream.serialize(&version, bits: 16)
        if stream.isReading && version != ProtocolVersion.current {
            return
        }
        var hasToken = resumeToken != nil
        try stream.serialize(&hasToken)
        if hasToken {
            var token = resumeToken ?? 0
            try stream.serialize(&token, bits: 64)
            resumeToken = token
        } else {
            resumeToken = nil
        }
        try stream.serialize(&name, maxBytes: Self.maxNameBytes)
    }

    /// Decodes a hello. A hello of another protocol version decodes to just its version
    /// (see the type's documentation); anything else is checked strictly.
    public static func decode(_ message: UnsafeRawBufferPointer) throws(WireError) -> HelloMessage {
        var reader = BitReader(message)
        try reader.expectMessageType(type)
        var hello = HelloMessage()
        try hello.serialize(&reader)
        if hello.version == ProtocolVersion.current {
            try reader.finish()
        }
        return hello
    }
}
