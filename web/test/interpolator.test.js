// Interpolation of remote entities (web/client/interpolator.js): lerp between the snapshots
// around render time, angles the short way round (including across the wrap), step fields
// held, entering and leaving entities, teleports, and holding at either end.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Interpolator, FieldMode, lerpWrapped } from '../client/interpolator.js';
import { ServerClock } from '../client/clock.js';

const modes = [
  [{ mode: FieldMode.linear }, { mode: FieldMode.linear }, { mode: FieldMode.angle, period: 1024 }, { mode: FieldMode.step }],
];
const entity = (id, x, y, angle, health = 100) => ({ id, kind: 0, values: [x, y, angle, health] });
const near = (actual, expected, message) => assert.ok(Math.abs(actual - expected) < 1e-9, `${message}: ${actual} ≠ ${expected}`);

test('lerpWrapped takes the short way round, across the wrap in both directions', () => {
  near(lerpWrapped(1000, 24, 0.5, 1024), 0, '1000 → 24');
  near(lerpWrapped(24, 1000, 0.5, 1024), 0, '24 → 1000');
  near(lerpWrapped(1020, 4, 0.25, 1024), 1022, 'quarter of the way');
  near(lerpWrapped(100, 300, 0.5, 1024), 200, 'no wrap');
  near(lerpWrapped(5, 5, 0.7, 1024), 5, 'unchanged');
  near(lerpWrapped(350, 10, 0.5, 360), 0, 'degrees: 350° → 10° passes 0°');
  near(lerpWrapped(0, 512, 1, 1024), 512, 'half a turn arrives');
  for (let i = 0; i < 1000; i++) {
    const a = (i * 37) % 1024;
    const b = (i * 101 + 7) % 1024;
    const t = (i % 11) / 10;
    const value = lerpWrapped(a, b, t, 1024);
    assert.ok(value >= 0 && value < 1024, `in range: ${value}`);
    let arc = Math.abs(b - a);
    arc = Math.min(arc, 1024 - arc);
    let travelled = Math.abs(value - a);
    travelled = Math.min(travelled, 1024 - travelled);
    assert.ok(travelled <= arc * t + 1e-9, `never the long way: ${a} → ${b} at ${t}`);
  }
});

test('entities are blended between the snapshots around render time', () => {
  const interpolator = new Interpolator({ fieldModes: modes });
  interpolator.push(10, [entity(1, 100, 200, 1000, 80)]);
  interpolator.push(12, [entity(1, 140, 180, 24, 60)]);
  const [e] = interpolator.sample(11);
  near(e.values[0], 120, 'x');
  near(e.values[1], 190, 'y');
  near(e.values[2], 0, 'angle across the wrap');
  assert.equal(e.values[3], 80, 'health steps: the older value until the newer snapshot');
  assert.deepEqual(interpolator.lastSample, { tick: 11, from: 10, to: 12, t: 0.5, held: null });
  const [late] = interpolator.sample(11.5);
  near(late.values[0], 130, 'x at 3/4');
  near(late.values[2], 12, 'angle at 3/4');
  assert.equal(interpolator.sample(12)[0].values[3], 60);
});

test('an entity that entered is not drawn before it entered; one that left stays until it left', () => {
  const interpolator = new Interpolator({ fieldModes: modes });
  interpolator.push(1, [entity(1, 0, 0, 0), entity(2, 50, 50, 0)]);
  interpolator.push(2, [entity(1, 10, 0, 0), entity(3, 70, 70, 0)]);
  assert.deepEqual(interpolator.sample(1.5).map((e) => e.id), [1, 2]);
  assert.deepEqual(interpolator.sample(1.5).find((e) => e.id === 2).values, [50, 50, 0, 100]);
  assert.deepEqual(interpolator.sample(2).map((e) => e.id), [1, 3]);
});

test('a jump faster than the kind can move switches at the newer snapshot instead of sliding', () => {
  const interpolator = new Interpolator({ fieldModes: modes, maxSpeeds: [120] });
  interpolator.push(1, [entity(1, 0, 0, 0)]);
  interpolator.push(3, [entity(1, 150, 150, 0)]);
  interpolator.push(4, [entity(1, 5000, 150, 0)]);
  near(interpolator.sample(2).at(0).values[0], 75, '212 units in 2 ticks is within 120 per tick');
  assert.equal(interpolator.sample(3.5).at(0).values[0], 150, 'teleport: held');
  assert.equal(interpolator.sample(4).at(0).values[0], 5000);
});

