// Integer helpers shared by the bit streams: the JS mirror of Sources/Wire/BitMath.swift,
// VarUInt.swift and SequenceNumber.swift.
//
// Numbers are used wherever they are exact (every width up to 32 bits, and safe integers
// up to 2^53 - 1); BigInt only where 64-bit values really occur.

export const MAX_UINT64 = (1n << 64n) - 1n;

/**
 * Bits needed to send an integer in min...max as its offset from min (0 for min == max).
 * Accepts safe-integer Numbers or BigInts (mixed is fine); the result is a Number.
 */
export function bitsRequired(min, max) {
  if (typeof min === 'number' && typeof max === 'number') {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
      throw new RangeError(`bitsRequired: bad range ${min}...${max}`);
    }
    const span = max - min;
    if (Number.isSafeInteger(span)) return bitLength(span);
  }
  return bitLengthBig(BigInt(max) - BigInt(min));
}

/** Bits in the binary form of a non-negative safe integer (0 for 0). */
export function bitLength(n) {
  if (n < 0x1_0000_0000) return 32 - Math.clz32(n);
  return 64 - Math.clz32(Math.floor(n / 0x1_0000_0000));
}

/** Bits in the binary form of a non-negative BigInt (0 for 0n). */
export function bitLengthBig(n) {
  if (n < 0n) throw new RangeError(`bitLength of negative ${n}`);
  return n === 0n ? 0 : n.toString(2).length;
}

// ZigZag: 0, -1, 1, -2, 2… become 0, 1, 2, 3, 4… (Swift's `ZigZag`).

/** Number form, exact for -2^52 <= value < 2^52 (codes up to 2^53 - 1). */
export function zigzagEncode(value) {
  const code = value >= 0 ? value * 2 : -value * 2 - 1;
  if (!Number.isSafeInteger(value) || !Number.isSafeInteger(code)) {
    throw new RangeError(`zigzagEncode: ${value} outside -2^52 ..< 2^52 (use zigzagEncodeBig)`);
  }
  return code;
}

export function zigzagDecode(code) {
  return code % 2 === 0 ? code / 2 : -(code + 1) / 2;
}

/** BigInt form over the whole Int64 range. */
export function zigzagEncodeBig(value) {
  return value >= 0n ? value << 1n : ((-value) << 1n) - 1n;
}

export function zigzagDecodeBig(code) {
  return (code & 1n) === 0n ? code >> 1n : -((code + 1n) >> 1n);
}

// The variable-length unsigned code (Swift's `VarUInt`): a unary class prefix — k ones
// then a zero for class k < 4, four ones for class 4 — then value - offset in the class's
// width. See PROTOCOL.md, "Variable-length integers".

export const VAR_UINT_WIDTHS = Object.freeze([4, 8, 16, 32, 64]);
export const VAR_UINT_OFFSETS = Object.freeze([0, 16, 272, 65_808, 4_295_033_104]);
export const VAR_UINT_OFFSETS_BIG = Object.freeze(VAR_UINT_OFFSETS.map(BigInt));

/** The class a value (Number or BigInt) is sent in. */
export function varUintClass(value) {
  if (value < 16) return 0;
  if (value < 272) return 1;
  if (value < 65_808) return 2;
  if (value < 4_295_033_104) return 3;
  return 4;
}

/** Bits the code takes for value, prefix included. */
export function varUintBitCount(value) {
  const k = varUintClass(value);
  return Math.min(k + 1, 4) + VAR_UINT_WIDTHS[k];
}

// Sequence numbers and ticks that wrap around modulo 2^width (width <= 32), Swift's
// `SequenceNumber`.

/** True when a is ahead of b by less than half the number space (half-way: neither). */
export function isNewer(a, b, width) {
  const ahead = mod(a - b, width);
  return ahead !== 0 && ahead < 2 ** (width - 1);
}

/** The signed distance from reference to value the short way: in -2^(w-1) ..< 2^(w-1). */
export function sequenceDistance(reference, value, width) {
  const ahead = mod(value - reference, width);
  return ahead >= 2 ** (width - 1) ? ahead - 2 ** width : ahead;
}

/** reference moved by distance, modulo 2^width. */
export function advanceSequence(reference, distance, width) {
  return mod(reference + distance, width);
}

function mod(n, width) {
  const size = 2 ** width;
  const r = n % size;
  return r < 0 ? r + size : r;
}

/** UTF-8 length of a string without encoding it (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(string) {
  let length = 0;
  for (let i = 0; i < string.length; i++) {
    const unit = string.charCodeAt(i);
    if (unit < 0x80) length += 1;
    else if (unit < 0x800) length += 2;
    else if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < string.length &&
             (string.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      length += 4;
      i++;
    } else length += 3;
  }
  return length;
}
