// The client's world model (web/client/world.js) fed the snapshot streams Swift generated
// (web/test/vectors/snapshots.json): deltas applied through it must leave exactly the
// server's view, every hash must be checked, a wrong hash counted, a rejected snapshot must
// change nothing, and each applied view must reach the interpolator on a continuous timeline.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeMessage } from '../wire/messages.js';
import { ClientWorld } from '../client/world.js';
import { FieldMode } from '../client/interpolator.js';

const file = JSON.parse(readFileSync(new URL('./vectors/snapshots.json', import.meta.url), 'utf8'));
const fromHex = (hex) => new Uint8Array(Buffer.from(hex, 'hex'));

/** The vectors' test game: 'angle' wraps, positions lerp, the rest steps; players move ≤ 100/tick. */
const testGame = {
  fieldModes: (kinds) => kinds.map((kind) => kind.fields.map((field) => {
    if (field.name === 'x' || field.name === 'y') return { mode: FieldMode.linear };
    if (field.name === 'angle') return { mode: FieldMode.angle, period: field.max - field.min + 1 };
    return { mode: FieldMode.step };
  })),
  maxSpeeds: (kinds) => kinds.map((kind) => (kind.name === 'player' ? 100 : Infinity)),
};

function welcomed() {
  const world = new ClientWorld(testGame);
  world.applyWelcome(decodeMessage(fromHex(file.welcome), 'welcome').value);
  return world;
}

const strip = (entities) => entities.map(({ id, kind, codes, values }) => ({ id, kind, codes, values }));

for (const stream of file.streams) {
  test(`world model follows the stream: ${stream.name}`, () => {
    const world = welcomed();
    let hashes = 0;
    for (const step of stream.steps) {
      const result = world.applySnapshot(fromHex(step.hex));
      if (step.hash !== null) hashes++;
      assert.equal(result.tick, step.tick);
      assert.equal(result.timelineTick, step.tick);
      assert.equal(result.lastInputSequence, step.lastInputSequence);
      assert.deepEqual(strip(world.entities), step.view, `tick ${step.tick}`);
      assert.equal(world.lastInputSequence, step.lastInputSequence);
      assert.equal(world.lastSnapshotBytes, step.hex.length / 2);
      assert.equal(world.interpolator.newestTick, step.tick);
      for (const entity of step.view) {
        assert.equal(world.value(world.entity(entity.id), 'x'), entity.values[0]);
      }
    }
    assert.equal(world.snapshotsApplied, stream.steps.length);
    assert.equal(world.hashesChecked, hashes);
    assert.ok(hashes > 0);
    assert.equal(world.hashMismatches, 0);
  });
}

test('field and kind lookups go by schema names', () => {
  const world = welcomed();
  assert.equal(world.kindIndex('bullet'), 2);
  assert.equal(world.kindIndex('nothing'), -1);
  assert.equal(world.fieldIndex(0, 'health'), 3);
  assert.equal(world.fieldIndex(1, 'health'), -1);
  assert.equal(world.fieldIndex(9, 'x'), -1);
});

for (const rejection of file.rejections) {
  test(`a rejected snapshot changes nothing: ${rejection.name}`, () => {
    const world = welcomed();
    for (const hex of rejection.prefix) world.applySnapshot(fromHex(hex));
    const before = { entities: world.entities, tick: world.tick, applied: world.snapshotsApplied, newest: world.interpolator.newestTick };
    assert.throws(() => world.applySnapshot(fromHex(rejection.hex)), (error) => error.kind === rejection.error.kind);
    assert.deepEqual(
      { entities: world.entities, tick: world.tick, applied: world.snapshotsApplied, newest: world.interpolator.newestTick },
      before,
    );
  });
}

test('a view hash that does not match is counted, with its tick', () => {
  const step = file.streams[0].steps[0];
  const bytes = fromHex(step.hex);
  // Flip bits from the end (the hash is the last field) until one decodes with a bad hash.
  for (let bit = bytes.length * 8 - 1; bit >= 0; bit--) {
    const candidate = bytes.slice();
    candidate[bit >>> 3] ^= 1 << (bit & 7);
    const world = welcomed();
    let result;
    try {
      result = world.applySnapshot(candidate);
    } catch {
      continue;
    }
    if (result.hashMatched !== false) continue;
    assert.equal(world.hashesChecked, 1);
    assert.equal(world.hashMismatches, 1);
    assert.equal(world.lastMismatchTick, step.tick);
    return;
  }
  assert.fail('no bit flip produced a hash mismatch');
});

test('the applied views reach the interpolator: lerp, angle, teleport and leaving', () => {
  const world = welcomed();
  for (const step of file.streams[0].steps) world.applySnapshot(fromHex(step.hex));
  // Sampling discards the views before render time, so the ticks below only increase.
  const at = (tick, id) => world.interpolator.sample(tick).find((e) => e.id === id);
  assert.deepEqual(at(100.5, 1).values, [5001.5, 5000, 10, 100, 1]);
  assert.equal(at(100.5, 3).values[0], 5210);
  // Between 101 and 102 the player's angle turns 10 → 200 of 256: the short way, through 0.
  const angle = at(101.5, 1).values[2];
  assert.ok(Math.abs(angle - 233) < 1e-9, `angle ${angle}`);
  // Bullet 3 left at 102: drawn where it was until then.
  assert.equal(at(101.5, 3).values[0], 5220);
  assert.equal(at(102, 3), undefined);
  // Entity 4 entered at 102: not drawn before.
  assert.equal(at(102, 4).values[0], 5500);
  // 103 → 105 the player jumps 5003 → 8000: a teleport, not a slide.
  assert.equal(at(104, 1).values[0], 5003);
  assert.equal(at(105, 1).values[0], 8000);
});

test('ticks continue across the 32-bit wrap', () => {
  const world = welcomed();
  world.applySnapshot(fromHex(file.streams[0].steps[0].hex));
  assert.equal(world.timelineTick(105), 105);
  assert.equal(world.timelineTick(90), 90);
  world.rawTick = 0xffff_fffe;
  world.tick = 5000;
  assert.equal(world.timelineTick(1), 5003);
  assert.equal(world.timelineTick(0xffff_fff0), 4986);
});
