// The SDK's keyboard plumbing (web/client/keyboardMouse.js) with the default keys and with a
// game's own: keys by physical code, held keys add up to one direction per axis, fire keys
// fire, other keys pass through untouched, and a blur lets go of everything.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyboardMouseControls } from '../client/keyboardMouse.js';

// The module asks whether a key went to a text field; node has no DOM elements.
globalThis.Element ??= class Element {};

function devices(keys) {
  const keyTarget = new EventTarget();
  const surface = Object.assign(new EventTarget(), { getBoundingClientRect: () => ({ left: 0, top: 0 }) });
  const controls = new KeyboardMouseControls(keyTarget, surface, keys);
  const key = (type, code) => {
    const event = new Event(type, { cancelable: true });
    Object.defineProperty(event, 'code', { value: code });
    keyTarget.dispatchEvent(event);
    return event.defaultPrevented;
  };
  return { controls, keyTarget, key };
}

test('the default keys: WASD and arrows move, space fires, others pass', () => {
  const { controls, keyTarget, key } = devices();
  assert.equal(key('keydown', 'KeyD'), true);
  key('keydown', 'ArrowUp');
  key('keydown', 'ArrowRight');
  key('keydown', 'Space');
  assert.deepEqual(controls.read(), { moveX: 1, moveY: -1, fire: true });
  assert.equal(key('keydown', 'KeyQ'), false, 'not a key of the game: left to the page');
  key('keyup', 'Space');
  assert.equal(controls.read().fire, false);
  keyTarget.dispatchEvent(new Event('blur'));
  assert.deepEqual(controls.read(), { moveX: 0, moveY: 0, fire: false });
});

test("a game's own keys replace the defaults", () => {
  const { controls, key } = devices({ moveKeys: { KeyJ: [-1, 0], KeyK: [0, 1] }, fireKeys: ['KeyF'] });
  assert.equal(key('keydown', 'KeyW'), false);
  key('keydown', 'KeyJ');
  key('keydown', 'KeyK');
  key('keydown', 'KeyF');
  assert.deepEqual(controls.read(), { moveX: -1, moveY: 1, fire: true });
  key('keydown', 'Space');
  key('keyup', 'KeyF');
  assert.equal(controls.read().fire, false, 'space is not a fire key of this game');
});
