// Pitch's browser parts without a browser: the banner's words in every phase, the renderer
// drawing a match through a recording 2D context, and the controls over fake devices.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bannerText, clockText, resultText, secondsLeft } from '../games/pitch/banner.js';
import { Phase } from '../games/pitch/rules.js';
import { pitchRenderer, kindLayouts } from '../games/pitch/renderer.js';
import { Controls } from '../games/pitch/controls.js';
import { pitchGame } from '../games/pitch/index.js';

const match = (phase, ticksLeft = 0, red = 0, blue = 0, number = 1) => ({ phase, ticksLeft, red, blue, number });

test('the clock is m:ss, rounded up', () => {
  assert.equal(clockText(90 * 60), '1:30');
  assert.equal(clockText(90 * 60 - 1), '1:30');
  assert.equal(clockText(61), '0:02');
  assert.equal(clockText(60), '0:01');
  assert.equal(clockText(1), '0:01');
  assert.equal(clockText(0), '0:00');
  assert.equal(clockText(600 * 60), '10:00');
  assert.equal(secondsLeft(-5), 0);
});

test('the banner in every phase', () => {
  assert.deepEqual(bannerText(match(Phase.waiting)), { score: 'RED 0 : 0 BLUE', status: 'Waiting for players', headline: null });
  assert.deepEqual(bannerText(match(Phase.countdown, 180, 0, 0, 4)),
    { score: 'RED 0 : 0 BLUE', status: 'Match 4 · kick-off in 0:03', headline: '3' });
  assert.equal(bannerText(match(Phase.countdown, 1)).headline, '1');
  assert.deepEqual(bannerText(match(Phase.firstHalf, 5400, 2, 1)), { score: 'RED 2 : 1 BLUE', status: '1st half · 1:30', headline: null });
  assert.deepEqual(bannerText(match(Phase.halftime, 300, 2, 1)),
    { score: 'RED 2 : 1 BLUE', status: 'Half-time · 2nd half in 0:05', headline: 'HALF-TIME' });
  assert.deepEqual(bannerText(match(Phase.secondHalf, 59, 2, 2)), { score: 'RED 2 : 2 BLUE', status: '2nd half · 0:01', headline: null });
  assert.deepEqual(bannerText(match(Phase.goal, 120, 3, 2)), { score: 'RED 3 : 2 BLUE', status: 'Goal!', headline: 'GOAL!' });
  assert.deepEqual(bannerText(match(Phase.ended, 480, 3, 2)),
    { score: 'RED 3 : 2 BLUE', status: 'Full time · next match in 0:08', headline: 'RED WINS 3 : 2' });
  assert.equal(bannerText(match(Phase.ended, 480, 1, 4)).headline, 'BLUE WINS 4 : 1');
  assert.equal(bannerText(match(Phase.ended, 480, 2, 2)).headline, 'DRAW 2 : 2');
  assert.equal(resultText(0, 0), 'DRAW 0 : 0');
  assert.deepEqual(bannerText(match(7)), { score: 'RED 0 : 0 BLUE', status: '', headline: null });
});

