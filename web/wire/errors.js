// Why bytes from the network could not be decoded: the JS mirror of Swift's `WireError`
// (Sources/Wire/WireError.swift). Only readers throw it; a writer given a value that does
// not fit its field throws a RangeError instead, because that is our own bug.

/** The kinds, spelled as in Swift and in the golden vectors. */
export const WireErrorKind = Object.freeze({
  endOfData: 'endOfData',
  valueOutOfRange: 'valueOutOfRange',
  nonZeroPadding: 'nonZeroPadding',
  invalidUTF8: 'invalidUTF8',
  trailingData: 'trailingData',
  unexpectedMessageType: 'unexpectedMessageType',
});

export class WireError extends Error {
  /**
   * @param {string} kind one of WireErrorKind
   * @param {number} bitOffset where the read that failed (endOfData) or the rejected
   *   field (the others) began, in bits from the start of the buffer
   * @param {object} [details] endOfData: { bitsWanted }; valueOutOfRange: { value, limit }
   *   as BigInts (the code read and the largest allowed); unexpectedMessageType: { type },
   *   the first byte (bitOffset is then always 0)
   */
  constructor(kind, bitOffset, details = {}) {
    super(WireError.describe(kind, bitOffset, details));
    this.name = 'WireError';
    this.kind = kind;
    this.bitOffset = bitOffset;
    Object.assign(this, details);
  }

  /** The same one-line text as Swift's `WireError.description`. */
  static describe(kind, bitOffset, details) {
    switch (kind) {
      case WireErrorKind.endOfData:
        return `end of data at bit ${bitOffset} (wanted ${details.bitsWanted} more bits)`;
      case WireErrorKind.valueOutOfRange:
        return `value ${details.value} out of range at bit ${bitOffset} (largest allowed ${details.limit})`;
      case WireErrorKind.nonZeroPadding:
        return `non-zero padding at bit ${bitOffset}`;
      case WireErrorKind.invalidUTF8:
        return `invalid UTF-8 at bit ${bitOffset}`;
      case WireErrorKind.trailingData:
        return `trailing data at bit ${bitOffset}`;
      case WireErrorKind.unexpectedMessageType:
        return `unexpected message type ${messageTypeText(details.type)}`;
      default:
        return `${kind} at bit ${bitOffset}`;
    }
  }
}

// Message type names for error text (the table itself is MessageType in messages.js).
const TYPE_NAMES = new Map([[0x01, 'hello'], [0x02, 'input'], [0x03, 'ping'], [0x04, 'chat'],
  [0x81, 'welcome'], [0x82, 'snapshot'], [0x83, 'pong'], [0x84, 'events']]);

/** `hello`, or `0x7f` for an unknown type: as Swift's `MessageType.description`. */
export function messageTypeText(type) {
  return TYPE_NAMES.get(type) ?? `0x${type.toString(16).padStart(2, '0')}`;
}
