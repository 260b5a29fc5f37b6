/// What the decoder hands out: one complete message or one control frame.
///
/// Payloads are borrowed, never copied out: they point into the caller's read buffer (an
/// unfragmented message that arrived in one read) or into the decoder's own storage (a
/// fragmented or split one). So they are valid only inside the `onEvent` callback; copy
/// what must outlive it. Not `Sendable` for the same reason.
public enum WebSocketEvent {
    /// A whole text message, already validated as UTF-8.
    case text(UnsafeRawBufferPointer)
    /// A whole binary message.
    case binary(UnsafeRawBufferPointer)
    case ping(UnsafeRawBufferPointer)
    case pong(UnsafeRawBufferPointer)
    /// The peer's close frame. `code` is nil when the payload was empty (report 1005
    /// locally); otherwise it already passed `isValidOnWire` and `reason` is valid UTF-8.
    case close(code: WebSocketCloseCode?, reason: UnsafeRawBufferPointer)
}
