// BitWriter / BitReader / BitCounter: layout, random round trips at every width, and every
// way a reader can reject bytes. Mirrors Tests/WireTests/BitWriterTests.swift and
// BitReaderTests.swift.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BitWriter, BitReader, BitCounter, WireError, bitsRequired } from '../wire/bits.js';
import { QuantizedRange, QuantizedAngle } from '../wire/quantize.js';

/** Seeded 32-bit generator (mulberry32), so every random test is reproducible. */
function seeded(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0);
  };
  const below = (n) => Math.floor((next() / 2 ** 32) * n);
  // `bits` random bits, one case in eight all zeros or all ones: a Number up to 32 bits, a BigInt above.
  const bits = (n) => {
    const pick = below(8);
    const big = n > 32;
    if (pick === 0) return big ? 0n : 0;
    if (pick === 1) return big ? (1n << BigInt(n)) - 1n : 2 ** n - 1;
    if (!big) return n === 0 ? 0 : next() >>> (32 - n);
    return ((BigInt(next()) << 32n) | BigInt(next())) & ((1n << BigInt(n)) - 1n);
  };
  return { next, below, bits };
}

const hex = (bytes) => Buffer.from(bytes).toString('hex');
const wireError = (kind, bitOffset) => (error) => {
  assert.ok(error instanceof WireError, String(error));
  assert.equal(error.kind, kind);
  assert.equal(error.bitOffset, bitOffset);
  return true;
};

test('worked example from PROTOCOL.md', () => {
  const w = new BitWriter();
  w.writeUint(5, 3);
  w.writeBool(true);
  w.writeRanged(-3, -100, 100);
  w.writeUint(0xabc, 12);
  assert.equal(w.bitCount, 24);
  assert.equal(hex(w.finish()), '1dc6ab');
});

test('bits are least significant first; 64-bit values are low half then high half', () => {
  const w = new BitWriter();
  w.writeBool(true);
  w.writeBool(false);
  w.writeUint(1, 6);
  w.writeUint(1, 1);
  assert.deepEqual([...w.finish()], [0b0000_0101, 0b0000_0001]);
  const split = new BitWriter();
  split.writeUint(0x89abcdef, 32);
  split.writeUint(0x01234567, 29);
  const whole = new BitWriter();
  whole.writeUint(0x0123456789abcdefn, 61);
  assert.equal(hex(split.finish()), hex(whole.finish()));
  const number = new BitWriter();
  number.writeUint(2 ** 53 - 1, 53);
  const bigint = new BitWriter();
  bigint.writeUint(2n ** 53n - 1n, 53);
  assert.equal(hex(number.finish()), hex(bigint.finish()));
});

for (let width = 1; width <= 64; width++) {
  test(`random values of ${width} bits round-trip at every offset`, () => {
    const random = seeded(width * 7919);
    const w = new BitWriter(8);
    const values = [];
    for (let i = 0; i < 200; i++) {
      const lead = random.below(8);
      const value = random.bits(width);
      w.writeUint(lead, 3);
      w.writeUint(0, lead);
      w.writeUint(value, width);
      values.push([lead, value]);
    }
    const expected = values.reduce((sum, [lead]) => sum + 3 + lead + width, 0);
    assert.equal(w.bitCount, expected);
    const bytes = w.finish();
    assert.equal(bytes.length, Math.ceil(expected / 8));
    const r = new BitReader(bytes);
    for (const [lead, value] of values) {
      assert.equal(r.readUint(3), lead);
      assert.equal(r.readUint(lead), 0);
      assert.equal(r.readUint(width), value);
    }
    r.finish();
  });
}

