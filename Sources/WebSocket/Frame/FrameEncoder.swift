/// Builds outgoing frames: the send side of the codec, stateless.
///
/// The encoder does not police what it is given beyond what would corrupt the stream (a
/// control payload over 125 bytes traps as a programming error); choosing opcodes and
/// fragmenting messages is the connection's business.
public enum FrameEncoder {
    /// Appends one complete frame (header + payload, masked when `maskKey` is non-nil, as
    /// a client must) to `buffer`. The header uses the shortest length encoding.
    @inlinable
    public static func append(
        opcode: WebSocketOpcode, fin: Bool = true, payload: UnsafeRawBufferPointer, maskKey: UInt32?,
        to buffer: inout [UInt8]
    ) {
        precondition(!opcode.isControl || (fin && payload.count <= 125), "control frames are unfragmented and at most 125 bytes")
        let header = FrameHeader(fin: fin, opcode: opcode, maskKey: maskKey, payloadLength: payload.count)
        // 16 bytes of stack scratch hold the longest header (14 bytes).
        var scratch: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &scratch) { storage in
            let size = header.encode(into: storage.baseAddress.unsafelyUnwrapped)
            UnsafeRawBufferPointer(rebasing: storage[..<size]).withMemoryRebound(to: UInt8.self) {
                buffer.append(contentsOf: $0)
            }
        }
        let payloadStart = buffer.count
        payload.withMemoryRebound(to: UInt8.self) { buffer.append(contentsOf: $0) }
        if let maskKey, payload.count > 0 {
            buffer.withUnsafeMutableBytes { bytes in
                Masking.apply(key: maskKey, to: UnsafeMutableRawBufferPointer(rebasing: bytes[payloadStart...]))
            }
        }
    }

    /// The payload of a close frame: the 2-byte big-endian code, then `reason` as UTF-8
    /// cut at a character boundary so the payload fits the 125-byte control frame limit.
    /// A nil code gives an empty payload (the reason is dropped: RFC 6455 allows a reason
    /// only after a code).
    public static func closePayload(code: WebSocketCloseCode?, reason: String) -> [UInt8] {
        guard let code else { return [] }
        var payload: [UInt8] = [UInt8(truncatingIfNeeded: code.rawValue >> 8), UInt8(truncatingIfNeeded: code.rawValue)]
        let utf8 = Array(reason.utf8)
        var cut = min(utf8.count, 125 - 2)
        // Back off over continuation bytes (10xxxxxx) so the cut falls before a lead byte.
        while cut < utf8.count && cut > 0 && utf8[cut] & 0xC0 == 0x80 {
            cut -= 1
        }
        payload.append(contentsOf: utf8[..<cut])
        return payload
    }
}
