// A whole client session (web/client/session.js) over the real transport and a fake
// WebSocket: hello on open, dispatch on the first byte, inputs at the tick rate repeating
// the last three (oldest first), pings and pongs, events into the scoreboard, snapshots
// through the world model into prediction and interpolation, and protocol trouble recorded
// and answered by reconnecting.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeMessage, encodeMessage, PROTOCOL_VERSION } from '../wire/messages.js';
import { CLIENT_ABORT_CODE } from '../net/transport.js';
import { fakeTransport } from '../test-support/fakeTransport.mjs';
import { GameSession, SessionState } from '../client/session.js';
import { arenaGame } from '../games/arena/index.js';

const file = JSON.parse(readFileSync(new URL('./vectors/snapshots.json', import.meta.url), 'utf8'));
const messages = JSON.parse(readFileSync(new URL('./vectors/messages.json', import.meta.url), 'utf8'));
const fromHex = (hex) => new Uint8Array(Buffer.from(hex, 'hex'));
const MS_PER_TICK = 1000 / 60;

function setup(name = 'tester') {
  const { transport, sockets, clock, receive } = fakeTransport('ws://example.test/play');
  const session = new GameSession({ transport, game: arenaGame, name, now: () => clock.now });
  // Inputs are read with the game's input fields, as the server reads them.
  const sent = () => sockets.at(-1).sent.map((bytes) => decodeMessage(bytes, undefined, { table: session.welcome?.game.inputs ?? [] }));
  return { session, transport, sockets, clock, receive, sent };
}

function playing() {
  const context = setup();
  context.session.start();
  context.sockets[0].onopen();
  context.receive(fromHex(file.welcome));
  return context;
}

const idle = { moveX: 0, moveY: 0, fire: false, aim: 0 };

test('says hello when the socket opens and plays once welcomed', () => {
  const { session, sockets, receive, sent } = setup();
  assert.equal(session.state, SessionState.connecting);
  assert.equal(session.statusText(), 'Connecting…');
  session.start();
  sockets[0].onopen();
  assert.equal(session.statusText(), 'Joining…');
  assert.deepEqual(sent(), [{ type: 'hello', value: { version: PROTOCOL_VERSION, name: 'tester', resumeToken: null } }]);
  receive(fromHex(file.welcome));
  assert.equal(session.state, SessionState.playing);
  assert.equal(session.statusText(), '');
  assert.equal(session.welcome.entityID, 1);
  assert.equal(sent()[1].type, 'ping', 'a ping at once, to sync the clock');
});

test('the hello is byte for byte the protocol\'s', () => {
  const vector = messages.messages.find((m) => m.name === 'hello');
  const { session, sockets } = setup(vector.value.name);
  session.start();
  sockets[0].onopen();
  assert.equal(Buffer.from(sockets[0].sent[0]).toString('hex'), vector.hex);
});

test('inputs go out at the tick rate, each message repeating the last three, oldest first', () => {
  const { session, clock, sent } = playing();
  const inputs = () => sent().filter((m) => m.type === 'input').map((m) => m.value.inputs);
  for (let i = 0; i < 5; i++) {
    clock.now = 1000 + i * MS_PER_TICK;
    session.update(clock.now, { moveX: 1, moveY: -1, fire: i === 4, aim: 0x4000 });
    session.update(clock.now + 1, idle);
  }
  const messages = inputs();
  assert.deepEqual(messages.map((m) => m.map((input) => input.sequence)), [[1], [1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5]]);
  const last = messages.at(-1).at(-1);
  // The welcome's schema says which input fields go out: Arena's `aim` is not among them.
  assert.deepEqual(Object.keys(last), ['sequence', 'tick', ...session.welcome.game.inputs.map((f) => f.name)]);
  assert.deepEqual([last.moveX, last.moveY, last.buttons], [1, -1, 1]);
  assert.equal(messages[0][0].buttons, 0);
  // Late by six ticks (a busy main thread): all six are made, and sent in one message.
  clock.now += 6 * MS_PER_TICK + 1;
  session.update(clock.now, idle);
  assert.deepEqual(inputs().at(-1).map((input) => input.sequence), [6, 7, 8, 9, 10, 11]);
  // Far behind (a background tab): no burst, it starts again from now.
  clock.now += 5000;
  session.update(clock.now, idle);
  assert.deepEqual(inputs().at(-1).map((input) => input.sequence), [10, 11, 12]);
  assert.equal(session.predictor.pending.length, 12);
});

test('pings every second; a pong gives the round trip', () => {
  const { session, clock, receive, sent } = playing();
  const pings = () => sent().filter((m) => m.type === 'ping');
  session.update(1500, idle);
  assert.equal(pings().length, 1);
  session.update(2000, idle);
  assert.equal(pings().length, 2);
  clock.now = 2042;
  receive(encodeMessage('pong', { clientTime: pings()[1].value.clientTime, serverTick: 160 }));
  assert.equal(session.clock.rttMs, 42);
  assert.equal(session.stats(2042).rttMs, 42);
});

test('events fill the scoreboard and the kill feed', () => {
  const { session, receive } = playing();
  receive(encodeMessage('events', {
    tick: 100,
    events: [
      { type: 'joined', player: 1, name: 'tester' },
      { type: 'joined', player: 2, name: 'rival' },
      { type: 'killed', killer: 1, victim: 2 },
      { type: 'killed', killer: null, victim: 1 },
      { type: 'chat', player: 2, text: 'gg' },
    ],
  }));
  assert.deepEqual(session.scoreboard.rows().map((r) => [r.name, r.kills, r.deaths]), [['tester', 1, 1], ['rival', 0, 1]]);
  assert.deepEqual(session.feed, [{ killer: 'tester', victim: 'rival' }, { killer: null, victim: 'tester' }]);
  receive(encodeMessage('events', { tick: 101, events: [{ type: 'left', player: 2 }] }));
  assert.deepEqual(session.scoreboard.rows().map((r) => r.name), ['tester']);
});

