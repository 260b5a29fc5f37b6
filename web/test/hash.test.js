// The view hash (web/wire/hash.js): FNV-1a 32 as Swift's StateHash computes it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Fnv1a32, viewHash } from '../wire/hash.js';

test('FNV-1a 32 known values', () => {
  const hash = new Fnv1a32();
  assert.equal(hash.value, 0x811c9dc5);
  hash.addByte('a'.charCodeAt(0));
  assert.equal(hash.value, 0xe40c292c);
  const foobar = new Fnv1a32();
  for (const c of 'foobar') foobar.addByte(c.charCodeAt(0));
  assert.equal(foobar.value, 0xbf9cf968);
});

test('the empty view hashes its zero count', () => {
  assert.equal(viewHash([]), 0x4b95f515);
});

test('a view hashes count, then id, kind and codes little-endian', () => {
  const expected = new Fnv1a32();
  for (const b of [1, 0, 0, 0, 0x0d, 0x0c, 0x0b, 0x0a, 1, 4, 3, 2, 1, 5, 0, 0, 0]) expected.addByte(b);
  assert.equal(viewHash([{ id: 0x0a0b0c0d, kind: 1, codes: [0x01020304, 5] }]), expected.value);
  const big = viewHash([{ id: 0xffffffff, kind: 255, codes: [0xffffffff] }]);
  assert.ok(Number.isInteger(big) && big >= 0 && big <= 0xffffffff);
});