test('render time outside the buffer holds the nearest snapshot, never extrapolates', () => {
  const interpolator = new Interpolator({ fieldModes: modes });
  assert.deepEqual(interpolator.sample(5), []);
  interpolator.push(10, [entity(1, 100, 100, 0)]);
  interpolator.push(11, [entity(1, 110, 100, 0)]);
  assert.equal(interpolator.sample(3)[0].values[0], 100);
  assert.equal(interpolator.lastSample.held, 'before');
  assert.equal(interpolator.sample(15)[0].values[0], 110);
  assert.equal(interpolator.lastSample.held, 'after');
});

test('the predicted entity is excluded and old snapshots are discarded as render time passes', () => {
  const interpolator = new Interpolator({ fieldModes: modes, capacity: 4 });
  for (let tick = 1; tick <= 6; tick++) interpolator.push(tick, [entity(1, tick, 0, 0), entity(2, 0, tick, 0)]);
  assert.deepEqual(interpolator.snapshots.map((s) => s.tick), [3, 4, 5, 6], 'capacity');
  assert.deepEqual(interpolator.sample(4.5, 1).map((e) => e.id), [2]);
  assert.deepEqual(interpolator.snapshots.map((s) => s.tick), [4, 5, 6]);
  interpolator.push(5, [entity(1, 99, 0, 0)]);
  assert.deepEqual(interpolator.snapshots.map((s) => s.tick), [4, 5], 'a repeated tick replaces the newer ones');
});

test('holding the newest snapshot is counted as a starved sample', () => {
  const interpolator = new Interpolator({ fieldModes: modes });
  interpolator.push(10, [entity(1, 100, 100, 0)]);
  interpolator.push(11, [entity(1, 110, 100, 0)]);
  interpolator.sample(10.5);
  interpolator.sample(9);
  assert.equal(interpolator.starvedSamples, 0, 'blending or holding the oldest is not starving');
  interpolator.sample(12);
  interpolator.sample(13);
  assert.equal(interpolator.starvedSamples, 2);
});

test('with the clock, a burst of late snapshots is drawn held and then smoothly, never past the newest', () => {
  const clock = new ServerClock({ tickRate: 60 });
  const interpolator = new Interpolator({ fieldModes: modes });
  const msPerTick = 1000 / 60;
  // An entity walking one unit per tick; snapshots 30 ms late, but between 2 s and 2.2 s
  // nothing arrives and then the held-up snapshots come at once.
  const arrivals = [];
  for (let tick = 0; tick < 240; tick++) {
    const at = tick * msPerTick + 30;
    arrivals.push({ tick, at: at >= 2_000 && at < 2_200 ? 2_200 : at });
  }
  let next = 0;
  let previous = null;
  let worstStep = 0;
  for (let at = 0; at <= 240 * msPerTick; at += 16.4) {
    while (next < arrivals.length && arrivals[next].at <= at) {
      const { tick } = arrivals[next++];
      interpolator.push(tick, [entity(1, tick, 0, 0)]);
      clock.observeSnapshot(tick, at);
    }
    if (!clock.synced) continue;
    const renderTick = clock.renderTick(at);
    assert.ok(renderTick <= interpolator.newestTick, `render ${renderTick} past ${interpolator.newestTick}`);
    const [drawn] = interpolator.sample(renderTick);
    if (previous !== null) {
      const step = drawn.values[0] - previous;
      assert.ok(step >= 0, `stepped back ${step} at ${at}`);
      if (interpolator.snapshots.length > 0 && at > 500) worstStep = Math.max(worstStep, step);
    }
    previous = drawn.values[0];
  }
  // One unit per tick is 0.98 units per 16.4 ms frame; the catch-up after the hold stays gentle.
  assert.ok(worstStep <= 0.98 * 1.1, `worst step ${worstStep}`);
  assert.ok(clock.starvedFrames > 0 && interpolator.starvedSamples >= clock.starvedFrames);
});
