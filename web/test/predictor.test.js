// Prediction and reconciliation (web/client/predictor.js) with Arena's movement rule
// (web/games/arena/rules.js) against the paths the Swift server code walked
// (web/test/vectors/arena-movement.json): when the server applied the same inputs, replaying
// the unacknowledged ones on top of its position reproduces its later positions exactly and
// nothing counts as a correction; when it did not, the difference is counted and smoothed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Predictor } from '../client/predictor.js';
import { arenaGame } from '../games/arena/index.js';

const file = JSON.parse(readFileSync(new URL('./vectors/arena-movement.json', import.meta.url), 'utf8'));
const toInput = ([moveX, moveY], index) => ({ sequence: index + 1, moveX, moveY, buttons: 0, aim: 0 });
const at = ([x, y]) => ({ x, y });

for (const [p, path] of file.paths.entries()) {
  test(`path ${p}: replaying unacknowledged inputs lands on the server's positions exactly`, () => {
    const inputs = path.inputs.map(toInput);
    const predictor = new Predictor({ step: arenaGame.step });
    // The first snapshot: the spawn point, nothing applied yet.
    predictor.reconcile({ x: path.x, y: path.y }, 0);
    let acknowledged = 0;
    for (const input of inputs) {
      predictor.addInput(input);
      // The server is a few inputs behind and reports in irregular steps, as over a network.
      const lag = 1 + (input.sequence % 5);
      if (input.sequence % 3 === 0 && input.sequence - lag > acknowledged) {
        acknowledged = input.sequence - lag;
        predictor.reconcile(at(path.positions[acknowledged - 1]), acknowledged);
        assert.equal(predictor.pending.length, input.sequence - acknowledged);
      }
      assert.deepEqual(predictor.current, at(path.positions[input.sequence - 1]), `after input ${input.sequence}`);
    }
    predictor.reconcile(at(path.positions[inputs.length - 1]), inputs.length);
    assert.deepEqual(predictor.current, at(path.positions.at(-1)));
    assert.equal(predictor.pending.length, 0);
    assert.equal(predictor.corrections, 0);
    assert.deepEqual(predictor.offset, { x: 0, y: 0 });
  });
}

test('a server that moved differently is a correction: counted, replayed from its position, smoothed', () => {
  const predictor = new Predictor({ step: arenaGame.step, smoothingMs: 100 });
  predictor.reconcile({ x: 10_000, y: 10_000 }, 0);
  for (let sequence = 1; sequence <= 4; sequence++) predictor.addInput({ sequence, moveX: 1, moveY: 0 });
  assert.deepEqual(predictor.current, { x: 10_256, y: 10_000 });
  // The server repeated an input once (a late packet): one extra step of 64 in x by input 2.
  const correction = predictor.reconcile({ x: 10_192, y: 10_000 }, 2);
  assert.deepEqual(correction, { dx: -64, dy: 0 });
  assert.equal(predictor.corrections, 1);
  assert.deepEqual(predictor.current, { x: 10_320, y: 10_000 });
  // Drawn where it was, then eased to the new prediction.
  assert.deepEqual(predictor.displayPosition(1), { x: 10_256, y: 10_000 });
  predictor.decay(100);
  const eased = predictor.displayPosition(1);
  assert.ok(Math.abs(eased.x - (10_320 - 64 * Math.exp(-1))) < 1e-9, `eased ${eased.x}`);
  predictor.decay(2000);
  assert.deepEqual(predictor.displayPosition(1), { x: 10_320, y: 10_000 });
});

test('a correction too large to be a misprediction snaps instead of sliding', () => {
  const predictor = new Predictor({ step: arenaGame.step, snapDistance: 1024 });
  predictor.reconcile({ x: 10_000, y: 10_000 }, 0);
  predictor.addInput({ sequence: 1, moveX: 0, moveY: 1 });
  predictor.reconcile({ x: 30_000, y: 5_000 }, 1);
  assert.equal(predictor.corrections, 1);
  assert.deepEqual(predictor.displayPosition(1), { x: 30_000, y: 5_000 });
});

test('no prediction while the server does not move the entity, and no correction when it respawns', () => {
  const predictor = new Predictor({ step: arenaGame.step });
  predictor.reconcile({ x: 5_000, y: 5_000 }, 0);
  predictor.addInput({ sequence: 1, moveX: 1, moveY: 1 });
  predictor.reconcile({ x: 5_045, y: 5_045 }, 1, false);
  predictor.addInput({ sequence: 2, moveX: 1, moveY: 1 });
  assert.deepEqual(predictor.current, { x: 5_045, y: 5_045 }, 'dead: stays put');
  predictor.reconcile({ x: 40_000, y: 40_000 }, 2, true);
  assert.deepEqual(predictor.current, { x: 40_000, y: 40_000 });
  predictor.addInput({ sequence: 3, moveX: -1, moveY: 0 });
  assert.deepEqual(predictor.current, { x: 39_936, y: 40_000 });
  assert.equal(predictor.corrections, 0);
});

test('inputs sent before the first snapshot are replayed onto it; sequences compare across the wrap', () => {
  const predictor = new Predictor({ step: arenaGame.step });
  predictor.addInput({ sequence: 0xffff_fffe, moveX: 1, moveY: 0 });
  predictor.addInput({ sequence: 0xffff_ffff, moveX: 1, moveY: 0 });
  predictor.addInput({ sequence: 0, moveX: 1, moveY: 0 });
  predictor.addInput({ sequence: 1, moveX: 1, moveY: 0 });
  assert.equal(predictor.current, null, 'nothing to predict from yet');
  predictor.reconcile({ x: 1_000, y: 1_000 }, 0xffff_ffff);
  assert.deepEqual(predictor.pending.map((i) => i.sequence), [0, 1]);
  assert.deepEqual(predictor.current, { x: 1_128, y: 1_000 });
  assert.deepEqual(predictor.previous, { x: 1_064, y: 1_000 });
  assert.deepEqual(predictor.displayPosition(0.5), { x: 1_096, y: 1_000 });
  assert.equal(predictor.corrections, 0);
});

test('the world edge clamps predictions exactly as the server does', () => {
  const predictor = new Predictor({ step: arenaGame.step });
  predictor.reconcile({ x: 65_279 - 10, y: 300 }, 0);
  predictor.addInput({ sequence: 1, moveX: 1, moveY: -1 });
  assert.deepEqual(predictor.current, { x: 65_279, y: 256 });
});
