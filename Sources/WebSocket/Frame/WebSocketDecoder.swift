/// The RFC 6455 stream decoder: a struct state machine over bytes, with no I/O.
///
/// The connection hands it each read buffer; it parses every complete frame, enforces the
/// protocol (see `admit`), unmasks payloads in place and reports messages and control
/// frames through a callback. Any split of the byte stream across `feed` calls yields the
/// same events and the same error: state that straddles a read boundary is kept here.
///
/// Memory: an unfragmented message that arrives within one read is delivered straight from
/// the caller's buffer, with no copy and no allocation. Only what straddles reads is kept:
/// at most 14 header bytes, the payload of a data message in progress (never more than
/// `maxMessageSize`, because sizes are checked from the header before any payload is
/// stored) and at most 125 bytes of a control frame. Storage over 64 KiB is released once
/// its message is delivered, so idle connections stay small.
///
/// Owned by the connection's I/O thread. A plain value (so `Sendable`): a connection may
/// be handed between threads, but the decoder is never shared.
public struct WebSocketDecoder: Sendable {
    /// What the decoder does next, as returned by each parsing step.
    @usableFromInline
    enum Step {
        /// Keep parsing the same buffer.
        case proceed
        /// Everything in the buffer is consumed or stashed: wait for the next read.
        case needMore
        /// A close was delivered or the callback asked to stop: ignore all further input.
        case finish
        /// The peer broke the protocol: fail the connection with this error.
        case fail(WebSocketProtocolError)
    }

    @usableFromInline
    let configuration: WebSocketDecoderConfiguration

    /// The first bytes of a header that was cut off by the end of a read (up to 14).
    @usableFromInline
    var headerBytes: (UInt64, UInt64) = (0, 0)
    @usableFromInline
    var headerByteCount = 0

    /// The frame whose header has been read but whose payload is still arriving, and how
    /// many payload bytes of it have been processed (which also gives the mask phase).
    @usableFromInline
    var frame: FrameHeader?
    @usableFromInline
    var frameReceived = 0

    /// The opcode (text or binary) of the data message being stored in `message`: set by
    /// its first frame unless that frame is delivered straight from the read buffer, and
    /// cleared when the message is delivered. Non-nil at a frame boundary means a
    /// fragmented message is in progress.
    @usableFromInline
    var messageOpcode: WebSocketOpcode?
    /// The unmasked payload of the data message in progress.
    @usableFromInline
    var message: [UInt8] = []
    /// Validates a stored text message as it arrives, so bad UTF-8 fails fast.
    @usableFromInline
    var textValidator = UTF8Validator()
    /// The unmasked payload of a control frame split across reads (at most 125 bytes).
    @usableFromInline
    var control: [UInt8] = []

    /// True after a close frame was delivered, the callback returned false, or an error was
    /// returned: later bytes are ignored.
    public private(set) var isFinished = false

    public init(configuration: WebSocketDecoderConfiguration) {
        self.configuration = configuration
    }

    /// Bytes held across feeds (a partial header, the stored part of a data message, a
    /// partial control frame), for per-connection memory accounting. Capacity may run up
    /// to twice this while a large message is growing.
    public var bufferedByteCount: Int { headerByteCount + message.count + control.count }

    /// Parses every complete frame in `bytes` and calls `onEvent` for each message and
    /// control frame, in order.
    ///
    /// `bytes` is the caller's read buffer; it is mutable so that payloads can be unmasked
    /// in place, and its contents are undefined afterwards. Return false from `onEvent` to
    /// stop: the rest is discarded and the decoder is finished. The bytes of an incomplete
    /// trailing frame are kept and completed by the next call.
    ///
    /// - Returns: nil, or the protocol error that must fail the connection (close with
    ///   `error.code`); after an error the decoder ignores further input.
    @inlinable
    public mutating func feed(_ bytes: UnsafeMutableRawBufferPointer, _ onEvent: (WebSocketEvent) -> Bool) -> WebSocketProtocolError? {
        guard !isFinished, let base = bytes.baseAddress else { return nil }
        let end = bytes.count
        var offset = 0
        while true {
            let step: Step
            if frame != nil {
                step = continueFrame(base, &offset, end, onEvent)
            } else if offset == end {
                return nil
            } else if headerByteCount > 0 {
                step = completeStashedHeader(base, &offset, end, onEvent)
            } else {
                switch FrameHeader.parse(base + offset, count: end - offset) {
                case .incomplete:
                    stashHeader(UnsafeRawBufferPointer(start: base + offset, count: end - offset))
                    return nil
                case .invalid(let error):
                    step = .fail(error)
                case .complete(let header, let size):
                    offset += size
                    step = startFrame(header, base, &offset, end, onEvent)
                }
            }
            switch step {
            case .proceed:
                continue
            case .needMore:
                return nil
            case .finish:
                finish()
                return nil
            case .fail(let error):
                finish()
                return error
            }
        }
    }

    /// Stops for good and lets go of all storage.
    @usableFromInline
    mutating func finish() {
        isFinished = true
        frame = nil
        headerByteCount = 0
        messageOpcode = nil
        message = []
        control = []
    }
}
