// Pitch's player movement against the golden vectors the Swift tests generate and check
// (Tests/PitchTests/PitchRulesVectorTests.swift): equal results on both sides mean the
// browser predicts its own player exactly where the server will put it. Also the game
// module's headless members: step's contract, canMove from the match's phase, field modes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  WIDTH, HEIGHT, PLAYER_RADIUS, PLAYER_ACCEL, PLAYER_DAMPING, MIN_VELOCITY, MAX_VELOCITY,
  Phase, movePlayer, playersMove,
} from '../games/pitch/rules.js';
import { pitchGame, matchPhase } from '../games/pitch/index.js';
import { FieldMode } from '../sdk/index.js';

const file = JSON.parse(readFileSync(new URL('./vectors/pitch-movement.json', import.meta.url), 'utf8'));

test('constants match the Swift rules', () => {
  assert.deepEqual(file.constants, {
    width: WIDTH, height: HEIGHT, playerRadius: PLAYER_RADIUS, playerAccel: PLAYER_ACCEL,
    playerDamping: PLAYER_DAMPING, minVelocity: MIN_VELOCITY, maxVelocity: MAX_VELOCITY,
  });
});

test('every single move matches', () => {
  assert.ok(file.moves.length >= 500);
  for (const v of file.moves) {
    const got = movePlayer(v.x, v.y, v.vx, v.vy, v.moveX, v.moveY);
    assert.deepEqual(got, { x: v.expectX, y: v.expectY, vx: v.expectVX, vy: v.expectVY }, JSON.stringify(v));
  }
});

test('every path is walked to the same states, through the game module\'s step', () => {
  assert.ok(file.paths.length > 0);
  for (const path of file.paths) {
    let state = { x: path.x, y: path.y, vx: path.vx, vy: path.vy, score: 3, team: 1, player: 9 };
    path.inputs.forEach(([moveX, moveY], tick) => {
      const next = pitchGame.step(state, { moveX, moveY, kick: tick % 2 });
      assert.notEqual(next, state, 'a new object');
      assert.deepEqual(Object.keys(next).sort(), ['player', 'score', 'team', 'vx', 'vy', 'x', 'y']);
      assert.deepEqual([next.score, next.team, next.player], [3, 1, 9], 'only x, y, vx, vy change');
      state = next;
      assert.deepEqual([state.x, state.y, state.vx, state.vy], path.states[tick], `tick ${tick}`);
    });
  }
});

test("today's SDK state ({ x, y } only) predicts from rest instead of NaN", () => {
  assert.deepEqual(pitchGame.step({ x: 5000, y: 5000 }, { moveX: 1, moveY: 0, kick: 0 }), { x: 5004, y: 5000, vx: 4, vy: 0 });
});

test('damping truncates toward zero on both signs, a released axis loses a unit more, and no -0 escapes', () => {
  assert.deepEqual(movePlayer(5000, 5000, 100, -100, 0, 0), { x: 5093, y: 4907, vx: 93, vy: -93 });
  assert.deepEqual(movePlayer(5000, 5000, 100, -100, 1, -1), { x: 5098, y: 4902, vx: 98, vy: -98 });
  const still = movePlayer(5000, 5000, 0, -3, 0, 0);
  assert.ok(Object.is(still.vx, 0));
  assert.deepEqual(movePlayer(1000, 1000, 0, 0, 7, -7), { x: 1004, y: 996, vx: 4, vy: -4 });
});

/** A world with a match entity in `phase` (as ClientWorld exposes it). */
function worldWith(phase) {
  const kinds = [
    { name: 'player', fields: ['x', 'y', 'vx', 'vy', 'score', 'team', 'player'].map((name) => ({ name })) },
    { name: 'ball', fields: ['x', 'y', 'vx', 'vy'].map((name) => ({ name })) },
    { name: 'match', fields: ['x', 'y', 'phase', 'ticksLeft', 'red', 'blue', 'number'].map((name) => ({ name })) },
  ];
  const entities = [
    { id: 1, kind: 1, values: [9600, 5600, 0, 0] },
    { id: 2, kind: 0, values: [100, 100, 0, 0, 0, 0, 4] },
  ];
  if (phase !== undefined) entities.push({ id: 3, kind: 2, values: [9600, 5600, phase, 0, 0, 0, 1] });
  return {
    entities,
    kindIndex: (name) => kinds.findIndex((kind) => kind.name === name),
    value(entity, name) {
      const index = kinds[entity.kind].fields.findIndex((field) => field.name === name);
      return index < 0 ? undefined : entity.values[index];
    },
  };
}

test('canMove follows the match phase: waiting and the halves only', () => {
  const moving = new Set([Phase.waiting, Phase.firstHalf, Phase.secondHalf]);
  for (const phase of Object.values(Phase)) {
    const world = worldWith(phase);
    assert.equal(matchPhase(world), phase);
    assert.equal(pitchGame.canMove(world, world.entities[1]), moving.has(phase), `phase ${phase}`);
    assert.equal(playersMove(phase), moving.has(phase));
  }
  assert.equal(pitchGame.canMove(worldWith(undefined), null), true, 'no match in view: predict');
});

test('positions interpolate, everything else steps; kick-offs and goals are teleports', () => {
  const kinds = worldWith(0);
  const tables = [
    { name: 'player', fields: ['x', 'y', 'vx', 'vy', 'score', 'team', 'player'].map((name) => ({ name })) },
    { name: 'ball', fields: ['x', 'y', 'vx', 'vy'].map((name) => ({ name })) },
    { name: 'match', fields: ['x', 'y', 'phase', 'ticksLeft', 'red', 'blue', 'number'].map((name) => ({ name })) },
  ];
  assert.ok(kinds);
  const modes = pitchGame.fieldModes(tables);
  assert.deepEqual(modes[0].map((m) => m.mode), [FieldMode.linear, FieldMode.linear, ...Array(5).fill(FieldMode.step)]);
  assert.deepEqual(modes[2].map((m) => m.mode), [FieldMode.linear, FieldMode.linear, ...Array(5).fill(FieldMode.step)]);
  const speeds = pitchGame.maxSpeeds(tables);
  assert.ok(speeds[0] >= 60 && speeds[0] < 4800, 'a player runs at most 60 per axis; a kick-off jumps');
  assert.ok(speeds[1] >= 1023 * Math.SQRT2 && speeds[1] < 9600, 'a kicked ball flies; a goal returns it to the centre');
  assert.equal(speeds[2], Infinity);
  assert.equal(pitchGame.id, 'pitch');
  assert.equal(pitchGame.unitsPerWorldUnit, 16);
  assert.ok(Object.isFrozen(pitchGame));
});
