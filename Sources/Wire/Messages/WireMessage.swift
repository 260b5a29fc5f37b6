/// A message of the game protocol whose layout is one `serialize` function: the type byte
/// and everything around it (framing, measuring, strict decoding) is written once here.
///
/// Every message is its `MessageType` byte, then the bit-packed body, then zero padding to
/// the next byte boundary. Decoding is strict: the first byte must be the type asked for,
/// and the message must end exactly where the body does (`BitReader.finish`), so every
/// message has exactly one encoding and nothing a peer sends can trap.
///
/// Use the conforming types directly or through generics, never as `any WireMessage`.
/// Snapshots do not conform: their body depends on the receiver's view (see
/// `SnapshotHeader` and Simulation's `SnapshotEncoder` / `ViewReconstructor`).
public protocol WireMessage {
    /// The first byte of the message.
    static var type: MessageType { get }

    /// A placeholder value that decoding overwrites field by field.
    init()

    /// The body's layout, for writing, reading and measuring alike (see `BitStream`).
    mutating func serialize<S: BitStream>(_ stream: inout S) throws(S.Failure)

    /// Decodes a whole message, type byte included. The default is strict (see below); a
    /// message may replace it only to relax it on purpose (`HelloMessage`'s version).
    static func decode(_ message: UnsafeRawBufferPointer) throws(WireError) -> Self
}

extension WireMessage {
    /// Appends the whole message (type byte, body, padding) to `writer`, which must be at a
    /// byte boundary. Call `writer.reset()` first to get this message alone.
    @inlinable
    public func encode(into writer: inout BitWriter) {
        var copy = self
        copy.encodeInPlace(into: &writer)
    }

    /// `encode(into:)` on the message itself, not a copy (serializing goes through `inout`):
    /// for a message that owns an array uniquely, writing does not duplicate it.
    @inlinable
    public mutating func encodeInPlace(into writer: inout BitWriter) {
        precondition(writer.bitCount & 7 == 0, "a message must start on a byte boundary")
        writer.write(UInt32(Self.type.rawValue), bits: 8)
        serialize(&writer)
        writer.alignToByte()
    }

    /// The whole message as a new array (for tests, tools and clients; servers reuse a
    /// writer with `encode(into:)`).
    public func encoded() -> [UInt8] {
        var writer = BitWriter(capacity: byteCount)
        encode(into: &writer)
        return writer.finish()
    }

    /// The message's exact size in bytes, type byte included.
    public var byteCount: Int {
        var counter = BitCounter(bitOffset: 8)
        var copy = self
        copy.serialize(&counter)
        return counter.byteCount
    }

    /// Decodes a whole message, type byte included. Throws `unexpectedMessageType` if the
    /// first byte is not `Self.type`, and any other `WireError` the body earns.
    public static func decode(_ message: UnsafeRawBufferPointer) throws(WireError) -> Self {
        var reader = BitReader(message)
        try reader.expectMessageType(Self.type)
        var value = Self()
        try value.serialize(&reader)
        try reader.finish()
        return value
    }

    /// `decode(_:)` for an array.
    public static func decode(_ message: [UInt8]) throws(WireError) -> Self {
        let result: Result<Self, WireError> = message.withUnsafeBytes { raw in
            do throws(WireError) { return .success(try decode(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

extension BitReader {
    /// Reads the type byte and checks it is `type`.
    @inlinable
    public mutating func expectMessageType(_ type: MessageType) throws(WireError) {
        let byte = try readUInt32(bits: 8)
        guard byte == UInt32(type.rawValue) else {
            throw .unexpectedMessageType(UInt8(truncatingIfNeeded: byte))
        }
    }
}

/// Cutting user-supplied text to a field's byte limit, so that a long name typed into a
/// client becomes a shorter name rather than a trap in the writer.
public enum WireText {
    /// The longest prefix of `string` made of whole characters that fits in `maxBytes`
    /// bytes of UTF-8.
    public static func truncated(_ string: String, toUTF8Bytes maxBytes: Int) -> String {
        if string.utf8.count <= maxBytes { return string }
        var used = 0
        var end = string.startIndex
        for index in string.indices {
            let size = string[index].utf8.count
            if used + size > maxBytes { break }
            used += size
            end = string.index(after: index)
        }
        return String(string[..<end])
    }
}
