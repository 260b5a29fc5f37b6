import Testing
@testable import EngineIO

/// The packet and payload forms, against the examples Engine.IO's own protocol and parser
/// documentation give, and every way a payload can be wrong.
struct EngineIOCodecTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func encode(_ packets: [EngineIOPacket]) -> [UInt8] {
        var out: [UInt8] = []
        EngineIOPayload.encode(packets, into: &out)
        return out
    }

    @Test(arguments: [
        // The parser's v4 changelog: a text and a binary message in one polling payload.
        ([EngineIOPacket.text("hello"), .binary([1, 2, 3])], "4hello\u{1e}bAQID"),
        ([.text("hello"), .text("€€€")], "4hello\u{1e}4€€€"),
        // An upgrade probe, a message and a close.
        ([.ping("probe"), .text("hello"), .close], "2probe\u{1e}4hello\u{1e}1"),
        ([.binary([1, 2, 3, 4])], "bAQIDBA=="),
        ([.ping(""), .pong(""), .upgrade, .noop], "2\u{1e}3\u{1e}5\u{1e}6"),
        ([.binary([])], "b"),
    ])
    func payloadsEncodeAndDecodeAsDocumented(packets: [EngineIOPacket], wire: String) {
        #expect(Self.encode(packets) == Self.bytes(wire))
        #expect(EngineIOPayload.decode(Self.bytes(wire)) == .success(packets))
    }

    @Test func theOpenPacketAsTheProtocolShowsIt() {
        let handshake = EngineIOHandshake(sid: "lv_VI97HAXpY6yYWAAAC", upgrades: ["websocket"], pingInterval: 25000,
                                          pingTimeout: 20000, maxPayload: 1_000_000)
        var out: [UInt8] = []
        EngineIOPacket.open(handshake.json).encodeText(into: &out)
        #expect(String(decoding: out, as: UTF8.self)
            == #"0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}"#)
    }

    @Test(arguments: [
        ("", "empty payload"), ("4hello\u{1e}", "empty packet"), ("\u{1e}4a", "empty packet"), ("7x", "unknown packet type"),
        ("bAQI!", "base64"), ("b====", "base64"), ("1x", "close carries no data"), ("5x", "upgrade carries no data"),
        ("6x", "noop carries no data"), ("x", "unknown packet type"),
    ])
    func malformedPayloadsAreRefusedWithAReason(wire: String, reason: String) {
        guard case .failure(let error) = EngineIOPayload.decode(Self.bytes(wire)) else {
            Issue.record("'\(wire)' decoded"); return
        }
        #expect(error.description.contains(reason), "\(error)")
    }

    @Test func invalidUTF8InATextPacketIsRefused() {
        #expect(EngineIOPayload.decode([0x34, 0xff, 0xfe]) == .failure(.malformed("packet data is not UTF-8")))
    }

    @Test func aPayloadOfTooManyPacketsIsRefused() {
        let wire = Self.encode(Array(repeating: EngineIOPacket.noop, count: 11))
        guard case .failure = EngineIOPayload.decode(wire, maxPackets: 10) else { Issue.record("accepted"); return }
        #expect(EngineIOPayload.decode(wire, maxPackets: 11) == .success(Array(repeating: .noop, count: 11)))
    }

    @Test func base64BinaryIsPollingOnly() {
        #expect(EngineIOPacket.decodeText(Self.bytes("bAQID")[...], allowsBase64Binary: false)
            == .failure(.malformed("a base64 binary packet on WebSocket")))
    }

    @Test func randomBinaryMessagesRoundTrip() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let packets = (0..<Int.random(in: 1...5, using: &generator)).map { _ in
                EngineIOPacket.binary((0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            }
            let wire = Self.encode(packets)
            #expect(EngineIOPayload.decode(wire) == .success(packets))
        }
    }
}
