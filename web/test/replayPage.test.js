// The replay page's pure logic (web/replay/): the timeline's mapping between ticks and the
// bar, keyframe marks and lookups, time labels, the speed steps, the recording list; and the
// ReplaySession over the real transport and a fake WebSocket: controls become replayControl
// messages, every welcome starts the world over, statuses and timelines are kept, the view
// follows the welcomed entity, and a reconnect asks for the same place again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeMessage, encodeMessage, MIN_QUARTERS, MAX_QUARTERS } from '../wire/messages.js';
import { fakeTransport } from '../test-support/fakeTransport.mjs';
import { arenaGame } from '../games/arena/index.js';
import {
  tickToFraction, fractionToTick, tickAtPointer, keyframeMarks, keyframeAtOrBefore, formatTime, positionLabel,
} from '../replay/timeline.js';
import { SPEED_STEPS, DEFAULT_QUARTERS, speedLabel, quartersFromFactor, stepSpeed } from '../replay/speeds.js';
import { normalizeRecordings, formatBytes, formatDate, fetchRecordings, describeRecording, formatDuration } from '../replay/recordingList.js';
import { ReplaySession } from '../replay/replaySession.js';

const snapshots = JSON.parse(readFileSync(new URL('./vectors/snapshots.json', import.meta.url), 'utf8'));
const fromHex = (hex) => new Uint8Array(Buffer.from(hex, 'hex'));

test('ticks map onto the bar and back, clamped, whole ticks only', () => {
  assert.equal(tickToFraction(0, 600), 0);
  assert.equal(tickToFraction(300, 600), 0.5);
  assert.equal(tickToFraction(900, 600), 1);
  assert.equal(tickToFraction(5, 0), 0);
  assert.equal(fractionToTick(0.5, 600), 300);
  assert.equal(fractionToTick(0.3333, 600), 200);
  assert.equal(fractionToTick(-1, 600), 0);
  assert.equal(fractionToTick(2, 600), 600);
  assert.equal(fractionToTick(NaN, 600), 0);
  assert.equal(tickAtPointer(150, 100, 200, 600), 150);
  assert.equal(tickAtPointer(50, 100, 200, 600), 0);
  assert.equal(tickAtPointer(150, 100, 0, 600), 0);
  for (let tick = 0; tick <= 777; tick++) assert.equal(fractionToTick(tickToFraction(tick, 777), 777), tick);
});

test('keyframe marks sit where their ticks are; lookups find the keyframe at or before', () => {
  assert.deepEqual(keyframeMarks([0, 300, 600, 900], 600), [
    { tick: 0, percent: 0 }, { tick: 300, percent: 50 }, { tick: 600, percent: 100 },
  ]);
  const keyframes = [0, 300, 600];
  assert.equal(keyframeAtOrBefore(keyframes, 0), 0);
  assert.equal(keyframeAtOrBefore(keyframes, 299), 0);
  assert.equal(keyframeAtOrBefore(keyframes, 300), 300);
  assert.equal(keyframeAtOrBefore(keyframes, 10_000), 600);
  assert.equal(keyframeAtOrBefore([], 5), null);
  assert.equal(keyframeAtOrBefore([10], 5), null);
});

test('ticks read as time', () => {
  assert.equal(formatTime(0, 60), '0:00');
  assert.equal(formatTime(59, 60), '0:00');
  assert.equal(formatTime(60 * 75, 60), '1:15');
  assert.equal(formatTime(60 * 3723, 60), '1:02:03');
  assert.equal(formatTime(100, 0), '0:00');
  assert.equal(positionLabel(420.7, 5400, 60), '0:07 / 1:30 · tick 420 of 5400');
});

test('speed steps run 0.25× to 8× in quarters, and stepping stays in range', () => {
  assert.equal(SPEED_STEPS[0], MIN_QUARTERS);
  assert.equal(SPEED_STEPS.at(-1), MAX_QUARTERS);
  assert.ok(SPEED_STEPS.includes(DEFAULT_QUARTERS));
  assert.ok(SPEED_STEPS.every((q, i) => i === 0 || q > SPEED_STEPS[i - 1]));
  assert.deepEqual(SPEED_STEPS.map(speedLabel), ['0.25×', '0.5×', '0.75×', '1×', '1.5×', '2×', '3×', '4×', '6×', '8×']);
  assert.equal(quartersFromFactor(2), 8);
  assert.equal(quartersFromFactor(0.01), 1);
  assert.equal(quartersFromFactor(100), 32);
  assert.equal(quartersFromFactor(NaN), 4);
  assert.equal(stepSpeed(4, 1), 6);
  assert.equal(stepSpeed(4, -1), 3);
  assert.equal(stepSpeed(32, 1), 32);
  assert.equal(stepSpeed(1, -1), 1);
  assert.equal(stepSpeed(5, 1), 6);
  assert.equal(stepSpeed(5, -1), 4);
});

test('recordings are listed newest first, with readable sizes and dates', async () => {
  const list = normalizeRecordings([
    { name: 'a.rec', bytes: 10, modified: 1000 },
    { name: 'b.rec', bytes: 2_500, modified: 3000 },
    { name: 'c.rec', bytes: 4_100_000, modified: 2000 },
    'old.rec',
  ]);
  assert.deepEqual(list.map((e) => e.name), ['b.rec', 'c.rec', 'a.rec', 'old.rec']);
  assert.deepEqual(list.map((e) => formatBytes(e.bytes)), ['2.5 kB', '4.1 MB', '10 B', '']);
  assert.equal(formatDate(Date.UTC(2026, 10, 22, 14, 5), 0), '2026-11-22 14:05');
  assert.equal(formatDate(null), '');
  assert.throws(() => normalizeRecordings({}), TypeError);
  const fetched = await fetchRecordings('/replays', async () => ({ ok: true, json: async () => [{ name: 'x.rec', bytes: 1, modified: 1 }] }));
  assert.deepEqual(fetched, [{ name: 'x.rec', bytes: 1, modified: 1, complete: null, seconds: null, players: null, names: [], error: null }]);
  await assert.rejects(fetchRecordings('/replays', async () => ({ ok: false, status: 500 })), /500/);
});

