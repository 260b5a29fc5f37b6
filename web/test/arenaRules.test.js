// Arena's player movement against the golden vectors the Swift tests generate and check
// (Tests/ArenaTests/ArenaRulesVectorTests.swift): equal results on both sides mean the
// browser predicts its own player exactly where the server will put it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  WORLD_MIN, WORLD_MAX, PLAYER_SPEED, PLAYER_RADIUS, SIN_45,
  movePlayer, moveDelta, diagonalStep, aimAngle,
} from '../games/arena/rules.js';

const file = JSON.parse(readFileSync(new URL('./vectors/arena-movement.json', import.meta.url), 'utf8'));

test('constants match the Swift rules', () => {
  assert.deepEqual(file.constants, {
    worldMin: WORLD_MIN, worldMax: WORLD_MAX, playerSpeed: PLAYER_SPEED, playerRadius: PLAYER_RADIUS, sin45: SIN_45,
  });
});

test('every single move matches', () => {
  assert.ok(file.moves.length >= 150);
  for (const v of file.moves) {
    const got = movePlayer(v.x, v.y, { moveX: v.moveX, moveY: v.moveY }, v.speed);
    assert.deepEqual(got, { x: v.expectX, y: v.expectY }, JSON.stringify(v));
  }
});

test('every aim quantizes to the same 10-bit angle', () => {
  assert.ok(file.aims.length > 0);
  for (const v of file.aims) assert.equal(aimAngle(v.aim), v.angle, `aim ${v.aim}`);
});

test('every path is walked to the same positions', () => {
  assert.ok(file.paths.length > 0);
  for (const path of file.paths) {
    let { x, y } = path;
    path.inputs.forEach(([moveX, moveY], tick) => {
      ({ x, y } = movePlayer(x, y, { moveX, moveY }));
      assert.deepEqual([x, y], path.positions[tick], `tick ${tick}`);
    });
  }
});

test('diagonals have the axis speed to within a unit, and the default speed is used', () => {
  for (const speed of [1, 16, 64, 100, 1000]) {
    const step = diagonalStep(speed);
    assert.ok(Math.abs(Math.hypot(step, step) - speed) <= 1, `speed ${speed}`);
  }
  assert.deepEqual(moveDelta(1, 1), { dx: 45, dy: 45 });
  assert.deepEqual(moveDelta(0, -1), { dx: 0, dy: -64 });
  assert.deepEqual(moveDelta(-3, 0), { dx: -64, dy: 0 });
  assert.ok(Object.is(moveDelta(0, 0).dx, 0));
});
