import Testing

/// Autobahn section 6, "UTF-8 Handling", cases 6.1–6.4: empty and fragmented text, valid text split
/// inside code points, invalid text (1007, RFC 6455 §8.1), and fail-fast: the server fails the
/// connection on the first fragment (or chop) that makes the text invalid, before the rest is sent.
/// The per-sequence cases 6.5–6.23 are in ConformanceUTF8Sequences.swift.
@Suite("Conformance 6.1–6.4: UTF-8 handling", .wsecho)
struct ConformanceUTF8 {
    /// "Hello-µ@ßöäüàá-UTF-8!!", Autobahn's mixed-width sample.
    static let hello = Array("Hello-µ@ßöäüàá-UTF-8!!".utf8)
    /// "κόσμε": every character 2 or 3 bytes.
    static let kosme = Bytes.fromHex("cebae1bdb9cf83cebcceb5")
    /// kosme, an encoded surrogate U+D800 (invalid at its second byte), then "edited".
    static let kosmeWithSurrogate = kosme + Bytes.fromHex("eda080") + Array("edited".utf8)
    /// 6.4.x: kosme, then F4 90 80 80 (U+110000, out of range: invalid at the 0x90), then "edited".
    static let failFastParts = [kosme, Bytes.fromHex("f4908080"), Array("edited".utf8)]

    /// One text message sent as one frame per byte.
    static func octetFragments(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.indices.map { WireFrame.make($0 == 0 ? Op.text : Op.continuation, [bytes[$0]], fin: $0 == bytes.count - 1) }
    }

    @Test("6.1.1 an empty text message is echoed")
    func emptyText() throws {
        let peer = try Peer()
        try peer.send([WireFrame.make(Op.text)])
        try peer.expect(.text([]), "6.1.1")
        try peer.closeNormally()
    }

    @Test("6.1.2/6.1.3 fragmented text with empty fragments is echoed", arguments: [("6.1.2", ""), ("6.1.3", "middle frame payload")])
    func emptyFragments(_ id: String, _ middle: String) throws {
        let peer = try Peer()
        try peer.send([WireFrame.make(Op.text, fin: false), WireFrame.make(Op.continuation, Array(middle.utf8), fin: false),
                       WireFrame.make(Op.continuation)])
        try peer.expect(.text(middle), id)
        try peer.closeNormally()
    }

    @Test("6.2.1–6.2.4 valid UTF-8 is echoed however it is fragmented", arguments: ["6.2.1", "6.2.2", "6.2.3", "6.2.4"])
    func validText(_ id: String) throws {
        let peer = try Peer()
        let payload = id == "6.2.4" ? Self.kosme : Self.hello
        switch id {
        case "6.2.1": try peer.send([WireFrame.make(Op.text, payload)])
        case "6.2.2":  // two fragments, split on a code point boundary ("Hello-µ@ßöä" | "üàá-UTF-8!!")
            let split = Array("Hello-µ@ßöä".utf8).count
            try peer.send([WireFrame.make(Op.text, Array(payload[..<split]), fin: false),
                           WireFrame.make(Op.continuation, Array(payload[split...]))])
        default:  // 6.2.3, 6.2.4: one byte per frame, so most frames end inside a code point
            try peer.send(Self.octetFragments(payload))
        }
        try peer.expect(.text(payload), id)
        try peer.closeNormally()
    }

    @Test("6.3.1 invalid UTF-8 in one frame fails with 1007")
    func invalidTextInOneFrame() throws {
        let peer = try Peer()
        peer.sendExpectingFailure([WireFrame.make(Op.text, Self.kosmeWithSurrogate)])
        try peer.expectFailure(Code.invalidPayload, "6.3.1")
    }

    @Test("6.3.2 invalid UTF-8 in 1-byte fragments fails with 1007 at the first bad fragment")
    func invalidTextInOctetFragments() throws {
        let peer = try Peer()
        try Self.expectFailFast(peer, fragments: Self.octetFragments(Self.kosmeWithSurrogate),
                                badFragment: UTF8Reference.failureIndex(Self.kosmeWithSurrogate)!, id: "6.3.2")
    }

    /// Sends `fragments` up to and including `badFragment`, then requires the 1007 close and EOF
    /// before anything more is sent; the rest of the message is never written.
    static func expectFailFast(_ peer: Peer, fragments: [[UInt8]], badFragment: Int, id: String,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        try peer.send(Array(fragments[..<badFragment]), chop: .perFrame)
        #expect(peer.isQuiet(for: 0.02), "\(id): the server reacted before the invalid fragment", sourceLocation: sourceLocation)
        peer.sendExpectingFailure([fragments[badFragment]])
        peer.raw.setTimeout(2)  // fail fast means now, not when the message is complete
        try peer.expectFailure(Code.invalidPayload, "\(id): fail fast, \(fragments.count - badFragment - 1) fragments still unsent",
                               sourceLocation: sourceLocation)
    }

