/// The header of one WebSocket frame (RFC 6455 §5.2): everything before the payload.
///
/// ```
///  byte 0: FIN RSV1 RSV2 RSV3 opcode(4)
///  byte 1: MASK length(7)          126 -> 16-bit length follows, 127 -> 64-bit length follows
///  then:   extended length (0, 2 or 8 bytes, big-endian), mask key (0 or 4 bytes)
/// ```
/// A plain value: parsing and encoding work on raw pointers so neither allocates; the
/// stream decoder decides what is *allowed* (masking direction, limits, fragmentation).
public struct FrameHeader: Equatable, Sendable {
    public var fin: Bool
    /// The three RSV bits as a number 0...7 (RSV1 is the high bit, 4).
    public var rsv: UInt8
    public var opcode: WebSocketOpcode
    /// The 4 key bytes exactly as in memory on the wire (`loadUnaligned(as: UInt32.self)`);
    /// nil for an unmasked frame.
    public var maskKey: UInt32?
    public var payloadLength: Int

    @inlinable
    public init(fin: Bool = true, rsv: UInt8 = 0, opcode: WebSocketOpcode, maskKey: UInt32? = nil, payloadLength: Int) {
        self.fin = fin
        self.rsv = rsv
        self.opcode = opcode
        self.maskKey = maskKey
        self.payloadLength = payloadLength
    }

    /// Bytes the header occupies with minimal length encoding: 2...14.
    @inlinable
    public static func encodedSize(payloadLength: Int, masked: Bool) -> Int {
        let lengthBytes = payloadLength < 126 ? 0 : (payloadLength <= 0xFFFF ? 2 : 8)
        return 2 + lengthBytes + (masked ? 4 : 0)
    }

    /// Writes the header at `pointer` (the caller guarantees `encodedSize` bytes of room)
    /// and returns the number of bytes written. Uses the shortest length form, as RFC 6455
    /// requires of senders.
    @inlinable
    public func encode(into pointer: UnsafeMutableRawPointer) -> Int {
        precondition(payloadLength >= 0, "negative payload length")
        precondition(rsv <= 7, "RSV is 3 bits")
        pointer.storeBytes(of: (fin ? 0x80 : 0) | rsv &<< 4 | opcode.rawValue, as: UInt8.self)
        let maskBit: UInt8 = maskKey == nil ? 0 : 0x80
        var size = 2
        if payloadLength < 126 {
            pointer.storeBytes(of: maskBit | UInt8(truncatingIfNeeded: payloadLength), toByteOffset: 1, as: UInt8.self)
        } else if payloadLength <= 0xFFFF {
            pointer.storeBytes(of: maskBit | 126, toByteOffset: 1, as: UInt8.self)
            pointer.storeBytes(of: UInt16(truncatingIfNeeded: payloadLength).bigEndian, toByteOffset: 2, as: UInt16.self)
            size = 4
        } else {
            pointer.storeBytes(of: maskBit | 127, toByteOffset: 1, as: UInt8.self)
            pointer.storeBytes(of: UInt64(truncatingIfNeeded: payloadLength).bigEndian, toByteOffset: 2, as: UInt64.self)
            size = 10
        }
        if let maskKey {
            pointer.storeBytes(of: maskKey, toByteOffset: size, as: UInt32.self)
            size += 4
        }
        return size
    }
}

extension FrameHeader {
    /// The outcome of reading a header from the front of some bytes.
    @usableFromInline
    enum ParseResult: Equatable {
        /// Not enough bytes yet: a whole header needs at least `needed` bytes.
        case incomplete(needed: Int)
        case complete(FrameHeader, size: Int)
        /// The bytes can never form a header.
        case invalid(WebSocketProtocolError)
    }

    /// The full header size implied by its second byte (mask bit and 7-bit length).
    @inlinable
    static func size(secondByte: UInt8) -> Int {
        let lengthBytes = switch secondByte & 0x7F {
        case 126: 2
        case 127: 8
        default: 0
        }
        return 2 + lengthBytes + (secondByte & 0x80 != 0 ? 4 : 0)
    }

    /// Reads the header at the start of `count` bytes at `base`.
    ///
    /// Only what makes the header unreadable is an error here (a 64-bit length with the top
    /// bit set); policy checks belong to the decoder. Non-minimal length encodings are
    /// accepted, as most peers do, since they are unambiguous.
    @inlinable
    static func parse(_ base: UnsafeRawPointer, count: Int) -> ParseResult {
        guard count >= 2 else { return .incomplete(needed: 2) }
        let first = base.load(as: UInt8.self)
        let second = base.load(fromByteOffset: 1, as: UInt8.self)
        let size = size(secondByte: second)
        guard count >= size else { return .incomplete(needed: size) }

        let length: Int
        switch second & 0x7F {
        case 126:
            length = Int(UInt16(bigEndian: base.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
        case 127:
            let wide = UInt64(bigEndian: base.loadUnaligned(fromByteOffset: 2, as: UInt64.self))
            guard wide & (1 << 63) == 0 else {
                return .invalid(.protocolViolation("64-bit payload length has its most significant bit set"))
            }
            guard let exact = Int(exactly: wide) else {
                return .invalid(WebSocketProtocolError(code: .messageTooBig, reason: "payload length \(wide) exceeds the address space"))
            }
            length = exact
        case let short:
            length = Int(short)
        }
        let maskKey: UInt32? = second & 0x80 != 0
            ? base.loadUnaligned(fromByteOffset: size - 4, as: UInt32.self)
            : nil
        let header = FrameHeader(
            fin: first & 0x80 != 0,
            rsv: (first &>> 4) & 0x7,
            opcode: WebSocketOpcode(rawValue: first & 0x0F),
            maskKey: maskKey,
            payloadLength: length
        )
        return .complete(header, size: size)
    }
}
