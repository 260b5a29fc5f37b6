// The golden vectors shared with the Swift tests (Tests/WireTests/GoldenVectorTests.swift):
// every case re-encoded from its fields must give exactly the recorded bytes, decode back
// to the same values, and end cleanly; every rejection must throw the recorded error.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BitWriter, BitReader, BitCounter, WireError } from '../wire/bits.js';
import { QuantizedRange, QuantizedFloat, QuantizedAngle } from '../wire/quantize.js';

const file = JSON.parse(readFileSync(new URL('./vectors/bits.json', import.meta.url), 'utf8'));

const toHex = (bytes) => Buffer.from(bytes).toString('hex');
const fromHex = (hex) => new Uint8Array(Buffer.from(hex, 'hex'));
const big = (v) => typeof v === 'string';

function quantizer(f) {
  switch (f.op) {
    case 'quantized': return new QuantizedRange(f);
    case 'float': return new QuantizedFloat(f);
    default: return new QuantizedAngle(f.bits);
  }
}

// Drives any stream (writer, counter or reader) through one field, like a serialize
// function would, and returns the value the stream produced.
function serializeField(s, f) {
  switch (f.op) {
    case 'uint': return s.uint(f.bits > 32 ? BigInt(f.value) : f.value, f.bits);
    case 'bool': return s.bool(f.value);
    case 'ranged': return big(f.min) ? s.ranged(BigInt(f.value), BigInt(f.min), BigInt(f.max)) : s.ranged(f.value, f.min, f.max);
    case 'varuint': return big(f.value) ? s.varUintBig(BigInt(f.value)) : s.varUint(f.value);
    case 'varint': return big(f.value) ? s.varIntBig(BigInt(f.value)) : s.varInt(f.value);
    case 'align': return s.align();
    case 'bytes': return s.alignedBytes(fromHex(f.hex), f.hex.length / 2);
    case 'string': return s.string(f.value ?? '', f.maxBytes);
    case 'quantized':
    case 'float': return s.quantized(f.value, quantizer(f));
    case 'angle': return s.radians(f.radians, quantizer(f));
    case 'binaryAngle': return s.binaryAngle(f.value, quantizer(f));
    case 'relative': return s.relative(f.value, f.reference, f.width);
    case 'end': return s.finish();
    default: throw new Error(`unknown op ${f.op}`);
  }
}

// What a reader must return for the field.
function expectedRead(f) {
  switch (f.op) {
    case 'uint': return f.bits > 32 ? BigInt(f.value) : f.value;
    case 'ranged': return big(f.min) ? BigInt(f.value) : f.value;
    case 'varuint':
    case 'varint': return big(f.value) ? BigInt(f.value) : f.value;
    case 'bytes': return fromHex(f.hex);
    case 'quantized':
    case 'float':
    case 'angle':
    case 'binaryAngle': return f.decoded;
    case 'align': return undefined;
    default: return f.value;
  }
}

test('the vector file covers every op and every error kind', () => {
  const ops = new Set([...file.cases, ...file.rejections].flatMap((c) => c.fields.map((f) => f.op)));
  assert.deepEqual([...ops].sort(), ['align', 'angle', 'binaryAngle', 'bool', 'bytes', 'end', 'float', 'quantized',
    'ranged', 'relative', 'string', 'uint', 'varint', 'varuint']);
  const kinds = new Set(file.rejections.map((r) => r.error.kind));
  assert.deepEqual([...kinds].sort(), ['endOfData', 'invalidUTF8', 'nonZeroPadding', 'trailingData', 'valueOutOfRange']);
});

for (const vector of file.cases) {
  test(`encode: ${vector.name}`, () => {
    const writer = new BitWriter(4);
    const counter = new BitCounter();
    for (const f of vector.fields) {
      if ('code' in f) {
        const q = quantizer(f);
        const value = f.op === 'angle' ? f.radians : f.value;
        const code = f.op === 'angle' ? q.encodeRadians(value) : f.op === 'binaryAngle' ? q.encodeBinary(value) : q.encode(value);
        assert.equal(code, f.code, `${f.op} code`);
      }
      serializeField(writer, f);
      serializeField(counter, f);
      assert.equal(counter.bitCount, writer.bitCount, f.op);
    }
    assert.equal(writer.bitCount, vector.bitCount);
    assert.equal(toHex(writer.finish()), vector.hex);
  });

  test(`decode: ${vector.name}`, () => {
    const reader = new BitReader(fromHex(vector.hex));
    for (const f of vector.fields) {
      assert.deepEqual(serializeField(reader, f), expectedRead(f), JSON.stringify(f));
    }
    assert.equal(reader.bitCount, vector.bitCount);
    reader.finish();
  });
}

for (const vector of file.rejections) {
  test(`reject: ${vector.name}`, () => {
    const reader = new BitReader(fromHex(vector.hex));
    assert.throws(() => {
      for (const f of vector.fields) serializeField(reader, f);
    }, (error) => {
      assert.ok(error instanceof WireError, `${error}`);
      assert.equal(error.kind, vector.error.kind);
      assert.equal(error.bitOffset, vector.error.bitOffset);
      return true;
    });
  });
}
