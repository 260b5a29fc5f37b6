import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodePayload, encodePayload } from '../net/engineio.js';

const vectors = JSON.parse(readFileSync(new URL('./vectors/engineio.json', import.meta.url), 'utf8'));

const packet = ([type, data]) => ({ type, data: type === 'binary' ? Uint8Array.from(data) : data });

test('every shared polling payload encodes and decodes exactly', () => {
  assert.ok(vectors.payloads.length >= 8);
  for (const { wire, packets } of vectors.payloads) {
    const expected = packets.map(packet);
    assert.equal(encodePayload(expected), wire);
    assert.deepEqual(decodePayload(wire), expected);
  }
});

test('every shared rejection throws', () => {
  for (const wire of vectors.rejections) {
    assert.throws(() => decodePayload(wire), Error, JSON.stringify(wire));
  }
});

test('random binary messages round trip', () => {
  for (let round = 0; round < 100; round += 1) {
    const packets = Array.from({ length: 1 + (round % 4) }, () => ({
      type: 'binary', data: Uint8Array.from({ length: Math.floor(Math.random() * 300) }, () => Math.floor(Math.random() * 256)),
    }));
    assert.deepEqual(decodePayload(encodePayload(packets)), packets);
  }
});
