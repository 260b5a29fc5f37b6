// Quantizers: error bounds, clamping, wrap-around angles and shortest-arc interpolation.
// Mirrors Tests/WireTests/QuantizationTests.swift.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BitWriter, BitReader, WireError } from '../wire/bits.js';
import {
  QuantizedRange, QuantizedFloat, QuantizedAngle, FULL_TURN,
  wrapRadians, shortestArc, lerpRadians, lerpBinaryAngle,
} from '../wire/quantize.js';

function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const ranges = [
  { min: -524_288, max: 524_288, step: 16 },
  { min: 0, max: 1000, bits: 7 },
  { min: -5, max: 5, step: 3 },
  { min: 7, max: 7, step: 1 },
  { min: -(2 ** 31), max: 2 ** 31 - 1, bits: 32 },
  { min: -(2 ** 31), max: 2 ** 31 - 1, bits: 10 },
  { min: -100, max: 100, step: 1 },
];

for (const spec of ranges) {
  test(`fixed point ${JSON.stringify(spec)}: error at most half a step, round trip through the stream`, () => {
    const q = new QuantizedRange(spec);
    const random = seeded(q.step + q.maxCode);
    const values = [q.min, q.max];
    for (let i = 0; i < 2_000; i++) values.push(q.min + Math.floor(random() * (q.max - q.min + 1)));
    const w = new BitWriter();
    for (const x of values) {
      const code = q.encode(x);
      assert.ok(code >= 0 && code <= q.maxCode);
      const back = q.decode(code);
      assert.ok(2 * Math.abs(back - x) <= q.step, `${x} came back as ${back}`);
      assert.equal(q.quantize(back), back);
      w.quantized(x, q);
    }
    assert.equal(w.bitCount, values.length * q.bits);
    const r = new BitReader(w.finish());
    for (const x of values) assert.equal(r.quantized(0, q), q.quantize(x));
    assert.equal(q.decode(0), q.min);
    assert.equal(q.decode(q.maxCode), q.max);
  });
}

test('fixed point rounds halves up, clamps, and rejects codes above maxCode', () => {
  const q = new QuantizedRange({ min: -524_288, max: 524_272, step: 16 });
  assert.equal(q.bits, 16);
  assert.equal(q.maxCode, 65_535);
  assert.equal(new QuantizedRange({ min: -524_288, max: 524_288, step: 16 }).bits, 17);
  assert.equal(q.quantize(7), 0);
  assert.equal(q.quantize(8), 16);
  assert.equal(q.quantize(-8), 0);
  assert.equal(q.quantize(-9), -16);
  assert.equal(q.quantize(600_000), 524_272);
  assert.equal(q.quantize(-(2 ** 31)), -524_288);
  const byBits = new QuantizedRange({ min: 0, max: 1000, bits: 7 });
  assert.deepEqual([byBits.step, byBits.maxCode, byBits.bits], [8, 125, 7]);
  assert.equal(byBits.quantize(996), 1000);
  assert.equal(byBits.quantize(995), 992);
  const tens = new QuantizedRange({ min: 0, max: 100, step: 10 });
  assert.throws(() => new BitReader(Uint8Array.of(0x0b)).quantized(0, tens),
    (e) => e instanceof WireError && e.kind === 'valueOutOfRange' && e.bitOffset === 0);
});

for (const [min, max, bits] of [[-1, 1, 8], [0, 100, 12], [-1000, 1000, 32], [0, 1, 1], [-3.5, 1e6, 20]]) {
  test(`float ${min}...${max} in ${bits} bits: error at most half a step, exact ends`, () => {
    const q = new QuantizedFloat({ min, max, bits });
    const random = seeded(bits);
    const values = [min, max, (min + max) / 2];
    for (let i = 0; i < 2_000; i++) values.push(min + (max - min) * random());
    const w = new BitWriter();
    for (const x of values) {
      assert.ok(Math.abs(q.quantize(x) - x) <= (q.step / 2) * (1 + 1e-9));
      w.quantized(x, q);
    }
    const r = new BitReader(w.finish());
    for (const x of values) assert.equal(r.quantized(0, q), q.quantize(x));
    assert.equal(q.quantize(min), min);
    assert.equal(q.quantize(max), max);
  });
}

