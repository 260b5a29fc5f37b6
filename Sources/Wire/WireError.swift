/// Why bytes from the network could not be decoded.
///
/// Only the reading side ever produces these: bytes that arrive from a peer are
/// untrusted, so every way they can be wrong is a value, never a trap. Writing a value
/// that does not fit its field is our own bug and traps instead (see `BitWriter`).
///
/// Every case carries `bitOffset`, a position in bits from the start of the reader's
/// buffer, so a close reason can point at the culprit: for `endOfData` where the read
/// that ran short began (for aligned bytes, the aligned position); for the others where
/// the rejected field began (a variable-length or relative integer's first prefix bit,
/// a string's length field, the first padding bit).
/// The same kinds exist, with the same names, in the JS mirror (`web/wire/errors.js`)
/// and in the golden vectors' rejection cases.
public enum WireError: Error, Equatable, Hashable, Sendable {
    /// A field wanted `bitsWanted` more bits than the buffer still holds.
    case endOfData(bitOffset: Int, bitsWanted: Int)
    /// A field decoded to `value` (its unsigned code on the wire), but the largest code
    /// the field allows is `limit`: a ranged integer above its range, a variable-length
    /// integer above its type's maximum, a relative sequence number whose delta is wider
    /// than the sequence itself.
    case valueOutOfRange(bitOffset: Int, value: UInt64, limit: UInt64)
    /// Bits skipped to reach a byte boundary (alignment or the end of a message) were
    /// not all zero. Writers always pad with zeros, so this is corruption or a
    /// misaligned decoder, and rejecting it keeps every message's encoding unique.
    case nonZeroPadding(bitOffset: Int)
    /// A string field's bytes are not well-formed UTF-8.
    case invalidUTF8(bitOffset: Int)
    /// A whole message was decoded but at least one more byte follows it.
    case trailingData(bitOffset: Int)
    /// The message's first byte is not a known `MessageType`, or not the type the decoder
    /// was asked for (a hello handed to the input decoder). Always at bit 0.
    case unexpectedMessageType(UInt8)

    /// The case's name, as used by the JS mirror and the golden vectors (`"endOfData"`…).
    public var kind: String {
        switch self {
        case .endOfData: "endOfData"
        case .valueOutOfRange: "valueOutOfRange"
        case .nonZeroPadding: "nonZeroPadding"
        case .invalidUTF8: "invalidUTF8"
        case .trailingData: "trailingData"
        case .unexpectedMessageType: "unexpectedMessageType"
        }
    }

    /// Where the offending field began, in bits from the start of the buffer.
    public var bitOffset: Int {
        switch self {
        case .endOfData(let offset, _), .valueOutOfRange(let offset, _, _),
             .nonZeroPadding(let offset), .invalidUTF8(let offset), .trailingData(let offset):
            offset
        case .unexpectedMessageType:
            0
        }
    }
}

extension WireError: CustomStringConvertible {
    /// One line, suitable for a log entry or a WebSocket close reason.
    public var description: String {
        switch self {
        case .endOfData(let offset, let wanted):
            "end of data at bit \(offset) (wanted \(wanted) more bits)"
        case .valueOutOfRange(let offset, let value, let limit):
            "value \(value) out of range at bit \(offset) (largest allowed \(limit))"
        case .nonZeroPadding(let offset):
            "non-zero padding at bit \(offset)"
        case .invalidUTF8(let offset):
            "invalid UTF-8 at bit \(offset)"
        case .trailingData(let offset):
            "trailing data at bit \(offset)"
        case .unexpectedMessageType(let type):
            "unexpected message type \(MessageType(rawValue: type))"
        }
    }
}
