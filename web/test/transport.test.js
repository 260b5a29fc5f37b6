// The transport (web/net/transport.js) over a fake WebSocket and fake timers: binary
// messages in and out with byte counts, reconnection with exponential backoff after a drop,
// no retry when the server's reason says retrying cannot help, client-side aborts, and
// connect timeouts. Also the backoff itself and the close reasons' words.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Transport, TransportState, CLIENT_ABORT_CODE } from '../net/transport.js';
import { Backoff } from '../net/backoff.js';
import { describeClose, closeMessage } from '../net/closeReasons.js';
import { FakeTimers } from '../test-support/fakeTimers.mjs';

const messages = JSON.parse(readFileSync(new URL('./vectors/messages.json', import.meta.url), 'utf8'));

class FakeSocket {
  constructor(url) {
    this.url = url;
    this.sent = [];
    this.closedWith = null;
  }

  send(bytes) {
    this.sent.push(bytes);
  }

  close(code, reason) {
    this.closedWith = { code, reason };
    queueMicrotask(() => this.onclose({ code, reason }));
  }

  open() {
    this.onopen();
  }

  receive(bytes) {
    this.onmessage({ data: Uint8Array.from(bytes).buffer });
  }

  drop(code, reason = '') {
    this.onclose({ code, reason });
  }
}


function setup(options = {}) {
  const sockets = [];
  const timers = new FakeTimers();
  const transport = new Transport({
    url: 'ws://example.test/play',
    openSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    backoff: new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 }),
    timers,
    now: () => timers.now,
    ...options,
  });
  const log = [];
  transport.onOpen = () => log.push('open');
  transport.onMessage = (bytes) => log.push(['message', [...bytes]]);
  transport.onClose = (description, retryIn) => log.push(['close', description.code, retryIn]);
  return { transport, sockets, timers, log };
}

test('opens, counts bytes both ways and delivers binary messages', () => {
  const { transport, sockets, log } = setup();
  assert.equal(transport.send(Uint8Array.of(1)), false, 'nothing is sent before open');
  transport.connect();
  assert.equal(transport.state, TransportState.connecting);
  assert.equal(sockets[0].binaryType, 'arraybuffer');
  assert.equal(sockets[0].url, 'ws://example.test/play');
  sockets[0].open();
  assert.equal(transport.state, TransportState.open);
  assert.equal(transport.send(Uint8Array.of(3, 1, 2, 3, 4)), true);
  sockets[0].receive([0x83, 1, 2]);
  sockets[0].onmessage({ data: 'text is not the protocol' });
  assert.deepEqual(log, ['open', ['message', [0x83, 1, 2]]]);
  assert.deepEqual([transport.bytesSent, transport.bytesReceived, transport.messagesSent, transport.messagesReceived], [5, 3, 1, 1]);
});

test('a dropped connection is retried with exponential backoff, reset once healthy', () => {
  const { transport, sockets, timers, log } = setup();
  transport.connect();
  sockets[0].open();
  sockets[0].drop(1006);
  assert.equal(transport.state, TransportState.reconnecting);
  assert.equal(transport.retryAt, 100);
  assert.equal(transport.lastClose.text, 'the connection was lost');
  timers.advance(99);
  assert.equal(sockets.length, 1);
  timers.advance(1);
  assert.equal(sockets.length, 2);
  sockets[1].drop(1006);
  timers.advance(200);
  sockets[2].drop(1006);
  timers.advance(400);
  sockets[3].open();
  transport.markHealthy();
  sockets[3].drop(1001, 'server shutting down');
  assert.deepEqual(log.filter((entry) => entry[0] === 'close'), [
    ['close', 1006, 100], ['close', 1006, 200], ['close', 1006, 400], ['close', 1001, 100],
  ]);
  assert.equal(transport.lastClose.text, 'the server is shutting down');
});