test('float clamps and maps non-finite values to the ends', () => {
  const q = new QuantizedFloat({ min: -1, max: 1, bits: 8 });
  assert.equal(q.encode(NaN), 0);
  assert.equal(q.encode(-Infinity), 0);
  assert.equal(q.encode(Infinity), 255);
  assert.equal(q.encode(7), 255);
  assert.equal(q.encode(-7), 0);
});

for (const bits of [1, 4, 8, 10, 12, 16]) {
  test(`angles in ${bits} bits: circular error at most half a code`, () => {
    const q = new QuantizedAngle(bits);
    const halfCode = Math.PI / q.codeCount;
    const random = seeded(bits + 100);
    const values = [0, Math.PI, -Math.PI, FULL_TURN, 1e6, -1e6];
    for (let i = 0; i < 2_000; i++) values.push((random() - 0.5) * 40);
    const w = new BitWriter();
    for (const x of values) {
      const back = q.decodeRadians(q.encodeRadians(x));
      assert.ok(back >= 0 && back < FULL_TURN);
      assert.ok(Math.abs(shortestArc(x, back)) <= halfCode * (1 + 1e-6) + 1e-9, `${x} came back as ${back}`);
      w.radians(x, q);
    }
    assert.equal(w.bitCount, values.length * bits);
    const r = new BitReader(w.finish());
    for (const x of values) assert.equal(r.radians(0, q), q.decodeRadians(q.encodeRadians(x)));
  });
}

test('angles wrap around the turn', () => {
  const q = new QuantizedAngle(8);
  assert.equal(q.encodeRadians(0), 0);
  assert.equal(q.encodeRadians(FULL_TURN), 0);
  assert.equal(q.encodeRadians(-FULL_TURN), 0);
  assert.equal(q.encodeRadians(Math.PI), 128);
  assert.equal(q.encodeRadians(-Math.PI / 2), 192);
  assert.equal(q.encodeRadians(FULL_TURN - 0.001), 0);
  assert.equal(q.encodeRadians(NaN), 0);
  assert.equal(q.encodeRadians(Infinity), 0);
  assert.ok(q.encodeRadians(1e300) < 256);
  assert.equal(q.decodeRadians(128), Math.PI);
});

test('binary angles round to nearest and wrap', () => {
  const q = new QuantizedAngle(8);
  assert.equal(q.encodeBinary(0x007f), 0);
  assert.equal(q.encodeBinary(0x0080), 1);
  assert.equal(q.encodeBinary(0xff80), 0);
  assert.equal(q.encodeBinary(0xff7f), 255);
  assert.equal(q.decodeBinary(255), 0xff00);
  const full = new QuantizedAngle(16);
  for (const a of [0, 1, 0x7fff, 0x8000, 0xbeef, 0xffff]) assert.equal(full.decodeBinary(full.encodeBinary(a)), a);
  const random = seeded(77);
  for (let bits = 1; bits <= 16; bits++) {
    const q = new QuantizedAngle(bits);
    const half = bits === 16 ? 0 : 1 << (15 - bits);
    for (let i = 0; i < 500; i++) {
      const a = Math.floor(random() * 65_536);
      let diff = (q.decodeBinary(q.encodeBinary(a)) - a) & 0xffff;
      if (diff >= 0x8000) diff -= 0x10000;
      assert.ok(Math.abs(diff) <= half);
    }
  }
});

test('interpolation takes the shorter arc', () => {
  const degree = Math.PI / 180;
  const mid = lerpRadians(350 * degree, 10 * degree, 0.5);
  assert.ok(Math.abs(mid) < 1e-12 || Math.abs(mid - FULL_TURN) < 1e-12);
  assert.ok(Math.abs(lerpRadians(10 * degree, 350 * degree, 0.25) - 5 * degree) < 1e-12);
  assert.equal(lerpRadians(1, 2, 0), 1);
  assert.ok(Math.abs(lerpRadians(1, 2, 1) - 2) < 1e-12);
  assert.ok(Math.abs(shortestArc(0.1, FULL_TURN - 0.1) + 0.2) < 1e-12);
  assert.equal(wrapRadians(-0.5 * Math.PI), 1.5 * Math.PI);
  assert.equal(lerpBinaryAngle(0xff00, 0x0100, 0.5), 0);
  assert.equal(lerpBinaryAngle(0x0100, 0xff00, 0.25), 0x0080);
  assert.equal(lerpBinaryAngle(0x1000, 0x3000, 0.5), 0x2000);
});