test('mixed random fields round-trip, and the counter agrees with the writer at every field', () => {
  const random = seeded(42);
  for (let round = 0; round < 200; round++) {
    const fields = [];
    const count = random.below(40) + 1;
    for (let i = 0; i < count; i++) {
      switch (random.below(7)) {
        case 0: { const n = random.below(65); fields.push(['uint', random.bits(n), n]); break; }
        case 1: fields.push(['bool', random.below(2) === 1]); break;
        case 2: {
          const a = random.below(2001) - 1000, b = random.below(2001) - 1000;
          const lo = Math.min(a, b), hi = Math.max(a, b);
          fields.push(['ranged', [lo, hi, lo + Math.floor((hi - lo) / 2)][random.below(3)], lo, hi]);
          break;
        }
        case 3: fields.push(['varUint', random.below(2) ? random.next() : random.below(20)]); break;
        case 4: fields.push(['varInt', random.below(2) ? random.next() - 2 ** 31 : random.below(40) - 20]); break;
        case 5: fields.push(['align']); break;
        default: fields.push(['bytes', Uint8Array.from({ length: random.below(5) }, () => random.below(256))]);
      }
    }
    const w = new BitWriter(1);
    const c = new BitCounter();
    const offsets = [];
    const run = (s, [op, a, b, d]) => {
      switch (op) {
        case 'uint': return s.uint(a, b);
        case 'bool': return s.bool(a);
        case 'ranged': return s.ranged(a, b, d);
        case 'varUint': return s.varUint(a);
        case 'varInt': return s.varInt(a);
        case 'align': return s.align();
        default: return s.alignedBytes(a, a.length);
      }
    };
    for (const field of fields) {
      offsets.push(w.bitCount);
      run(w, field);
      run(c, field);
      assert.equal(c.bitCount, w.bitCount);
    }
    const bytes = w.finish();
    assert.equal(c.byteCount, bytes.length);
    const r = new BitReader(bytes);
    fields.forEach((field, i) => {
      assert.equal(r.bitCount, offsets[i]);
      const value = run(r, field);
      if (field[0] !== 'align') assert.deepEqual(value, field[1]);
    });
    r.finish();
  }
});

test('ranged integers at their edges, as Numbers and as BigInts', () => {
  const ranges = [[0, 0], [0, 1], [-1, 0], [-100, 100], [1000, 1003], [0, 255], [0, 256],
    [-(2 ** 31), 2 ** 31 - 1], [0, 2 ** 32 - 1], [-(2 ** 53 - 1), 2 ** 53 - 1], [-(2 ** 53 - 1), -(2 ** 53 - 1)],
    [-(2n ** 63n), 2n ** 63n - 1n], [-(2n ** 63n), -(2n ** 63n) + 1n], [0n, 2n ** 64n - 1n]];
  for (const [lo, hi] of ranges) {
    const one = typeof lo === 'bigint' ? 1n : 1;
    const zero = typeof lo === 'bigint' ? 0n : 0;
    const values = [lo, hi, lo + one, hi - one, zero].filter((v) => v >= lo && v <= hi);
    const w = new BitWriter();
    for (const v of values) w.writeRanged(v, lo, hi);
    assert.equal(w.bitCount, values.length * bitsRequired(lo, hi));
    const r = new BitReader(w.finish());
    for (const v of values) assert.equal(r.readRanged(lo, hi), v);
  }
  assert.equal(bitsRequired(-100, 100), 8);
  assert.equal(bitsRequired(0, 256), 9);
  assert.equal(bitsRequired(-(2n ** 63n), 2n ** 63n - 1n), 64);
  assert.equal(bitsRequired(-(2 ** 53 - 1), 2 ** 53 - 1), 54);
});

test('reading past the end throws at every bit position, before consuming anything', () => {
  const bytes = Uint8Array.of(0xa5, 0x5a, 0xff, 0x00, 0x81);
  const total = bytes.length * 8;
  for (let start = 0; start <= total; start++) {
    for (const width of [1, 7, 8, 9, 31, 32, 33, 63, 64]) {
      if (start + width <= total) continue;
      const r = new BitReader(bytes);
      for (let skipped = 0; skipped < start; skipped += Math.min(32, start - skipped)) r.readUint(Math.min(32, start - skipped));
      assert.throws(() => r.readUint(width), wireError('endOfData', start));
      assert.equal(r.bitCount, start);
      assert.equal(r.remainingBits, total - start);
    }
  }
  assert.throws(() => new BitReader(new Uint8Array(0)).readBool(), wireError('endOfData', 0));
  new BitReader(new Uint8Array(0)).finish();
});

test('ranged codes above the range are rejected', () => {
  for (const code of [5, 6, 7]) {
    const r = new BitReader(Uint8Array.of((code << 2) | 0b10));
    assert.equal(r.readUint(2), 0b10);
    assert.throws(() => r.readRanged(0, 4), (e) => wireError('valueOutOfRange', 2)(e) && e.value === BigInt(code) && e.limit === 4n);
  }
  assert.throws(() => new BitReader(Uint8Array.of(0xff)).readRanged(-100, 100), wireError('valueOutOfRange', 0));
});

