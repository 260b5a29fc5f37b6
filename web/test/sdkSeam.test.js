// The client SDK with a game that is not Arena: "Drift", a made-up game module (its own
// movement rule, fire button, aim field, interpolation modes, layouts, drawing order and
// sprites) over the shared snapshot vectors' schema (player, rock, bullet). The session,
// the world with its hash checks, the interpolator, the predictor and the renderer must do
// their work with whatever the module says, and no SDK module may import a game: the seam
// web/SDK.md describes, proven without Arena.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative, sep } from 'node:path';
import { fakeTransport } from '../test-support/fakeTransport.mjs';
import { GameSession, Renderer, FieldMode } from '../sdk/index.js';

const file = JSON.parse(readFileSync(new URL('./vectors/snapshots.json', import.meta.url), 'utf8'));
const fromHex = (hex) => new Uint8Array(Buffer.from(hex, 'hex'));
const MS_PER_TICK = 1000 / 60;

/** Drift's speed: 3 units per tick along each axis, no clamping. */
const DRIFT_SPEED = 3;
const LAYER = { bullet: 0, rock: 1, player: 2 };

function driftGame() {
  const calls = { fieldModes: 0, maxSpeeds: 0, step: 0, drawn: [], backgrounds: 0 };
  const game = {
    id: 'drift',
    name: 'Drift',
    playerKindName: 'player',
    aimFieldName: 'angle',
    /** Drift's input fields (the welcome's: moveX, moveY, buttons, angle): fire is bit 2. */
    input: (intent) => ({ moveX: intent.moveX, moveY: intent.moveY, buttons: intent.fire ? 4 : 0, angle: intent.aim >> 8 }),
    aimValue: (aim) => aim >> 8,
    fieldModes(kinds) {
      calls.fieldModes++;
      return kinds.map((kind) => kind.fields.map((field) => {
        if (field.name === 'x' || field.name === 'y') return { mode: FieldMode.linear };
        if (field.name === 'angle') return { mode: FieldMode.angle, period: 256 };
        return { mode: FieldMode.step };
      }));
    },
    maxSpeeds(kinds) {
      calls.maxSpeeds++;
      return kinds.map(() => Infinity);
    },
    step(state, input) {
      calls.step++;
      return { x: state.x + DRIFT_SPEED * input.moveX, y: state.y + DRIFT_SPEED * input.moveY };
    },
    /** Flag bit 1 freezes a player. */
    canMove: (world, entity) => (world.value(entity, 'flags') & 2) === 0,
    renderer: {
      layouts: (kinds) => kinds.map((kind) => ({ name: kind.name })),
      layer: (layout) => LAYER[layout.name],
      drawEntity(ctx, entity, scene) {
        calls.drawn.push({ id: entity.id, layout: scene.layout.name, own: entity.id === scene.ownID, name: scene.nameOf(7) });
      },
      drawBackground() {
        calls.backgrounds++;
      },
    },
    createControls: () => ({ read: () => ({ moveX: 0, moveY: 0, fire: false, aim: 0 }), release() {}, stick: null }),
  };
  return { game, calls };
}

function playingDrift() {
  const { game, calls } = driftGame();
  const { transport, sockets, clock, receive } = fakeTransport('ws://example.test/play');
  const session = new GameSession({ transport, game, name: 'drifter', now: () => clock.now });
  session.start();
  sockets[0].onopen();
  receive(fromHex(file.welcome));
  return { game, calls, session, clock, receive };
}

/** The predicted x and y (the state holds every field of the entity by name). */
const position = (session) => ({ x: session.predictor.current.x, y: session.predictor.current.y });

