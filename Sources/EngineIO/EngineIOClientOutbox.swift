import WebSocket

/// What a polling client has queued for its next POST: packets already in payload form
/// (text packets, binary as `b` + base64, joined by 0x1E), so a batch is a copy-free hand-over
/// of the buffer. Messages queued while a POST is in flight become the next POST together.
struct EngineIOClientOutbox {
    private(set) var bytes: [UInt8] = []

    var count: Int { bytes.count }
    var isEmpty: Bool { bytes.isEmpty }

    mutating func appendBinary(_ payload: UnsafeRawBufferPointer) {
        if !bytes.isEmpty { bytes.append(EngineIOPacket.separator) }
        bytes.append(EngineIOPacket.binaryMark)
        Base64.encode(payload, appendingTo: &bytes)
    }

    mutating func append(_ packet: EngineIOPacket) {
        if !bytes.isEmpty { bytes.append(EngineIOPacket.separator) }
        packet.encodeText(into: &bytes)
    }

    /// Moves the queued packets into `batch` (replacing its contents): all of them, or as many
    /// whole packets as fit in `limit` bytes (at least one, so an oversized packet still goes
    /// and the server's 413 says why).
    mutating func takeBatch(into batch: inout [UInt8], limit: Int) {
        batch.removeAll(keepingCapacity: true)
        if bytes.count <= limit {
            swap(&batch, &bytes)
            return
        }
        // The last separator within the limit; else the first one (one oversized packet).
        var cut = -1
        for index in bytes.indices where bytes[index] == EngineIOPacket.separator {
            if index > limit && cut >= 0 { break }
            cut = index
            if index > limit { break }
        }
        guard cut >= 0 else {
            swap(&batch, &bytes)
            return
        }
        batch.append(contentsOf: bytes[0..<cut])
        bytes.removeSubrange(0...cut)
    }
}
