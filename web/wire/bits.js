// Bit packing, least significant bit first: the JS mirror of Sources/Wire/BitWriter.swift,
// BitReader.swift and BitCounter.swift. Bit i of a stream is bit (i % 8) of byte
// floor(i / 8), and a field's lowest bit comes first (PROTOCOL.md, "Bit packing").
//
// Values: fields of up to 32 bits are Numbers; wider unsigned fields are read as BigInts
// and may be written from a BigInt or a safe-integer Number. Ranged integers are Numbers
// when min and max are Numbers (safe integers), BigInts when either is a BigInt.
//
// Writers and counters throw RangeError on values that do not fit (our bug, Swift traps);
// readers throw WireError on bytes that do not decode (the peer's fault), and a message
// that fails is dropped whole: the reader's position after an error is unspecified.

import { WireError, WireErrorKind } from './errors.js';
import { bitsRequired, utf8Length } from './integers.js';
import { BitStream } from './stream.js';

export { WireError, WireErrorKind } from './errors.js';
export * from './integers.js';
export { BitStream } from './stream.js';

const TWO_32 = 0x1_0000_0000;
const utf8Encoder = new TextEncoder();
// fatal: malformed UTF-8 throws instead of becoming U+FFFD; ignoreBOM: a leading U+FEFF
// is kept as a character, as Swift keeps it.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Checks an unsigned field value for the writer and counter; returns it as { lo, hi }. */
function splitUint(value, bits) {
  if (!Number.isInteger(bits) || bits < 0 || bits > 64) throw new RangeError(`width ${bits} outside 0...64`);
  if (typeof value === 'bigint') {
    if (value < 0n || value >> BigInt(bits) !== 0n) throw new RangeError(`${value} does not fit in ${bits} bits`);
    return { lo: Number(value & 0xffff_ffffn), hi: Number(value >> 32n) };
  }
  if (!Number.isSafeInteger(value) || value < 0 || (bits < 53 && value >= 2 ** bits)) {
    throw new RangeError(`${value} does not fit in ${bits} bits`);
  }
  return { lo: value % TWO_32, hi: Math.floor(value / TWO_32) };
}

/** Checks a ranged value and returns its code (value - min) as a Number or BigInt. */
function rangedCode(value, min, max) {
  const bits = bitsRequired(min, max);
  if (typeof min === 'number' && typeof max === 'number' && bits <= 53) {
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new RangeError(`${value} outside ${min}...${max}`);
    }
    return { code: value - min, bits };
  }
  const v = BigInt(value);
  if (v < BigInt(min) || v > BigInt(max)) throw new RangeError(`${value} outside ${min}...${max}`);
  return { code: v - BigInt(min), bits };
}

export class BitWriter extends BitStream {
  #buffer;
  #bits = 0;

  /** @param {number} [capacity] bytes to allocate up front (the buffer grows as needed) */
  constructor(capacity = 256) {
    super();
    this.#buffer = new Uint8Array(Math.max(capacity, 8));
  }