test('a second game: the session predicts with its rule, checks hashes and interpolates with its modes', () => {
  const { calls, session, clock, receive } = playingDrift();
  assert.equal(calls.fieldModes, 1, 'the world asked the game how to interpolate');
  assert.equal(calls.maxSpeeds, 1);
  // Inputs 1 and 2 stand still, 3 moves right, 4 stands, 5 moves right and fires.
  const moves = [0, 0, 1, 0, 1];
  for (const [i, moveX] of moves.entries()) {
    session.update(1000 + i * MS_PER_TICK, { moveX, moveY: 0, fire: i === 4, aim: 0x4000 });
  }
  assert.deepEqual(session.recentInputs.map((input) => [input.sequence, input.moveX, input.buttons]),
    [[1, 0, 0], [2, 0, 0], [3, 1, 0], [4, 0, 0], [5, 1, 4]], "input 5 carries the game's fire button");
  assert.equal(session.recentInputs[0].angle, 0x40, "and the game's own angle field");
  // The server applied inputs 1–2 and has the player at x 5000: 3 and 5 are replayed with Drift's rule.
  clock.now = 1090;
  receive(fromHex(file.streams[0].steps[0].hex));
  assert.deepEqual(position(session), { x: 5000 + 2 * DRIFT_SPEED, y: 5000 });
  // Then inputs up to 4 applied, the player at 5003 (input 3's move): the prediction held exactly.
  clock.now = 1107;
  receive(fromHex(file.streams[0].steps[1].hex));
  assert.deepEqual(position(session), { x: 5003 + DRIFT_SPEED, y: 5000 });
  assert.equal(session.predictor.corrections, 0);
  assert.ok(calls.step > 0);
  const stats = session.stats(1110);
  assert.equal(stats.hashesChecked, 1);
  assert.equal(stats.hashMismatches, 0);
  assert.equal(stats.errors, 0);
  const view = session.view(1110);
  assert.equal(view.own.id, 1);
  assert.equal(view.own.values[2], 0x4000 >> 8, "the own entity shows the local aim through the game's aimValue");
  assert.deepEqual(view.remote.map((entity) => entity.id).sort(), [2, 3]);
});

test('a second game: the renderer draws with its layouts, drawing order, sprites and floor', () => {
  const { calls, session, clock, receive } = playingDrift();
  clock.now = 1040;
  receive(fromHex(file.streams[0].steps[0].hex));
  clock.now = 1057;
  receive(fromHex(file.streams[0].steps[1].hex));
  const ctx = new Proxy({}, { get: (target, key) => (key in target ? target[key] : () => {}) });
  const canvas = { clientWidth: 800, clientHeight: 600, width: 0, height: 0, getContext: () => ctx };
  const renderer = new Renderer(canvas, session.game.renderer, () => 2);
  renderer.setGame(session.welcome);
  const scene = { ownPlayer: 7, nameOf: (player) => `p${player}`, stick: null, dimmed: false };
  renderer.draw(session.view(1060), scene);
  assert.equal(calls.backgrounds, 1, "the game's floor replaces the default one");
  assert.deepEqual(calls.drawn, [
    { id: 3, layout: 'bullet', own: false, name: 'p7' },
    { id: 2, layout: 'rock', own: false, name: 'p7' },
    { id: 1, layout: 'player', own: true, name: 'p7' },
  ]);
  assert.deepEqual([canvas.width, canvas.height], [1600, 1200]);
  renderer.draw(null, scene);
  assert.equal(calls.drawn.length, 3, 'nothing drawn without a view');
});

test('no SDK module imports a game: only the page modules and games/ do', () => {
  const web = fileURLToPath(new URL('..', import.meta.url));
  const pages = new Set(['main.js', join('replay', 'main.js')]);
  const skipped = new Set(['games', 'test', 'test-support']);
  const offenders = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(web, path);
      if (entry.isDirectory()) {
        if (!skipped.has(rel.split(sep)[0])) walk(path);
      } else if (entry.name.endsWith('.js') && !pages.has(rel)) {
        const source = readFileSync(path, 'utf8');
        for (const match of source.matchAll(/(?:import|export)[^'"]*from\s*['"]([^'"]+)['"]/g)) {
          if (match[1].includes('games/')) offenders.push(`${rel} imports ${match[1]}`);
        }
      }
    }
  };
  walk(web);
  assert.deepEqual(offenders, []);
});

test("a game's page shows its name and its own controls' help", async () => {
  const { showGame } = await import('../sdk/gamePage.js');
  const element = () => ({ textContent: '', attributes: {}, setAttribute(name, value) { this.attributes[name] = value; } });
  const parts = { '#start h1': element(), '#start .help.keys': element(), '#start .help.touch': element() };
  const canvas = element();
  const document = { title: '', querySelector: (selector) => parts[selector] ?? null, getElementById: (id) => (id === 'game' ? canvas : null) };
  const { games } = await import('../games/index.js');
  showGame(document, games.pitch);
  assert.equal(document.title, 'Pitch');
  assert.equal(parts['#start h1'].textContent, 'Pitch');
  assert.match(parts['#start .help.keys'].textContent, /Kick/);
  assert.match(parts['#start .help.touch'].textContent, /kick/);
  assert.equal(canvas.attributes['aria-label'], 'Pitch: the game');
  showGame(document, driftGame().game);  // no help: the lines stay as they were
  assert.equal(document.title, 'Drift');
  assert.match(parts['#start .help.keys'].textContent, /Kick/);
});