test('a close that retrying cannot fix ends the transport, until retryNow', () => {
  const { transport, sockets, timers } = setup();
  transport.connect();
  sockets[0].open();
  sockets[0].drop(4000, 'protocol version 9 is not supported; this server speaks 1');
  assert.equal(transport.state, TransportState.closed);
  assert.equal(transport.retryAt, null);
  assert.equal(transport.lastClose.name, 'protocolVersionMismatch');
  assert.equal(transport.lastClose.detail, 'protocol version 9 is not supported; this server speaks 1');
  timers.advance(60_000);
  assert.equal(sockets.length, 1);
  transport.retryNow();
  assert.equal(sockets.length, 2);
  assert.equal(transport.state, TransportState.connecting);
});

test('a client-side abort closes with our code and reconnects with our reason', async () => {
  const { transport, sockets, timers } = setup();
  transport.connect();
  sockets[0].open();
  transport.abort({ text: 'the client lost track of the game', retry: true });
  assert.equal(sockets[0].closedWith.code, CLIENT_ABORT_CODE);
  await Promise.resolve();
  assert.equal(transport.state, TransportState.reconnecting);
  assert.equal(transport.lastClose.text, 'the client lost track of the game');
  timers.advance(100);
  assert.equal(sockets.length, 2);
});

test('an attempt that never opens is abandoned after the connect timeout', async () => {
  const { transport, sockets, timers } = setup({ connectTimeoutMs: 5000 });
  transport.connect();
  timers.advance(5000);
  await Promise.resolve();
  assert.equal(sockets[0].closedWith.code, CLIENT_ABORT_CODE);
  assert.equal(transport.state, TransportState.reconnecting);
  assert.equal(transport.lastClose.text, 'the server did not answer in time');
});

test('close() is final and ignores the old socket\'s late events', () => {
  const { transport, sockets, timers, log } = setup();
  transport.connect();
  sockets[0].open();
  transport.close();
  assert.equal(transport.state, TransportState.closed);
  sockets[0].drop(1000);
  timers.advance(10_000);
  assert.equal(sockets.length, 1);
  assert.deepEqual(log, ['open']);
  assert.equal(transport.send(Uint8Array.of(1)), false);
});

test('backoff doubles up to its cap, with bounded jitter', () => {
  const plain = new Backoff({ initialMs: 250, maxMs: 3000, jitter: 0 });
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => plain.next()), [250, 500, 1000, 2000, 3000, 3000]);
  plain.reset();
  assert.equal(plain.next(), 250);
  for (const r of [0, 0.5, 0.999]) {
    const jittered = new Backoff({ initialMs: 1000, maxMs: 10_000, jitter: 0.2, random: () => r });
    const delay = jittered.next();
    assert.ok(delay >= 900 && delay <= 1100, `delay ${delay}`);
  }
});

test('every game close code has words, the standard reason is not repeated, 1001 is a shutdown', () => {
  assert.equal(messages.closeCodes.length, 9);
  for (const { code, name, reason } of messages.closeCodes) {
    const description = describeClose(code, reason);
    assert.equal(description.name, name);
    assert.equal(typeof description.retry, 'boolean');
    assert.ok(description.text.length > 0);
    assert.equal(description.detail, '', `${name}: the standard reason adds nothing`);
    assert.match(closeMessage(description), /^Disconnected: .+\.$/);
    assert.equal(describeClose(code, `${reason}: detail ${code}`).detail, `${reason}: detail ${code}`);
  }
  assert.equal(describeClose(4004, 'server full').retry, true);
  assert.equal(describeClose(4000, '').retry, false);
  assert.equal(closeMessage(describeClose(1001, 'server shutting down')), 'Disconnected: the server is shutting down (close code 1001).');
  assert.equal(closeMessage(describeClose(1011, 'room crashed')), 'Disconnected: the server hit an internal error (room crashed; close code 1011).');
  assert.equal(describeClose(1006).retry, true);
  assert.equal(describeClose(3999).text, 'the connection closed (code 3999)');
});

// MARK: Falling back to Engine.IO, and inputs behind a congested socket

