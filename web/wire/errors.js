// Why bytes from the network could not be decoded: the JS mirror of Swift's `WireError`
// (Sources/Wire/WireError.swift). Only readers throw it; a writer given a value that does
// not fit its field throws a RangeError instead, because that is our own bug.

/** The five kinds, spelled as in Swift and in the golden vectors. */
export const WireErrorKind = Object.freeze({
  endOfData: 'endOfData',
  valueOutOfRange: 'valueOutOfRange',
  nonZeroPadding: 'nonZeroPadding',
  invalidUTF8: 'invalidUTF8',
  trailingData: 'trailingData',
});

export class WireError extends Error {
  /**
   * @param {string} kind one of WireErrorKind
   * @param {number} bitOffset where the read that failed (endOfData) or the rejected
   *   field (the others) began, in bits from the start of the buffer
   * @param {object} [details] endOfData: { bitsWanted }; valueOutOfRange: { value, limit }
   *   as BigInts (the code read and the largest allowed)
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
      default:
        return `${kind} at bit ${bitOffset}`;
    }
  }
}
