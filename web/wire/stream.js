// One interface over writing, reading and measuring (Swift's `BitStream` protocol), so a
// message is described by ONE serialize function that drives all three:
//
//   function serializePing(s, ping) {
//     ping.sequence = s.uint(ping.sequence, 16);
//     ping.sentAt = s.uint(ping.sentAt, 32);
//     return ping;
//   }
//
// Every method takes the value to write and returns the value: a writer or counter
// returns what it was given, a reader ignores it and returns what it read. Subclasses
// provide the primitives (uint, bool, ranged, align, alignedBytes, string, require); the
// composite fields below are written once, on top of them, exactly as in Swift's
// extensions, so the three streams cannot disagree about a layout.

import { WireError, WireErrorKind } from './errors.js';
import {
  MAX_UINT64, VAR_UINT_OFFSETS, VAR_UINT_OFFSETS_BIG, VAR_UINT_WIDTHS, varUintClass,
  sequenceDistance, advanceSequence, zigzagEncode, zigzagDecode, zigzagEncodeBig, zigzagDecodeBig,
} from './integers.js';

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

export class BitStream {
  /** True for a reader. */
  get isReading() { return false; }

  /**
   * The class prefix of a variable-length integer: the writer emits `wanted` ones and a
   * closing zero (none after four ones), the reader counts ones. One loop for all three.
   */
  #varUintPrefix(wanted) {
    let k = 0;
    while (k < 4) {
      if (!this.bool(k < wanted)) break;
      k++;
    }
    return k;
  }

  /**
   * An unsigned integer in the variable-length code, as a Number. Writing takes a safe
   * integer; a reader rejects values above Number.MAX_SAFE_INTEGER as valueOutOfRange
   * (use varUintBig for the full 64-bit range).
   */
  varUint(value) {
    const start = this.bitCount;
    if (!this.isReading && !(Number.isSafeInteger(value) && value >= 0)) {
      throw new RangeError(`varUint: ${value} is not a safe unsigned integer`);
    }
    const k = this.#varUintPrefix(this.isReading ? 0 : varUintClass(value));
    if (k < 4) {
      const offset = VAR_UINT_OFFSETS[k];
      return this.uint(this.isReading ? 0 : value - offset, VAR_UINT_WIDTHS[k]) + offset;
    }
    const big = this.#varUintClass4(start, this.isReading ? 0n : BigInt(value));
    this.require(big <= MAX_SAFE_BIG,
      () => new WireError(WireErrorKind.valueOutOfRange, start, { value: big, limit: MAX_SAFE_BIG }));
    return Number(big);
  }

  /** An unsigned integer in the variable-length code, as a BigInt (0 ... 2^64 - 1). */
  varUintBig(value) {
    const start = this.bitCount;
    if (!this.isReading && !(typeof value === 'bigint' && value >= 0n && value <= MAX_UINT64)) {
      throw new RangeError(`varUintBig: ${value} is not a UInt64 BigInt`);
    }
    const k = this.#varUintPrefix(this.isReading ? 0 : varUintClass(value));
    if (k < 4) {
      const offset = VAR_UINT_OFFSETS[k];
      return BigInt(this.uint(this.isReading ? 0 : Number(value) - offset, VAR_UINT_WIDTHS[k]) + offset);
    }
    return this.#varUintClass4(start, this.isReading ? 0n : value);
  }

  #varUintClass4(start, value) {
    const offset = VAR_UINT_OFFSETS_BIG[4];
    const limit = MAX_UINT64 - offset;
    const payload = this.uint(this.isReading ? 0n : value - offset, 64);
    this.require(payload <= limit,
      () => new WireError(WireErrorKind.valueOutOfRange, start, { value: payload, limit }));
    return payload + offset;
  }

  /** A signed Number: ZigZag, then the variable-length code (-2^52 ..< 2^52). */
  varInt(value) {
    return zigzagDecode(this.varUint(this.isReading ? 0 : zigzagEncode(value)));
  }

  /** A signed BigInt over the whole Int64 range. */
  varIntBig(value) {
    return zigzagDecodeBig(this.varUintBig(this.isReading ? 0n : zigzagEncodeBig(value)));
  }

  /**
   * A sequence number or tick (width <= 32 bits) sent as its wrapped distance from a
   * reference both sides know: ZigZag, then the variable-length code. A reader rejects a
   * distance wider than the sequence itself.
   */
  relative(value, reference, width) {
    const start = this.bitCount;
    const code = this.varUint(this.isReading ? 0 : zigzagEncode(sequenceDistance(reference, value, width)));
    const limit = 2 ** width - 1;
    this.require(code <= limit,
      () => new WireError(WireErrorKind.valueOutOfRange, start, { value: BigInt(code), limit: BigInt(limit) }));
    return advanceSequence(reference, zigzagDecode(code), width);
  }

  /**
   * A value as the code of a quantizer with encode, decode and maxCode (QuantizedRange
   * or QuantizedFloat): a ranged integer 0...maxCode. On writing, the value is returned
   * unchanged; `q.quantize(v)` gives what a reader will see.
   */
  quantized(value, q) {
    const code = this.ranged(this.isReading ? 0 : q.encode(value), 0, q.maxCode);
    return this.isReading ? q.decode(code) : value;
  }

  /** An angle in radians as a QuantizedAngle code; decodes into 0 ..< 2π. */
  radians(value, q) {
    const code = this.uint(this.isReading ? 0 : q.encodeRadians(value), q.bits);
    return this.isReading ? q.decodeRadians(code) : value;
  }

  /** A binary angle (65 536 units per turn) as a QuantizedAngle code. */
  binaryAngle(value, q) {
    const code = this.uint(this.isReading ? 0 : q.encodeBinary(value), q.bits);
    return this.isReading ? q.decodeBinary(code) : value;
  }
}
