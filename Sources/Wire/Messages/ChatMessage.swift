/// Client → server: a line of chat. The server relays it to the room as a
/// `GameEvent.chat` inside an `EventsMessage`, so it is ordered with the other events.
///
/// Body: `text` (string, at most 120 UTF-8 bytes).
public struct ChatMessage: WireMessage, Hashable, Sendable {
    public static let type = MessageType.chat
    public static let maxTextBytes = 120
    /// The chat rate every server enforces and every client keeps to: a burst of `burst`
    /// messages, then one per `refillSeconds` (the JS client's table mirrors these).
    public static let burst = 5
    public static let refillSeconds = 2

    /// At most `maxTextBytes` bytes of UTF-8 (the initializer truncates).
    public var text: String

    public init() {
        text = ""
    }

    /// - Parameter text: cut to `maxTextBytes` bytes at a character boundary.
    public init(text: String) {
        self.text = WireText.truncated(text, toUTF8Bytes: Self.maxTextBytes)
    }

    public mutating func serialize<S: BitStream>(_ stream: inout S) throws(S.Failure) {
        try stream.serialize(&text, maxBytes: Self.maxTextBytes)
    }
}
