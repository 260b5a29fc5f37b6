import Arena
import FuzzSupport
import Pitch
import Wire

/// libFuzzer target: every decoder of a `WireMessage`, and `InputMessage` with each shipped
/// game's `InputTable`.
///
/// Invariant (WireMessage's documentation): decoding is strict, so every message has
/// exactly one encoding: whatever decodes must re-encode to the very bytes it came from,
/// and its `byteCount` must be their count. A hello of another protocol version is the one
/// relaxed case: it decodes to just its version, so it must re-encode to a hello that
/// decodes to the same version. Input byte 0 picks the input table; the message follows.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWireMessages(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size, choiceCount: 1)
    let bytes = input.payload
    guard let first = bytes.first else { return 0 }
    switch MessageType(rawValue: first) {
    case HelloMessage.type:
        guard let hello = try? HelloMessage.decode(bytes) else { return 0 }
        if hello.version == ProtocolVersion.current {
            roundTrip(hello, bytes)
        } else {
            let again = try? HelloMessage.decode(hello.encoded())
            fuzzRequire(again?.version == hello.version, "a hello of version \(hello.version) re-encodes to \(String(describing: again))")
        }
    case InputMessage.type:
        let table = (input.choices.first ?? 0) & 1 == 0 ? ArenaInput.table : PitchInput.table
        guard let message = try? InputMessage.decode(bytes, table: table) else { return 0 }
        fuzzRequire(message.encoded() == bytes, "input re-encodes differently: \(bytes) -> \(message.encoded())")
    case PingMessage.type: check(PingMessage.self, bytes)
    case PongMessage.type: check(PongMessage.self, bytes)
    case ChatMessage.type: check(ChatMessage.self, bytes)
    case EventsMessage.type: check(EventsMessage.self, bytes)
    case WelcomeMessage.type: check(WelcomeMessage.self, bytes)
    case ReplayControlMessage.type: check(ReplayControlMessage.self, bytes)
    case ReplayStatusMessage.type: check(ReplayStatusMessage.self, bytes)
    case ProbeMessage.type: check(ProbeMessage.self, bytes)
    case ProbeReplyMessage.type: check(ProbeReplyMessage.self, bytes)
    default:
        break
    }
    return 0
}

func check<M: WireMessage>(_: M.Type, _ bytes: [UInt8]) {
    guard let message = try? M.decode(bytes) else { return }
    roundTrip(message, bytes)
}

func roundTrip<M: WireMessage>(_ message: M, _ bytes: [UInt8]) {
    let again = message.encoded()
    fuzzRequire(again == bytes, "\(M.self) re-encodes differently: \(bytes) -> \(again)")
    fuzzRequire(message.byteCount == bytes.count, "\(M.self).byteCount \(message.byteCount) for \(bytes.count) bytes")
}

@_cdecl("fuzz_wire_main")
public func fuzzWireMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzzMain(argc, argv) { data, size in fuzzWireMessages(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
