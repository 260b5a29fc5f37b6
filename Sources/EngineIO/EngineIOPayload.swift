/// A polling payload: packets in their text form joined by the record separator 0x1E (which
/// can occur in none of them: text is UTF-8 without control characters in JSON, binary is
/// base64). The GET body the server sends and the POST body the client sends.
public enum EngineIOPayload {
    /// Appends `packets`, separated, to `out`.
    public static func encode(_ packets: some Sequence<EngineIOPacket>, into out: inout [UInt8]) {
        var first = true
        for packet in packets {
            if !first { out.append(EngineIOPacket.separator) }
            first = false
            packet.encodeText(into: &out)
        }
    }

    /// The packets of a POST body, at most `maxPackets` of them; the first malformed one fails
    /// the whole payload (the client is not speaking Engine.IO, and its session closes).
    public static func decode(_ bytes: [UInt8], maxPackets: Int = 4096) -> Result<[EngineIOPacket], EngineIOError> {
        guard !bytes.isEmpty else { return .failure(.malformed("an empty payload")) }
        var packets: [EngineIOPacket] = []
        var failure: EngineIOError?
        forEachPacket(in: bytes) { range in
            guard packets.count < maxPackets else {
                failure = .malformed("more than \(maxPackets) packets in one payload")
                return false
            }
            switch EngineIOPacket.decodeText(bytes[range], allowsBase64Binary: true) {
            case .success(let packet): packets.append(packet)
            case .failure(let error): failure = error
            }
            return failure == nil
        }
        return failure.map { .failure($0) } ?? .success(packets)
    }

    /// Calls `body` with the range of each packet of `bytes`, in order (an empty range for an
    /// empty piece), until it returns false. Allocates nothing: a client reading a long-poll
    /// twenty times a second decodes each packet in place.
    public static func forEachPacket(in bytes: [UInt8], _ body: (Range<Int>) -> Bool) {
        var start = 0
        let count = bytes.count
        while start <= count {
            var end = start
            while end < count && bytes[end] != EngineIOPacket.separator { end += 1 }
            guard body(start..<end) else { return }
            start = end + 1
        }
    }
}
