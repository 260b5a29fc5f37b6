// Quantized types declared as data: the JS mirror of Sources/Wire/QuantizedRange.swift,
// QuantizedFloat.swift and QuantizedAngle.swift. Every formula performs the same
// operations in the same order as Swift, so both sides produce the same codes and decode
// to the same values, bit for bit (the golden vectors check it).

export const FULL_TURN = 2 * Math.PI;

/**
 * A fixed-point integer in min...max (Int32 range) sent as a code 0...maxCode standing for
 * min + code * step (the top code for max itself). Encoding clamps into range and rounds
 * to the nearest code, halves up: code = floor((clamp(v) - min + floor(step / 2)) / step).
 * Give either `step` or `bits` (then step = ceil((max - min) / (2^bits - 1))).
 */
export class QuantizedRange {
  constructor({ min, max, step, bits }) {
    if (!isInt32(min) || !isInt32(max) || min > max) throw new RangeError(`QuantizedRange: bad range ${min}...${max}`);
    const span = max - min;
    if (step === undefined) {
      if (!Number.isInteger(bits) || bits < 1 || bits > 32) throw new RangeError(`QuantizedRange: ${bits} bits outside 1...32`);
      const codes = 2 ** bits - 1;
      step = Math.max(1, Math.floor((span + codes - 1) / codes));
    }
    if (!Number.isSafeInteger(step) || step < 1) throw new RangeError(`QuantizedRange: step ${step} < 1`);
    this.min = min;
    this.max = max;
    this.step = step;
    this.maxCode = Math.floor((span + step - 1) / step);
    this.bits = this.maxCode === 0 ? 0 : 32 - Math.clz32(this.maxCode);
    Object.freeze(this);
  }

  encode(value) {
    const clamped = Math.min(Math.max(value, this.min), this.max);
    const code = Math.floor((clamped - this.min + Math.floor(this.step / 2)) / this.step);
    return Math.min(code, this.maxCode);
  }

  decode(code) {
    return Math.min(this.min + code * this.step, this.max);
  }

  quantize(value) {
    return this.decode(this.encode(value));
  }
}

/**
 * A double in min...max sent as a `bits`-bit code. Encoding: NaN and anything <= min give
 * 0, anything >= max gives maxCode, otherwise floor((v - min) * scale + 0.5). Decoding:
 * min + code * step, except maxCode which is exactly max.
 */
export class QuantizedFloat {
  constructor({ min, max, bits }) {
    if (!Number.isFinite(min) || !Number.isFinite(max) || !(min < max)) throw new RangeError(`QuantizedFloat: bad range ${min}...${max}`);
    if (!Number.isInteger(bits) || bits < 1 || bits > 32) throw new RangeError(`QuantizedFloat: ${bits} bits outside 1...32`);
    this.min = min;
    this.max = max;
    this.bits = bits;
    this.maxCode = 2 ** bits - 1;
    this.scale = this.maxCode / (max - min);
    this.step = (max - min) / this.maxCode;
    Object.freeze(this);
  }

  encode(value) {
    if (!(value > this.min)) return 0;
    if (!(value < this.max)) return this.maxCode;
    return Math.min(Math.floor((value - this.min) * this.scale + 0.5), this.maxCode);
  }

  decode(code) {
    return code >= this.maxCode ? this.max : this.min + code * this.step;
  }

  quantize(value) {
    return this.decode(this.encode(value));
  }
}

/**
 * An angle as a `bits`-bit (1...16) fraction of a full turn; codes wrap. Radians encode
 * as floor(x / 2π * 2^bits + 0.5) modulo 2^bits (non-finite gives 0) and decode into
 * 0 ..< 2π; binary angles (65 536 units per turn) use integer rounding.
 */
export class QuantizedAngle {
  constructor(bits) {
    if (!Number.isInteger(bits) || bits < 1 || bits > 16) throw new RangeError(`QuantizedAngle: ${bits} bits outside 1...16`);
    this.bits = bits;
    this.codeCount = 2 ** bits;
    this.maxCode = this.codeCount - 1;
    Object.freeze(this);
  }

  encodeRadians(radians) {
    if (!Number.isFinite(radians)) return 0;
    const count = this.codeCount;
    const nearest = Math.floor(radians / FULL_TURN * count + 0.5);
    const wrapped = nearest - count * Math.floor(nearest / count);
    return wrapped >= 0 && wrapped < count ? wrapped : 0;
  }

  decodeRadians(code) {
    return (code & this.maxCode) * (FULL_TURN / this.codeCount);
  }

  encodeBinary(binaryAngle) {
    const shift = 16 - this.bits;
    const half = shift === 0 ? 0 : 1 << (shift - 1);
    return ((binaryAngle + half) >>> shift) & this.maxCode;
  }

  decodeBinary(code) {
    return ((code & this.maxCode) << (16 - this.bits)) & 0xffff;
  }
}

/** radians wrapped into 0 ..< 2π. */
export function wrapRadians(radians) {
  const wrapped = radians - FULL_TURN * Math.floor(radians / FULL_TURN);
  return wrapped < FULL_TURN ? wrapped : 0;
}

/** The signed turn from a to b the short way round, in -π ..< π. */
export function shortestArc(a, b) {
  const d = b - a;
  return d - FULL_TURN * Math.floor((d + Math.PI) / FULL_TURN);
}

/** Interpolates from a to b (radians) along the shorter arc; result in 0 ..< 2π. */
export function lerpRadians(a, b, t) {
  return wrapRadians(a + shortestArc(a, b) * t);
}

/** The same for binary angles (0...65535); the arc's length is rounded to the nearest unit. */
export function lerpBinaryAngle(a, b, t) {
  let arc = (b - a) & 0xffff;
  if (arc >= 0x8000) arc -= 0x10000;
  return (a + Math.floor(arc * t + 0.5)) & 0xffff;
}

function isInt32(n) {
  return Number.isInteger(n) && n >= -0x8000_0000 && n <= 0x7fff_ffff;
}
