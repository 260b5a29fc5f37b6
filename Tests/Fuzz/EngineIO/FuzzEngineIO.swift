import EngineIO
import FuzzSupport

/// libFuzzer target: what Engine.IO reads from the network: a polling payload (POST body, or
/// a long-poll's answer a client reads), one packet (a WebSocket text frame), the request
/// query, and the handshake's JSON a client reads.
///
/// Invariants (EngineIOPacket, EngineIOPayload, EngineIOQuery): no trap; the text form is
/// canonical (base64 is strict, text is the UTF-8 it was), so a packet or payload that
/// decodes re-encodes to the very bytes it came from; a payload never yields more than
/// `maxPackets` packets; a packet decodes the same on WebSocket as on polling unless it is a
/// base64 binary one (refused on WebSocket); a query that parses has a well-formed sid if any,
/// parses the same with its parameters in reverse order, and its canonical spelling parses
/// to it; a handshake that parses has limits in 1...Int32.max and, when its sid needs no
/// escaping, its `json` parses back to it. Input byte 0 picks what is fuzzed and the
/// payload's packet limit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEngineIO(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size, choiceCount: 1)
    let choice = input.choices.first ?? 0
    let bytes = input.payload
    switch choice & 3 {
    case 0: checkPayload(bytes, maxPackets: Int(choice >> 2) + 1)
    case 1: checkPacket(bytes)
    case 2: checkQuery(String(decoding: bytes, as: UTF8.self))
    default: checkHandshake(String(decoding: bytes, as: UTF8.self))
    }
    return 0
}

func checkPayload(_ bytes: [UInt8], maxPackets: Int) {
    guard case .success(let packets) = EngineIOPayload.decode(bytes, maxPackets: maxPackets) else { return }
    fuzzRequire(!packets.isEmpty && packets.count <= maxPackets, "\(packets.count) packets, limit \(maxPackets)")
    var again: [UInt8] = []
    EngineIOPayload.encode(packets, into: &again)
    fuzzRequire(again == bytes, "payload re-encodes differently: \(bytes) -> \(again)")
}

func checkPacket(_ bytes: [UInt8]) {
    let polling = EngineIOPacket.decodeText(bytes[...], allowsBase64Binary: true)
    let websocket = EngineIOPacket.decodeText(bytes[...], allowsBase64Binary: false)
    if bytes.first == EngineIOPacket.binaryMark {
        guard case .failure = websocket else { fuzzRequire(false, "a base64 binary packet decoded on WebSocket"); return }
    } else {
        fuzzRequire(polling == websocket, "polling and WebSocket disagree: \(polling) vs \(websocket)")
    }
    guard case .success(let packet) = polling else { return }
    var again: [UInt8] = []
    packet.encodeText(into: &again)
    fuzzRequire(again == bytes, "packet re-encodes differently: \(bytes) -> \(again)")
}

func checkQuery(_ query: String) {
    let result = EngineIOQuery.parse(query)
    let pieces = Array(query.utf8).split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false)
    let reversed = String(decoding: Array(pieces.reversed().joined(separator: [UInt8(ascii: "&")])), as: UTF8.self)
    let other = EngineIOQuery.parse(reversed)
    switch (result, other) {
    case (.success(let a), .success(let b)):
        fuzzRequire(a == b, "query order changed the result: \(a) vs \(b)")
    case (.failure, .failure):
        break
    default:
        fuzzRequire(false, "query order changed success: \(result) vs \(other)")
    }
    guard case .success(let parsed) = result else { return }
    if let sid = parsed.sid { fuzzRequire(EngineIOSessionID.isWellFormed(sid), "sid \(sid) accepted") }
    let canonical = "EIO=4&transport=\(parsed.transport.rawValue)" + (parsed.sid.map { "&sid=\($0)" } ?? "")
    fuzzRequire(EngineIOQuery.parse(canonical) == .success(parsed), "canonical query \(canonical) parses differently")
}

func checkHandshake(_ json: String) {
    guard case .success(let handshake) = EngineIOHandshake.parse(json) else { return }
    for limit in [handshake.pingInterval, handshake.pingTimeout, handshake.maxPayload] {
        fuzzRequire(limit > 0 && limit <= Int(Int32.max), "limit \(limit)")
    }
    fuzzRequire((1...64).contains(handshake.sid.utf8.count), "sid of \(handshake.sid.utf8.count) bytes")
    guard handshake.sid.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) else { return }
    fuzzRequire(EngineIOHandshake.parse(handshake.json) == .success(handshake), "handshake json does not parse back: \(handshake.json)")
}

@_cdecl("fuzz_engineio_main")
public func fuzzEngineIOMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzzMain(argc, argv) { data, size in fuzzEngineIO(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