  /** Bits written so far. */
  get bitCount() { return this.#bits; }

  /** Bytes that finish() will return. */
  get byteCount() { return (this.#bits + 7) >>> 3; }

  /** Empties the writer, keeping its buffer. */
  reset() {
    this.#buffer.fill(0, 0, this.byteCount);
    this.#bits = 0;
  }

  // Appends the low `bits` (0...32) bits of a Number already checked to fit.
  #put(value, bits) {
    if (bits === 0) return;
    this.#reserve((this.#bits + bits + 7) >>> 3);
    let v = value;
    let n = bits;
    let pos = this.#bits;
    while (n > 0) {
      const offset = pos & 7;
      const take = Math.min(n, 8 - offset);
      this.#buffer[pos >>> 3] |= (v & ((1 << take) - 1)) << offset;
      v >>>= take;
      pos += take;
      n -= take;
    }
    this.#bits = pos;
  }

  #reserve(bytes) {
    if (bytes <= this.#buffer.length) return;
    const grown = new Uint8Array(Math.max(bytes, this.#buffer.length * 2));
    grown.set(this.#buffer);
    this.#buffer = grown;
  }

  /** Appends the low `bits` (0...64) bits of value: low 32 bits first, then the rest. */
  writeUint(value, bits) {
    const { lo, hi } = splitUint(value, bits);
    if (bits <= 32) {
      this.#put(lo, bits);
    } else {
      this.#put(lo, 32);
      this.#put(hi, bits - 32);
    }
  }

  writeBool(value) {
    this.#put(value ? 1 : 0, 1);
  }

  /** Appends value - min in bitsRequired(min, max) bits. */
  writeRanged(value, min, max) {
    const { code, bits } = rangedCode(value, min, max);
    this.writeUint(code, bits);
  }

  /** Pads with zero bits to the next byte boundary. */
  alignToByte() {
    this.#bits = (this.#bits + 7) & ~7;
  }

  /** Aligns, then appends the bytes verbatim. */
  writeAlignedBytes(bytes) {
    this.alignToByte();
    this.#reserve((this.#bits >>> 3) + bytes.length);
    this.#buffer.set(bytes, this.#bits >>> 3);
    this.#bits += bytes.length * 8;
  }

  /** A UTF-8 string: its byte length as a ranged 0...maxBytes, then its bytes aligned. */
  writeString(string, maxBytes) {
    const bytes = utf8Encoder.encode(string);
    this.writeRanged(bytes.length, 0, maxBytes);
    this.writeAlignedBytes(bytes);
  }

  /** Pads to a byte boundary and returns a copy of everything written. */
  finish() {
    this.alignToByte();
    return this.#buffer.slice(0, this.#bits >>> 3);
  }

  /** Like finish(), but a view into the writer's buffer: valid until the next write or reset. */
  finishView() {
    this.alignToByte();
    return this.#buffer.subarray(0, this.#bits >>> 3);
  }

  // BitStream primitives.
  uint(value, bits) { this.writeUint(value, bits); return value; }
  bool(value) { this.writeBool(value); return value; }
  ranged(value, min, max) { this.writeRanged(value, min, max); return value; }
  align() { this.alignToByte(); }
  alignedBytes(bytes, count) {
    if (bytes.length !== count) throw new RangeError(`${bytes.length} bytes where ${count} declared`);
    this.writeAlignedBytes(bytes);
    return bytes;
  }
  string(value, maxBytes) { this.writeString(value, maxBytes); return value; }
  require(condition, makeError) {
    if (!condition) throw new RangeError(`BitWriter: ${makeError().message}`);
  }
}

export class BitReader extends BitStream {
  #bytes;
  #pos = 0;

  /** @param {Uint8Array} bytes the message; read in place, never copied */
  constructor(bytes) {
    super();
    this.#bytes = bytes;
  }

  get isReading() { return true; }

  /** Bits consumed so far. */
  get bitCount() { return this.#pos; }

  /** Bits not yet consumed. */
  get remainingBits() { return this.#bytes.length * 8 - this.#pos; }

  #need(bits) {
    if (bits > this.remainingBits) {
      throw new WireError(WireErrorKind.endOfData, this.#pos, { bitsWanted: bits });
    }
  }

  // Removes `bits` (0...32) bits, already known to exist, as an unsigned Number.
  #take(bits) {
    let result = 0;
    let scale = 1;
    let n = bits;
    let pos = this.#pos;
    while (n > 0) {
      const offset = pos & 7;
      const take = Math.min(n, 8 - offset);
      result += ((this.#bytes[pos >>> 3] >>> offset) & ((1 << take) - 1)) * scale;
      scale *= 1 << take;
      pos += take;
      n -= take;
    }
    this.#pos = pos;
    return result;
  }

  /** Reads `bits` (0...64) bits: a Number up to 32 bits, a BigInt above. */
  readUint(bits) {
    if (!Number.isInteger(bits) || bits < 0 || bits > 64) throw new RangeError(`width ${bits} outside 0...64`);
    this.#need(bits);
    if (bits <= 32) return this.#take(bits);
    const lo = this.#take(32);
    const hi = this.#take(bits - 32);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  readBool() {
    this.#need(1);
    return this.#take(1) === 1;
  }

  /** Reads a ranged integer, rejecting a code above max - min. */
  readRanged(min, max) {
    const start = this.#pos;
    const bits = bitsRequired(min, max);
    const code = this.readUint(bits);
    if (typeof min === 'number' && typeof max === 'number') {
      const span = max - min;
      if (bits <= 53 && Number.isSafeInteger(span)) {
        if (code > span) throw outOfRange(start, code, span);
        return min + code;
      }
      const spanBig = BigInt(max) - BigInt(min);
      const codeBig = BigInt(code);
      if (codeBig > spanBig) throw outOfRange(start, codeBig, spanBig);
      return Number(BigInt(min) + codeBig);
    }
    const spanBig = BigInt(max) - BigInt(min);
    const codeBig = BigInt(code);
    if (codeBig > spanBig) throw outOfRange(start, codeBig, spanBig);
    return BigInt(min) + codeBig;
  }

  /** Skips to the next byte boundary; the skipped bits must be zero. */
  alignToByte() {
    const start = this.#pos;
    const padding = (8 - (start & 7)) & 7;
    if (this.#take(padding) !== 0) throw new WireError(WireErrorKind.nonZeroPadding, start);
  }

  /** Aligns, then returns the next `count` bytes as a view (no copy). */
  readAlignedBytes(count) {
    this.alignToByte();
    const first = this.#pos >>> 3;
    if (count > this.#bytes.length - first) {
      throw new WireError(WireErrorKind.endOfData, this.#pos, { bitsWanted: count * 8 });
    }
    this.#pos += count * 8;
    return this.#bytes.subarray(first, first + count);
  }

  /** Reads a string written by writeString, rejecting malformed UTF-8. */
  readString(maxBytes) {
    const start = this.#pos;
    const bytes = this.readAlignedBytes(this.readRanged(0, maxBytes));
    try {
      return utf8Decoder.decode(bytes);
    } catch {
      throw new WireError(WireErrorKind.invalidUTF8, start);
    }
  }

  /** Checks that the message ends here: fewer than 8 bits remain, all zero. */
  finish() {
    const start = this.#pos;
    if (this.remainingBits >= 8) throw new WireError(WireErrorKind.trailingData, start);
    if (this.#take(this.remainingBits) !== 0) throw new WireError(WireErrorKind.nonZeroPadding, start);
  }

  // BitStream primitives.
  uint(_value, bits) { return this.readUint(bits); }
  bool(_value) { return this.readBool(); }
  ranged(_value, min, max) { return this.readRanged(min, max); }
  align() { this.alignToByte(); }
  alignedBytes(_bytes, count) { return this.readAlignedBytes(count); }
  string(_value, maxBytes) { return this.readString(maxBytes); }
  require(condition, makeError) {
    if (!condition) throw makeError();
  }
}

function outOfRange(bitOffset, value, limit) {
  return new WireError(WireErrorKind.valueOutOfRange, bitOffset, { value: BigInt(value), limit: BigInt(limit) });
}

/** Counts the bits a writer would produce, checking values as the writer does. */
export class BitCounter extends BitStream {
  #bits;

  /** @param {number} [bitOffset] where the measured fields would start (alignment is exact) */
  constructor(bitOffset = 0) {
    super();
    this.#bits = bitOffset;
  }

  get bitCount() { return this.#bits; }
  get byteCount() { return (this.#bits + 7) >>> 3; }

  uint(value, bits) { splitUint(value, bits); this.#bits += bits; return value; }
  bool(value) { this.#bits += 1; return value; }
  ranged(value, min, max) { this.#bits += rangedCode(value, min, max).bits; return value; }
  align() { this.#bits = (this.#bits + 7) & ~7; }
  alignedBytes(bytes, count) {
    if (bytes.length !== count) throw new RangeError(`${bytes.length} bytes where ${count} declared`);
    this.align();
    this.#bits += count * 8;
    return bytes;
  }
  string(value, maxBytes) {
    const length = utf8Length(value);
    this.ranged(length, 0, maxBytes);
    this.align();
    this.#bits += length * 8;
    return value;
  }
  require(condition, makeError) {
    if (!condition) throw new RangeError(`BitCounter: ${makeError().message}`);
  }
}
