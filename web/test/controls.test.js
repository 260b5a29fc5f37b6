// Input devices to intent (web/client/aim.js, touchControls.js and Arena's web/games/arena/controls.js): the 16-bit aim
// angle, the virtual stick's eight directions, and how keyboard, mouse and touch combine.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binaryAngle } from '../client/aim.js';
import { Controls } from '../games/arena/controls.js';
import { stickDirection, STICK_DEAD_ZONE } from '../client/touchControls.js';
import { aimAngle } from '../games/arena/rules.js';

test('binary angles: 0 along +x, a quarter turn down the screen, wrapping', () => {
  assert.equal(binaryAngle(0), 0);
  assert.equal(binaryAngle(Math.PI / 2), 0x4000);
  assert.equal(binaryAngle(Math.PI), 0x8000);
  assert.equal(binaryAngle(-Math.PI / 2), 0xc000);
  assert.equal(binaryAngle(2 * Math.PI - 1e-9), 0);
  assert.equal(aimAngle(binaryAngle(Math.PI / 4)), 128, 'Arena sees 45° as 128 of 1024');
});

test('the stick has a dead zone and eight directions', () => {
  assert.deepEqual(stickDirection(STICK_DEAD_ZONE - 1, 0), { moveX: 0, moveY: 0 });
  const cases = [
    [[40, 0], [1, 0]], [[40, 40], [1, 1]], [[0, 40], [0, 1]], [[-40, 40], [-1, 1]],
    [[-40, 0], [-1, 0]], [[-40, -40], [-1, -1]], [[0, -40], [0, -1]], [[40, -40], [1, -1]],
    [[40, 10], [1, 0]], [[40, 20], [1, 1]], [[10, -40], [0, -1]],
  ];
  for (const [[dx, dy], [moveX, moveY]] of cases) {
    assert.deepEqual(stickDirection(dx, dy), { moveX, moveY }, `${dx}, ${dy}`);
  }
});

function devices({ keys = {}, pointer = null, touch = {}, touchUsed = false } = {}) {
  const keyboard = { pointer, read: () => ({ moveX: 0, moveY: 0, fire: false, ...keys }), release() {} };
  const touchDevice = { used: touchUsed, read: () => ({ moveX: 0, moveY: 0, fire: false, aimPoint: null, ...touch }), release() {} };
  return new Controls(keyboard, touchDevice);
}

test('the mouse aims from the player\'s spot on screen; keys move and shoot', () => {
  const controls = devices({ keys: { moveX: 1, moveY: 0, fire: true }, pointer: { x: 100, y: 200 } });
  assert.deepEqual(controls.read({ x: 100, y: 100 }), { moveX: 1, moveY: 0, fire: true, aim: 0x4000 });
});

test('without a pointer a moving player aims where it goes, and a still one keeps its aim', () => {
  let move = { moveX: -1, moveY: 0 };
  const keyboard = { pointer: null, read: () => ({ ...move, fire: false }), release() {} };
  const touch = { used: false, read: () => ({ moveX: 0, moveY: 0, fire: false, aimPoint: null }), release() {} };
  const controls = new Controls(keyboard, touch);
  assert.equal(controls.read({ x: 0, y: 0 }).aim, 0x8000);
  move = { moveX: 0, moveY: 0 };
  assert.equal(controls.read({ x: 0, y: 0 }).aim, 0x8000);
});

test('a touch aims at the finger and fires; stick and keys add up to one direction', () => {
  const controls = devices({
    keys: { moveX: 1, moveY: 0 },
    touch: { moveX: 1, moveY: 1, fire: true, aimPoint: { x: 50, y: 100 } },
    pointer: { x: 500, y: 500 },
    touchUsed: true,
  });
  assert.deepEqual(controls.read({ x: 100, y: 100 }), { moveX: 1, moveY: 1, fire: true, aim: 0x8000 });
});