    @Test("6.4.1/6.4.2 fail fast: invalid fragment rejected before the final fragment is sent", arguments: ["6.4.1", "6.4.2"])
    func failFastOnFragments(_ id: String) throws {
        let peer = try Peer()
        let whole = Array(Self.failFastParts.joined())
        // 6.4.1: [kosme] [F4 90 80 80] [edited]; 6.4.2: [kosme F4] [90] [80 80 edited]
        let parts = id == "6.4.1" ? Self.failFastParts : [Array(whole[..<12]), [whole[12]], Array(whole[13...])]
        try peer.send([WireFrame.make(Op.text, parts[0], fin: false)])
        // Autobahn waits 1 s here: the valid first fragment must be accepted (no close).
        #expect(peer.isQuiet(for: 0.1), "\(id): the valid first fragment must not fail the connection")
        peer.sendExpectingFailure([WireFrame.make(Op.continuation, parts[1], fin: false)])
        peer.raw.setTimeout(2)
        try peer.expectFailure(Code.invalidPayload, "\(id): the invalid second fragment must fail the connection at once")
    }

    @Test("6.4.3/6.4.4 fail fast within one frame: the invalid chop is rejected before the rest arrives",
          arguments: ["6.4.3", "6.4.4"])
    func failFastOnChops(_ id: String) throws {
        let peer = try Peer()
        let frame = WireFrame.make(Op.text, Array(Self.failFastParts.joined()))
        let header = frame.count - 21  // 2 header bytes + 4 mask bytes
        // 6.4.3 chops the frame's payload as [kosme] [F4 90 80 80] [edited]; 6.4.4 as [..F4] [90] [80 80 edited].
        let cuts = id == "6.4.3" ? [header + 11, header + 15] : [header + 12, header + 13]
        try peer.raw.send(Array(frame[..<cuts[0]]))
        #expect(peer.isQuiet(for: 0.1), "\(id): the valid first chop must not fail the connection")
        _ = try? peer.raw.send(Array(frame[cuts[0]..<cuts[1]]))
        peer.raw.setTimeout(2)
        try peer.expectFailure(Code.invalidPayload, "\(id): the invalid chop must fail the connection before the frame is complete")
    }

    @Test("6.x extra: a text message ending inside a code point fails with 1007 on its final fragment")
    func truncatedAtEnd() throws {
        let peer = try Peer()
        peer.sendExpectingFailure([WireFrame.make(Op.text, Array(Self.kosme[..<3]), fin: false),
                                   WireFrame.make(Op.continuation, [Self.kosme[3]])])
        try peer.expectFailure(Code.invalidPayload, "message ends after E1 BD")
    }

    @Test("6.x extra: the reference validator agrees with the Autobahn labels", arguments: UTF8Sequences.all)
    func referenceValidatorAgrees(_ testCase: UTF8Sequences.Case) {
        #expect((UTF8Reference.failureIndex(testCase.bytes) == nil) == testCase.valid)
    }
}

/// An independent, strict UTF-8 checker (RFC 3629 §4) used to compute where a correct server must
/// fail: the first byte at which the prefix can no longer become valid UTF-8.
enum UTF8Reference {
    /// nil when `bytes` is valid; else the index of the first byte no valid text can have there,
    /// or `bytes.count` when the bytes end inside a character.
    static func failureIndex(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let length: Int
            let second: ClosedRange<UInt8>
            switch bytes[index] {
            case 0x00...0x7F: index += 1; continue
            case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
            case 0xE0: (length, second) = (3, 0xA0...0xBF)       // no overlongs
            case 0xED: (length, second) = (3, 0x80...0x9F)       // no surrogates
            case 0xE1...0xEF: (length, second) = (3, 0x80...0xBF)
            case 0xF0: (length, second) = (4, 0x90...0xBF)       // no overlongs
            case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
            case 0xF4: (length, second) = (4, 0x80...0x8F)       // nothing above U+10FFFF
            default: return index                               // C0, C1, F5...FF, stray continuation bytes
            }
            for offset in 1..<length {
                guard index + offset < bytes.count else { return bytes.count }
                guard (offset == 1 ? second : 0x80...0xBF).contains(bytes[index + offset]) else { return index + offset }
            }
            index += length
        }
        return nil
    }
}