test('a listed recording says what the match was: players, length and names, or why not', () => {
  const [done, running, broken, many] = normalizeRecordings([
    { name: 'd.rec', bytes: 9, modified: 4, game: 'Arena', tickRate: 60, startedAt: 1, complete: true, ticks: 8_130, players: 2, names: ['ann', 'bo'] },
    { name: 'r.rec', bytes: 9, modified: 3, game: 'Arena', tickRate: 60, startedAt: 1, complete: false },
    { name: 'b.rec', bytes: 9, modified: 2, error: 'foreign at byte 0: not a recording' },
    { name: 'm.rec', bytes: 9, modified: 1, tickRate: 30, complete: true, ticks: 30, players: 20, names: ['a', 'b'] },
  ]);
  assert.equal(describeRecording(done), '2 players · 2:16 · ann, bo');
  assert.equal(describeRecording(running), 'still running or cut off');
  assert.equal(describeRecording(broken), 'unreadable: foreign at byte 0: not a recording');
  assert.equal(describeRecording(many), '20 players · 0:01 · a, b, …');
  assert.equal(describeRecording(normalizeRecordings(['old.rec'])[0]), '');
  assert.equal(formatDuration(59.6), '1:00');
  assert.equal(formatDuration(725), '12:05');
});

function setup() {
  const { transport, sockets, clock, timers, receive } = fakeTransport('ws://example.test/replay?file=a.rec');
  const session = new ReplaySession({ transport, game: arenaGame, now: () => clock.now });
  const sent = () => sockets.at(-1).sent.map((bytes) => decodeMessage(bytes).value);
  session.start();
  sockets[0].onopen();
  return { session, transport, sockets, clock, timers, receive, sent };
}

const status = (fields) => encodeMessage('replayStatus', {
  tick: 0, endTick: 600, paused: false, quarters: 4, followed: 1, timeline: null, ...fields,
});

test('controls are sent as replayControl messages', () => {
  const { session, sent } = setup();
  session.play();
  session.pause();
  session.setSpeed(8);
  session.seek(123.9);
  session.follow(3);
  assert.deepEqual(sent(), [
    { action: 'play' }, { action: 'pause' }, { action: 'speed', quarters: 8 }, { action: 'seek', tick: 123 }, { action: 'follow', player: 3 },
  ]);
});

test('a welcome starts the world over; snapshots are applied and hashes checked; the status and timeline are kept', () => {
  const { session, receive, clock } = setup();
  assert.equal(session.statusText(), 'Opening the recording…');
  const timeline = { tickRate: 60, keyframeTicks: [0, 300], players: [{ id: 1, name: 'alice' }] };
  receive(status({ timeline }));
  receive(fromHex(snapshots.welcome));
  assert.equal(session.welcomes, 1);
  assert.equal(session.statusText(), '');
  assert.deepEqual(session.timeline, timeline);
  receive(status({ tick: 5 }));
  assert.deepEqual(session.timeline, timeline, 'a status without a timeline keeps the last one');
  assert.equal(session.status.tick, 5);
  for (const step of snapshots.streams[0].steps) {
    clock.now += 16;
    receive(fromHex(step.hex));
  }
  const stats = session.stats();
  assert.equal(stats.snapshots, snapshots.streams[0].steps.length);
  assert.ok(stats.hashesChecked > 0);
  assert.equal(stats.hashMismatches, 0);
  assert.equal(stats.errors, 0);
  const view = session.view(clock.now + 100);
  assert.ok(view, 'a view once snapshots arrived');
  assert.equal(session.welcome.entityID, 1);
  assert.equal(view.own.id, 1, 'the camera follows the welcomed entity');
  assert.ok(!view.remote.some((e) => e.id === 1));

  receive(fromHex(snapshots.welcome));
  assert.equal(session.welcomes, 2);
  assert.equal(session.world.entities.length, 0, 'the second welcome starts the world over');
  assert.equal(session.view(clock.now), null);
});

test('a reconnect asks for the tick, speed, player and pause it had', () => {
  const { session, sockets, timers, receive, sent } = setup();
  receive(status({ tick: 250, quarters: 8, followed: 2, paused: true }));
  sockets[0].onclose({ code: 1006, reason: '' });
  assert.match(session.statusText(), /Reconnecting/);
  timers.at(-1).fn();
  sockets.at(-1).onopen();
  assert.deepEqual(sent(), [
    { action: 'speed', quarters: 8 }, { action: 'follow', player: 2 }, { action: 'seek', tick: 250 }, { action: 'pause' },
  ]);
});

test('a replay the server cannot show ends with its reason and no retry', () => {
  const { session, sockets } = setup();
  sockets[0].onclose({ code: 4008, reason: 'replay unavailable: no recording named a.rec' });
  assert.equal(session.transport.state, 'closed');
  assert.equal(session.statusText(), 'Disconnected: this replay cannot be shown (replay unavailable: no recording named a.rec; close code 4008).');
});

test('bytes the page cannot use restart the connection instead of corrupting the view', () => {
  const { session, sockets, receive } = setup();
  receive(new Uint8Array([0x85, 0x00]));
  assert.equal(session.errorCount, 1);
  assert.equal(sockets[0].closedWith.code, 4900);
});