/** A 2D context that records every text drawn and accepts every other call. */
function recordingContext() {
  const texts = [];
  const ctx = new Proxy({ texts }, {
    get(target, key) {
      if (key in target) return target[key];
      if (key === 'fillText') return (text) => texts.push(text);
      if (key === 'measureText') return (text) => ({ width: text.length * 10 });
      return () => {};
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
  });
  return { ctx, texts };
}

const KINDS = [
  { name: 'player', fields: ['x', 'y', 'vx', 'vy', 'score', 'team', 'player'].map((name) => ({ name })) },
  { name: 'ball', fields: ['x', 'y', 'vx', 'vy'].map((name) => ({ name })) },
  { name: 'match', fields: ['x', 'y', 'phase', 'ticksLeft', 'red', 'blue', 'number'].map((name) => ({ name })) },
];

function camera() {
  const scale = 0.05;
  return {
    x: 9600, y: 5600, scale, width: 1000, height: 600,
    screenX(x) { return (x - this.x) * scale + this.width / 2; },
    screenY(y) { return (y - this.y) * scale + this.height / 2; },
    sees: () => true,
  };
}

test('the renderer draws the pitch, the players with names, the ball and the banner last', () => {
  const layouts = pitchRenderer.layouts(KINDS);
  assert.deepEqual(layouts, kindLayouts(KINDS));
  assert.equal(layouts[0].team, 5);
  assert.equal(layouts[2].phase, 2);
  const layers = layouts.map(pitchRenderer.layer);
  assert.ok(layers[0] < layers[1] && layers[1] < layers[2], 'players, then the ball, then the banner');
  const { ctx, texts } = recordingContext();
  const cam = camera();
  pitchRenderer.drawBackground(ctx, cam, { minX: 0, minY: 0, maxX: 19200, maxY: 11200 });
  const scene = { camera: cam, layout: null, ownID: 1, ownPlayer: 4, nameOf: (player) => (player === 4 ? 'ada' : '') };
  const entities = [
    { id: 1, kind: 0, values: [4800, 5600, 0, 0, 1, 0, 4] },
    { id: 2, kind: 0, values: [14400, 5600, 0, 0, 0, 1, 7] },
    { id: 3, kind: 1, values: [9600, 5600, 0, 0] },
    { id: 4, kind: 2, values: [9600, 5600, Phase.goal, 100, 1, 0, 2] },
  ];
  for (const entity of entities) {
    scene.layout = layouts[entity.kind];
    pitchRenderer.drawEntity(ctx, entity, scene);
  }
  assert.deepEqual(texts, ['ada', '#7', 'RED 1 : 0 BLUE', 'Goal!', 'GOAL!', 'GOAL!']);
});

test('the banner follows the match from frame to frame', () => {
  const layouts = pitchRenderer.layouts(KINDS);
  const scene = { camera: camera(), layout: layouts[2], ownID: 1, ownPlayer: 4, nameOf: () => '' };
  const frames = [
    [Phase.firstHalf, 600, 0, 0], [Phase.firstHalf, 590, 0, 0], [Phase.firstHalf, 540, 0, 0],
    [Phase.goal, 120, 0, 1], [Phase.ended, 60, 0, 1],
  ];
  const drawn = frames.map(([phase, ticksLeft, red, blue]) => {
    const { ctx, texts } = recordingContext();
    pitchRenderer.drawEntity(ctx, { id: 9, kind: 2, values: [9600, 5600, phase, ticksLeft, red, blue, 1] }, scene);
    return texts.slice(0, 2).join(' | ');
  });
  assert.deepEqual(drawn, [
    'RED 0 : 0 BLUE | 1st half · 0:10',
    'RED 0 : 0 BLUE | 1st half · 0:10',
    'RED 0 : 0 BLUE | 1st half · 0:09',
    'RED 0 : 1 BLUE | Goal!',
    'RED 0 : 1 BLUE | Full time · next match in 0:01',
  ]);
});

test('controls: moves from either device, a kick from either, no aim', () => {
  const device = (state) => ({ read: () => state, release() { this.released = true; }, stick: null });
  const keys = device({ moveX: 1, moveY: 0, fire: false });
  const touch = device({ moveX: 0, moveY: -1, fire: true });
  touch.stick = { origin: { x: 0, y: 0 }, point: { x: 5, y: 5 } };
  const controls = new Controls(keys, touch);
  const read = controls.read(null);
  assert.equal(read.moveX, 1);
  assert.equal(read.moveY, -1);
  assert.equal(read.kick, 1);
  assert.equal(controls.stick, touch.stick);
  const idle = new Controls(device({ moveX: 1, moveY: 0, fire: false }), device({ moveX: 1, moveY: 0, fire: false })).read({ x: 0, y: 0 });
  assert.equal(idle.kick, 0);
  assert.equal(idle.moveX, 1);
  controls.release();
  assert.ok(keys.released && touch.released);
});

test('the module is complete', () => {
  for (const member of ['fieldModes', 'maxSpeeds', 'step', 'canMove', 'createControls']) {
    assert.equal(typeof pitchGame[member], 'function', member);
  }
  assert.equal(pitchGame.renderer, pitchRenderer);
});
