// ZigZag, the variable-length code and wrap-around sequence numbers. Mirrors
// Tests/WireTests/IntegerCodingTests.swift and SequenceNumberTests.swift.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BitWriter, BitReader, BitCounter, WireError,
  zigzagEncode, zigzagDecode, zigzagEncodeBig, zigzagDecodeBig, varUintBitCount,
  isNewer, sequenceDistance, advanceSequence,
} from '../wire/bits.js';

const hex = (bytes) => Buffer.from(bytes).toString('hex');

function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0);
  };
}

test('ZigZag interleaves signs, in Numbers and BigInts', () => {
  for (const [v, c] of [[0, 0], [-1, 1], [1, 2], [-2, 3], [2, 4], [-(2 ** 52), 2 ** 53 - 1]]) {
    assert.equal(zigzagEncode(v), c);
    assert.equal(zigzagDecode(c), v);
  }
  for (const [v, c] of [[2n ** 63n - 1n, 2n ** 64n - 2n], [-(2n ** 63n), 2n ** 64n - 1n], [-1n, 1n]]) {
    assert.equal(zigzagEncodeBig(v), c);
    assert.equal(zigzagDecodeBig(c), v);
  }
  assert.throws(() => zigzagEncode(2 ** 52), RangeError);
  const next = seeded(3);
  for (let i = 0; i < 10_000; i++) {
    const v = next() - 2 ** 31;
    assert.equal(zigzagDecode(zigzagEncode(v)), v);
  }
});

test('variable-length code: class edges cost the documented bits', () => {
  const edges = [[0, 5], [15, 5], [16, 10], [271, 10], [272, 19], [65_807, 19], [65_808, 36],
    [4_295_033_103, 36], [4_295_033_104, 68], [2 ** 53 - 1, 68]];
  for (const [value, bits] of edges) {
    assert.equal(varUintBitCount(value), bits);
    const w = new BitWriter();
    w.varUint(value);
    assert.equal(w.bitCount, bits);
    const r = new BitReader(w.finish());
    assert.equal(r.varUint(), value);
    r.finish();
    const b = new BitWriter();
    b.varUintBig(BigInt(value));
    assert.equal(hex(b.finish()), hex(w.finish()));
    assert.equal(new BitReader(w.finish()).varUintBig(), BigInt(value));
  }
  const max = new BitWriter();
  max.varUintBig(2n ** 64n - 1n);
  assert.equal(max.bitCount, 68);
  const bytes = max.finish();
  assert.equal(new BitReader(bytes).varUintBig(), 2n ** 64n - 1n);
  assert.throws(() => new BitReader(bytes).varUint(),
    (e) => e instanceof WireError && e.kind === 'valueOutOfRange' && e.bitOffset === 0);
});

test('variable-length code: random values round-trip and the counter agrees', () => {
  const next = seeded(11);
  for (let i = 0; i < 5_000; i++) {
    const value = next() >>> (next() % 32);
    const w = new BitWriter();
    const c = new BitCounter();
    w.varUint(value);
    c.varUint(value);
    assert.equal(c.bitCount, varUintBitCount(value));
    assert.equal(w.bitCount, c.bitCount);
    assert.equal(new BitReader(w.finish()).varUint(), value);
    const signed = next() - 2 ** 31;
    const s = new BitWriter();
    s.varInt(signed);
    assert.equal(new BitReader(s.finish()).varInt(), signed);
  }
});

test('class 4 overflow is rejected', () => {
  const bytes = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f);
  assert.throws(() => new BitReader(bytes).varUintBig(),
    (e) => e.kind === 'valueOutOfRange' && e.bitOffset === 0 && e.value === 2n ** 64n - 1n && e.limit === 2n ** 64n - 1n - 4_295_033_104n);
});

test('sequence numbers compare across wraparound', () => {
  assert.ok(isNewer(1, 0, 16));
  assert.ok(!isNewer(0, 1, 16));
  assert.ok(isNewer(0, 65_535, 16));
  assert.ok(isNewer(10, 65_530, 16));
  assert.ok(!isNewer(65_530, 10, 16));
  assert.ok(!isNewer(5, 5, 16));
  assert.ok(isNewer(32_767, 0, 16));
  assert.ok(!isNewer(32_768, 0, 16));
  assert.ok(!isNewer(0, 32_768, 16));
  assert.ok(isNewer(3, 2 ** 32 - 3, 32));
  assert.ok(!isNewer(2 ** 32 - 1, 0, 32));
  assert.equal(sequenceDistance(65_530, 3, 16), 9);
  assert.equal(sequenceDistance(3, 65_530, 16), -9);
  assert.equal(sequenceDistance(0, 32_768, 16), -32_768);
  assert.equal(sequenceDistance(2 ** 32 - 1, 0, 32), 1);
  const next = seeded(5);
  for (let i = 0; i < 10_000; i++) {
    const a = next() & 0xffff, b = next() & 0xffff;
    assert.ok(!(isNewer(a, b, 16) && isNewer(b, a, 16)));
    const d = sequenceDistance(b, a, 16);
    assert.ok(d >= -32_768 && d < 32_768);
    assert.equal(advanceSequence(b, d, 16), a);
    assert.equal(d > 0, isNewer(a, b, 16));
  }
});

test('relative encoding round-trips, is small nearby, and rejects over-wide distances', () => {
  const next = seeded(9);
  for (let i = 0; i < 3_000; i++) {
    const ref16 = next() & 0xffff, ref32 = next();
    const near = (next() % 16) - 8;
    const v16 = advanceSequence(ref16, near, 16), v32 = advanceSequence(ref32, near, 32);
    const far16 = next() & 0xffff, far32 = next();
    const w = new BitWriter();
    w.relative(v16, ref16, 16);
    w.relative(v32, ref32, 32);
    assert.equal(w.bitCount, 10);
    w.relative(far16, ref16, 16);
    w.relative(far32, ref32, 32);
    const r = new BitReader(w.finish());
    assert.equal(r.relative(0, ref16, 16), v16);
    assert.equal(r.relative(0, ref32, 32), v32);
    assert.equal(r.relative(0, ref16, 16), far16);
    assert.equal(r.relative(0, ref32, 32), far32);
  }
  const w = new BitWriter();
  w.varUint(65_536);
  assert.throws(() => new BitReader(w.finish()).relative(0, 0, 16),
    (e) => e.kind === 'valueOutOfRange' && e.bitOffset === 0 && e.value === 65_536n && e.limit === 65_535n);
});