test('snapshots reach the world, the prediction and the interpolated view', () => {
  const { session, clock, receive } = playing();
  // Three inputs moving right; the first snapshot says the server applied up to 2.
  for (let i = 0; i < 3; i++) session.update(1000 + i * MS_PER_TICK, { moveX: 1, moveY: 0, fire: false, aim: 0 });
  const steps = file.streams[0].steps;
  clock.now = 1040;
  receive(fromHex(steps[0].hex));
  assert.equal(session.world.lastInputSequence, 2);
  const { x, y } = session.predictor.current;
  assert.deepEqual({ x, y }, { x: 5064, y: 5000 }, 'server position + input 3 replayed');
  clock.now = 1057;
  receive(fromHex(steps[1].hex));
  const view = session.view(1060);
  assert.equal(view.own.id, 1);
  assert.deepEqual(view.remote.map((e) => e.id), [2, 3]);
  const stats = session.stats(1060);
  assert.equal(stats.snapshots, 2);
  assert.equal(stats.entities, 3);
  assert.equal(stats.snapshotBytes, steps[1].hex.length / 2);
  assert.equal(stats.hashesChecked, 1);
  assert.equal(stats.hashMismatches, 0);
  assert.equal(stats.errors, 0);
});

test('a snapshot that does not fit is recorded and the session reconnects for a fresh view', () => {
  const { session, sockets, receive } = playing();
  const bad = file.rejections.find((r) => r.error.kind === 'baselineMismatch' && r.prefix.length === 0);
  receive(fromHex(bad.hex));
  assert.equal(session.errorCount, 1);
  assert.match(session.errors[0], /baselineMismatch/);
  assert.equal(sockets[0].closedWith.code, CLIENT_ABORT_CODE);
  assert.equal(session.state, SessionState.reconnecting);
  assert.match(session.statusText(1000), /^Disconnected: the client lost track of the game \(baselineMismatch\)\. Reconnecting in 1 s…$/);
});

test('an unknown message type is an error too', () => {
  const { session, receive } = playing();
  receive(Uint8Array.of(0x99, 0));
  assert.equal(session.errorCount, 1);
  assert.match(session.errors[0], /unexpected message type 0x99/);
});

test('the server\'s close reason is shown in words, with the reconnect countdown', () => {
  const { session, sockets } = playing();
  sockets[0].onclose({ code: 4004, reason: 'server full' });
  assert.equal(session.state, SessionState.reconnecting);
  assert.equal(session.statusText(1000), 'Disconnected: the server is full (close code 4004). Reconnecting in 1 s…');
  const again = playing();
  again.sockets[0].onclose({ code: 4005, reason: 'kicked: spamming' });
  assert.equal(again.session.state, SessionState.closed);
  assert.equal(again.session.statusText(), 'Disconnected: you were removed from the game (kicked: spamming; close code 4005).');
});

test('a reconnect says hello again with the resume token and starts a fresh world', () => {
  const { session, sockets, receive, sent } = playing();
  receive(fromHex(file.streams[0].steps[0].hex));
  session.update(1000, idle);
  sockets[0].onclose({ code: 1006, reason: '' });
  session.transport.retryNow();
  sockets[1].onopen();
  assert.deepEqual(sent()[0].value, { version: PROTOCOL_VERSION, name: 'tester', resumeToken: 42n });
  assert.equal(session.state, SessionState.connecting);
  assert.equal(session.predictor.pending.length, 0);
  receive(fromHex(file.welcome));
  receive(fromHex(file.streams[0].steps[0].hex));
  assert.equal(session.world.snapshotsApplied, 2);
  assert.equal(session.world.entities.length, 3);
});

test('while reconnecting, the banner keeps the reason the game ended, not the failed attempts\'', () => {
  const { session, sockets } = playing();
  sockets[0].onclose({ code: 1001, reason: 'server shutting down' });
  session.transport.retryNow();
  sockets[1].onclose({ code: 1006, reason: '' });
  assert.equal(session.statusText(1000), 'Disconnected: the server is shutting down (close code 1001). Reconnecting in 1 s… (attempt 2)');
});

test('the HUD\'s clock figures stop while disconnected, and it names the transport', () => {
  const { session, sockets } = playing();
  const live = session.stats(1000);
  assert.notEqual(live.interpolationDelayMs, null);
  assert.equal(typeof live.carrier, 'string');
  sockets[0].onerror?.({ message: 'network down' });
  assert.equal(session.stats(1000).lastError, 'network down');
  sockets[0].onclose({ code: 1006, reason: '' });
  assert.equal(session.state, SessionState.reconnecting);
  const dropped = session.stats(60_000);
  assert.equal(dropped.interpolationDelayMs, null);
  assert.equal(dropped.jitterMs, null);
});

test('a probe from the server is answered at once with its token, byte for byte the protocol\'s', () => {
  const { receive, sockets, sent } = playing();
  const probe = messages.messages.find((m) => m.type === 'probe');
  const before = sockets[0].sent.length;
  receive(fromHex(probe.hex));
  assert.equal(sockets[0].sent.length, before + 1, 'one reply, sent while handling the probe');
  assert.deepEqual(sent().at(-1), { type: 'probeReply', value: { token: probe.value.token } });
  const reply = messages.messages.find((m) => m.type === 'probeReply');
  receive(encodeMessage('probe', { token: reply.value.token }));
  assert.equal(Buffer.from(sockets[0].sent.at(-1)).toString('hex'), reply.hex);
});