function fallbackSetup(options = {}) {
  const fallbacks = [];
  const context = setup({
    fallbackURL: 'http://example.test/engine.io/',
    webSocketAvailable: true,
    silentMs: 3000,
    openFallback: (url) => {
      const socket = new FakeSocket(url);
      socket.transport = 'polling';
      fallbacks.push(socket);
      return socket;
    },
    ...options,
  });
  return { ...context, fallbacks };
}

test('without WebSocket in the page the first attempt is Engine.IO polling', () => {
  const { transport, sockets, fallbacks } = fallbackSetup({ webSocketAvailable: false });
  transport.connect();
  assert.equal(sockets.length, 0);
  assert.equal(fallbacks[0].url, 'http://example.test/engine.io/');
  assert.equal(transport.url, 'http://example.test/engine.io/');
  assert.equal(transport.carrier, 'long-polling');
  fallbacks[0].transport = 'websocket';
  assert.equal(transport.carrier, 'long-polling → WebSocket');
});

test('a WebSocket that errors before opening: the error is kept, and the next attempt polls, for good', () => {
  const { transport, sockets, fallbacks, timers } = fallbackSetup();
  transport.connect();
  assert.equal(transport.carrier, 'WebSocket');
  sockets[0].onerror({});
  sockets[0].drop(1006);
  assert.equal(transport.errorCount, 1);
  assert.equal(transport.lastError.text, 'WebSocket error');
  timers.advance(100);
  assert.equal(fallbacks.length, 1);
  fallbacks[0].open();
  fallbacks[0].drop(1006);
  timers.advance(200);
  assert.equal(fallbacks.length, 2, 'reconnects keep polling');
  assert.equal(sockets.length, 1);
  assert.equal(transport.attempts, 3);
});

test('a WebSocket that opens but stays silent is given up for polling; one that talks is kept', async () => {
  const silent = fallbackSetup();
  silent.transport.connect();
  silent.sockets[0].open();
  silent.timers.advance(3000);
  await Promise.resolve();
  assert.equal(silent.transport.lastClose.text, 'the WebSocket opened but nothing came through');
  silent.timers.advance(100);
  assert.equal(silent.fallbacks.length, 1);

  const talking = fallbackSetup();
  talking.transport.connect();
  talking.sockets[0].open();
  talking.sockets[0].receive([0x81]);
  talking.timers.advance(10_000);
  assert.equal(talking.transport.state, TransportState.open);
  assert.equal(talking.transport.kind, 'websocket');
});

test('a WebSocket that worked and later drops is retried as a WebSocket', () => {
  const { transport, sockets, fallbacks, timers } = fallbackSetup();
  transport.connect();
  sockets[0].open();
  sockets[0].receive([0x81]);
  sockets[0].drop(1006);
  timers.advance(100);
  assert.equal(sockets.length, 2);
  assert.equal(fallbacks.length, 0);
});

test('sends respect readyState, and inputs behind a full buffer: the newest replaces the held one', () => {
  const { transport, sockets } = setup();
  transport.connect();
  sockets[0].open();
  sockets[0].readyState = 2;
  assert.equal(transport.send(Uint8Array.of(1)), false, 'a closing socket takes nothing');
  sockets[0].readyState = 1;
  sockets[0].bufferedAmount = 0;
  assert.equal(transport.sendLatest(Uint8Array.of(2, 1)), 'sent');
  sockets[0].bufferedAmount = 65;
  assert.equal(transport.sendLatest(Uint8Array.of(2, 2)), 'held');
  assert.equal(transport.sendLatest(Uint8Array.of(2, 3)), 'held');
  assert.equal(transport.inputsReplaced, 1);
  assert.equal(transport.flushHeld(), false, 'still congested');
  sockets[0].bufferedAmount = 64;
  assert.equal(transport.flushHeld(), true);
  assert.deepEqual(sockets[0].sent.map((bytes) => [...bytes]), [[2, 1], [2, 3]], 'the replaced input never went out');
  assert.equal(transport.flushHeld(), false, 'nothing held');
});
