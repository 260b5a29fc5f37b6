// The pieces behind the HUD and the scoreboard: the scoreboard's bookkeeping, byte rates,
// the network panel's rows, the renderer's camera and field layouts, and random names.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FEED_LENGTH, Scoreboard } from '../client/scoreboard.js';
import { RateMeter } from '../client/rateMeter.js';
import { randomName } from '../client/names.js';
import { formatStats } from '../render/hud.js';
import { Camera } from '../render/camera.js';
import { kindLayouts } from '../games/arena/kindLayout.js';
import { utf8Length } from '../wire/integers.js';
import { MAX_NAME_BYTES } from '../wire/messages.js';

test('the scoreboard: names from joins, kills from kill events, scores from entities', () => {
  const board = new Scoreboard();
  board.applyEvent({ type: 'joined', player: 3, name: 'cat' });
  board.applyEvent({ type: 'joined', player: 1, name: 'ann' });
  board.applyEvent({ type: 'joined', player: 2, name: 'bob' });
  board.applyEvent({ type: 'killed', killer: 2, victim: 1 });
  board.applyEvent({ type: 'killed', killer: 9, victim: 3 });
  board.updateScore(1, 4);
  board.updateScore(2, 4);
  board.updateScore(7, 99);
  assert.deepEqual(board.rows().map((r) => [r.player, r.name, r.score, r.kills, r.deaths]), [
    [2, 'bob', 4, 1, 0], [1, 'ann', 4, 0, 1], [3, 'cat', 0, 0, 1],
  ]);
  board.applyEvent({ type: 'left', player: 2 });
  assert.equal(board.name(2), 'player 2');
  assert.equal(board.rows().length, 2);
});

test('byte rates over a sliding window', () => {
  const meter = new RateMeter(1000);
  assert.equal(meter.perSecond, 0);
  meter.sample(0, 0);
  meter.sample(500, 250);
  meter.sample(1000, 500);
  assert.equal(meter.perSecond, 2000);
  for (let t = 750; t <= 3000; t += 250) meter.sample(1000 + (t - 500) * 10, t);
  assert.equal(meter.perSecond, 10_000);
});

test('the network panel shows every figure, and warns on mismatches and errors', () => {
  const stats = {
    state: 'playing', rttMs: 12.4, serverTick: 900, snapshotTick: 898, snapshotBytes: 61, snapshots: 10,
    downBytesPerSecond: 3456, upBytesPerSecond: 1200, entities: 14, corrections: 2, largestCorrection: 3.25, pendingInputs: 3,
    hashesChecked: 30, hashMismatches: 1, interpolationDelayMs: 40.2, jitterMs: 3, errors: 0,
  };
  const rows = formatStats(stats);
  const byLabel = Object.fromEntries(rows.map(([label, text, warn]) => [label, { text: String(text), warn }]));
  assert.equal(byLabel.RTT.text, '12 ms');
  assert.equal(byLabel['Server tick'].text, '900');
  assert.equal(byLabel['Snapshot size'].text, '61 B');
  assert.equal(byLabel.Down.text, '3.5 kB/s');
  assert.equal(byLabel.Up.text, '1.2 kB/s');
  assert.equal(byLabel['Entities in view'].text, '14');
  assert.equal(byLabel.Corrections.text, '2 (≤ 3.3 u)');
  assert.deepEqual(byLabel['Hash mismatches'], { text: '1', warn: true });
  assert.deepEqual(byLabel.Errors, { text: '0', warn: false });
  const waiting = formatStats({ ...stats, state: 'connecting', rttMs: null, serverTick: null });
  assert.deepEqual(waiting.slice(0, 4), [['Connection', 'connecting', true], ['Transport', '–', false], ['RTT', '–', false], ['Server tick', '–', false]]);
  const polling = Object.fromEntries(formatStats({ ...stats, carrier: 'long-polling', inputsReplaced: 4, socketErrors: 1, lastError: 'HTTP 400' })
    .map(([label, text, warn]) => [label, { text: String(text), warn }]));
  assert.deepEqual(polling.Transport, { text: 'long-polling', warn: true });
  assert.deepEqual(polling['Inputs replaced'], { text: '4', warn: false });
  assert.deepEqual(polling['Socket errors'], { text: '1', warn: true });
  assert.deepEqual(polling['Last error'], { text: 'HTTP 400', warn: true });
});

test('the camera fits the view square to the longer side and centres the followed point', () => {
  const camera = new Camera();
  camera.resize(360, 640, 6144);
  assert.equal(camera.scale, 640 / 12288);
  camera.lookAt(30_000, 20_000);
  assert.equal(camera.screenX(30_000), 180);
  assert.equal(camera.screenY(20_000 + 6144), 640);
  assert.ok(camera.sees(30_000, 20_000, 1));
  assert.ok(!camera.sees(30_000 + 6144, 20_000, 100));
});

test('field layouts are found by name', () => {
  const field = (name, max = 65535) => ({ name, min: 0, max, step: 1 });
  const [player, drone] = kindLayouts([
    { name: 'player', fields: [field('x'), field('y'), field('aim', 1023), field('health', 100), field('score'), field('player')] },
    { name: 'drone', fields: [field('x'), field('y'), field('heading', 1023), field('health', 100)] },
  ]);
  assert.deepEqual(player, { name: 'player', angle: 2, angleUnitsPerTurn: 1024, health: 3, maxHealth: 100, player: 5, owner: -1 });
  assert.equal(drone.angle, 2);
  assert.equal(drone.player, -1);
});

test('random names fit the protocol', () => {
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < 200; i++) {
    const name = randomName(random);
    assert.match(name, /^[a-z]+-[a-z]+\d{1,2}$/);
    assert.ok(utf8Length(name) <= MAX_NAME_BYTES, name);
  }
});

test('applyEvents keeps the last five kills by name, newest last, and scores them', () => {
  const board = new Scoreboard();
  const feed = [];
  board.applyEvents([{ type: 'joined', player: 1, name: 'ann' }, { type: 'joined', player: 2, name: 'bo' }], feed);
  const kills = [];
  for (let i = 0; i < 7; i++) kills.push({ type: 'killed', killer: i % 2 === 0 ? 1 : null, victim: 2 });
  board.applyEvents(kills, feed);
  assert.equal(feed.length, FEED_LENGTH);
  assert.deepEqual(feed[feed.length - 1], { killer: 'ann', victim: 'bo' });
  assert.deepEqual(feed[feed.length - 2], { killer: null, victim: 'bo' });
  const rows = board.rows();
  assert.equal(rows.find((row) => row.name === 'ann').kills, 4);
  assert.equal(rows.find((row) => row.name === 'bo').deaths, 7);
});