test('alignment, aligned bytes and the end of a message', () => {
  const w = new BitWriter();
  w.writeUint(0b11, 2);
  w.writeAlignedBytes(Uint8Array.of(0xde, 0xad));
  w.alignToByte();
  w.writeUint(1, 1);
  assert.equal(hex(w.finish()), '03dead01');
  const r = new BitReader(Uint8Array.of(0x01, 0xaa, 0xbb, 0xcc));
  assert.equal(r.readBool(), true);
  assert.deepEqual([...r.readAlignedBytes(2)], [0xaa, 0xbb]);
  assert.equal(r.readUint(8), 0xcc);
  r.finish();
  const short = new BitReader(Uint8Array.of(0x01, 0xaa));
  short.readBool();
  assert.throws(() => short.readAlignedBytes(2), (e) => wireError('endOfData', 8)(e) && e.bitsWanted === 16);
  const dirty = new BitReader(Uint8Array.of(0b1111));
  dirty.readUint(3);
  assert.throws(() => dirty.alignToByte(), wireError('nonZeroPadding', 3));
  const trailing = new BitReader(Uint8Array.of(1, 0));
  trailing.readBool();
  assert.throws(() => trailing.finish(), wireError('trailingData', 1));
  const padded = new BitReader(Uint8Array.of(3));
  padded.readBool();
  assert.throws(() => padded.finish(), wireError('nonZeroPadding', 1));
});

test('strings round-trip and malformed UTF-8 is rejected', () => {
  const samples = ['', 'a', 'héllo ✓ 🚀', '\ufeffbom', 'x'.repeat(31)];
  const w = new BitWriter();
  const c = new BitCounter();
  for (const s of samples) { w.writeString(s, 31); c.string(s, 31); }
  assert.equal(c.bitCount, w.bitCount);
  const r = new BitReader(w.finish());
  for (const s of samples) assert.equal(r.readString(31), s);
  r.finish();
  for (const bad of [[0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff]]) {
    assert.throws(() => new BitReader(Uint8Array.of(bad.length, ...bad)).readString(15), wireError('invalidUTF8', 0));
  }
});

test('writer reuse: reset keeps the buffer and starts from zero bits', () => {
  const w = new BitWriter(4);
  for (let i = 0; i < 40; i++) w.writeUint(0xff, 8);
  const first = w.finish();
  w.reset();
  assert.equal(w.bitCount, 0);
  w.writeUint(7, 3);
  assert.equal(hex(w.finish()), '07');
  assert.equal(first.length, 40);
  assert.equal(hex(w.finishView()), '07');
});

test('writer and counter refuse values that do not fit (our bug, not the peer\'s)', () => {
  const w = new BitWriter();
  assert.throws(() => w.writeUint(8, 3), RangeError);
  assert.throws(() => w.writeUint(-1, 3), RangeError);
  assert.throws(() => w.writeUint(1.5, 3), RangeError);
  assert.throws(() => w.writeUint(1n << 40n, 40), RangeError);
  assert.throws(() => w.writeUint(0, 65), RangeError);
  assert.throws(() => w.writeRanged(101, -100, 100), RangeError);
  assert.throws(() => new BitCounter().uint(16, 4), RangeError);
  assert.throws(() => new BitCounter().ranged(-101, -100, 100), RangeError);
  assert.equal(w.bitCount, 0);
});

test('one serialize function writes, measures and reads a message', () => {
  const aim = new QuantizedAngle(10);
  const position = new QuantizedRange({ min: -4096, max: 4096, step: 4 });
  const serialize = (s, m, referenceTick) => ({
    sequence: s.uint(m.sequence, 16),
    tick: s.relative(m.tick, referenceTick, 32),
    buttons: s.uint(m.buttons, 5),
    firing: s.bool(m.firing),
    aim: s.binaryAngle(m.aim, aim),
    dx: s.ranged(m.dx, -3, 3),
    name: s.string(m.name, 24),
    x: s.quantized(m.x, position),
  });
  const random = seeded(7);
  for (let i = 0; i < 500; i++) {
    const reference = random.next();
    const message = {
      sequence: random.below(65536),
      tick: (reference + random.below(200) - 100 + 2 ** 32) % 2 ** 32,
      buttons: random.below(32),
      firing: random.below(2) === 1,
      aim: aim.decodeBinary(random.below(1024)),
      dx: random.below(7) - 3,
      name: ['', 'bot', 'Zoë', '🚀🚀'][random.below(4)],
      x: position.quantize(random.below(8193) - 4096),
    };
    const counter = new BitCounter();
    serialize(counter, message, reference);
    const writer = new BitWriter();
    serialize(writer, message, reference);
    assert.equal(counter.bitCount, writer.bitCount);
    const reader = new BitReader(writer.finish());
    assert.deepEqual(serialize(reader, {}, reference), message);
    reader.finish();
  }
});
