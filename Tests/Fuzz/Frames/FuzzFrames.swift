import FuzzSupport
import WebSocket

/// libFuzzer target: the RFC 6455 stream decoder, fed in fuzzer-chosen chunks.
///
/// Invariants (WebSocketDecoder's documentation): no trap; any split of the stream gives
/// the same events and the same error as the whole stream in one read; the bytes held
/// across reads stay within one message's maximum plus a header and a control frame;
/// text messages and close reasons are valid UTF-8; a close carries no code exactly when
/// its payload was empty, and a code it does carry is valid on the wire; nothing is
/// delivered after a close or an error. Input byte 0 chooses the direction (masked
/// client frames or unmasked server frames); bytes 1…7 choose the split points.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrames(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size, choiceCount: 8)
    let masked = input.choices.first.map { $0 & 1 == 0 } ?? true
    let configuration = WebSocketDecoderConfiguration(maxMessageSize: 4096, expectsMaskedFrames: masked)
    let whole = FrameStream.decode([input.payload], configuration)
    let splits = Array(input.choices.dropFirst())
    let chunks = FuzzInput(splits + input.payload, splits.count + input.payload.count, choiceCount: splits.count).chunks()
    let split = FrameStream.decode(chunks, configuration)
    fuzzRequire(whole == split, "split changed the result: \(whole) vs \(split)")
    return 0
}

/// Everything a connection would learn from a stream: the events, copied out of the
/// callback, and the error that ends it, if any.
struct FrameStream: Equatable {
    enum Event: Equatable {
        case text([UInt8]), binary([UInt8]), ping([UInt8]), pong([UInt8])
        case close(UInt16?, [UInt8])
    }

    var events: [Event] = []
    var error: WebSocketProtocolError?

    static func decode(_ chunks: [[UInt8]], _ configuration: WebSocketDecoderConfiguration) -> FrameStream {
        var decoder = WebSocketDecoder(configuration: configuration)
        var stream = FrameStream()
        var closed = false
        for var chunk in chunks {
            let error = chunk.withUnsafeMutableBytes { buffer in
                decoder.feed(buffer) { event in
                    fuzzRequire(!closed, "an event after the close")
                    stream.events.append(Event(event))
                    if case .close = event { closed = true }
                    return true
                }
            }
            fuzzRequire(decoder.bufferedByteCount <= configuration.maxMessageSize + 14 + 125,
                        "decoder holds \(decoder.bufferedByteCount) bytes")
            if let error {
                fuzzRequire(stream.error == nil, "a second error")
                fuzzRequire(decoder.isFinished, "not finished after an error")
                stream.error = error
            }
        }
        return stream
    }
}

extension FrameStream.Event {
    init(_ event: WebSocketEvent) {
        switch event {
        case .text(let bytes):
            let copy = Array(bytes)
            fuzzRequire(String(validating: copy, as: UTF8.self) != nil, "text message is not UTF-8")
            self = .text(copy)
        case .binary(let bytes): self = .binary(Array(bytes))
        case .ping(let bytes):
            fuzzRequire(bytes.count <= 125, "ping of \(bytes.count) bytes")
            self = .ping(Array(bytes))
        case .pong(let bytes):
            fuzzRequire(bytes.count <= 125, "pong of \(bytes.count) bytes")
            self = .pong(Array(bytes))
        case .close(let code, let reason):
            let copy = Array(reason)
            fuzzRequire(String(validating: copy, as: UTF8.self) != nil, "close reason is not UTF-8")
            fuzzRequire(code != nil || copy.isEmpty, "a reason without a code")
            fuzzRequire(code?.isValidOnWire ?? true, "close code \(code!) is not valid on the wire")
            fuzzRequire(copy.count <= 123, "close reason of \(copy.count) bytes")
            self = .close(code?.rawValue, copy)
        }
    }
}

@_cdecl("fuzz_frames_main")
public func fuzzFramesMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzzMain(argc, argv) { data, size in fuzzFrames(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
