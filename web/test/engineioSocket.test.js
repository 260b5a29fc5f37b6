// EngineIOSocket (web/net/engineioSocket.js) over a fake fetch, a fake WebSocket and fake
// timers: the handshake and its query, binary messages both ways, batching while a POST is
// in flight (and bufferedAmount meanwhile), ping/pong, the ping time-out, the server's close
// packet with its code and reason, the upgrade and a failed probe that stays on polling, a
// 400 that ends the session, and close() sending the close packet.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineIOSocket, OPEN, CLOSED } from '../net/engineioSocket.js';
import { encodePayload, decodePayload } from '../net/engineio.js';
import { FakeTimers } from '../test-support/fakeTimers.mjs';

const OPEN_PACKET = '0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';
const settle = () => new Promise((resolve) => setImmediate(resolve));

class FakeFetch {
  constructor() {
    this.requests = [];
    this.fn = (url, init) => new Promise((resolve, reject) => {
      const request = {
        url: new URL(url), method: init.method, body: init.body, headers: init.headers, signal: init.signal,
        answer: (status, text = '') => resolve({ ok: status >= 200 && status < 300, status, text: async () => text }),
        fail: (message) => reject(new TypeError(message)),
      };
      init.signal?.addEventListener?.('abort', () => reject(new DOMException('aborted', 'AbortError')));
      this.requests.push(request);
    });
  }

  /** Requests not answered yet, of a method. */
  pending(method) {
    return this.requests.filter((request) => request.method === method && !request.done);
  }

  /** Answers the oldest open request of `method`. */
  async answer(method, status, text) {
    const request = this.pending(method)[0];
    assert.ok(request, `no ${method} in flight`);
    request.done = true;
    request.answer(status, text);
    await settle();
    return request;
  }
}


class FakeWebSocket {
  static made = [];

  constructor(url) {
    this.url = url;
    this.sent = [];
    this.readyState = 0;
    this.bufferedAmount = 0;
    FakeWebSocket.made.push(this);
  }

  send(data) {
    this.sent.push(typeof data === 'string' ? data : [...data]);
  }

  close() {
    this.closed = true;
    this.readyState = 3;
  }

  open() {
    this.readyState = 1;
    this.onopen?.();
  }

  receive(data) {
    this.onmessage?.({ data });
  }
}

function setup(options = {}) {
  FakeWebSocket.made = [];
  const fetch = new FakeFetch();
  const timers = new FakeTimers();
  const socket = new EngineIOSocket('http://game.test/engine.io/?token=t0k', {
    fetch: fetch.fn, WebSocket: FakeWebSocket, timers, cacheBuster: () => 'cb', ...options,
  });
  const log = [];
  socket.onopen = () => log.push('open');
  socket.onmessage = (event) => log.push(['message', typeof event.data === 'string' ? event.data : [...new Uint8Array(event.data)]]);
  socket.onerror = (event) => log.push(['error', event.message]);
  socket.onclose = (event) => log.push(['close', event.code, event.reason, event.wasClean]);
  return { socket, fetch, timers, log };
}

async function opened(options) {
  const context = setup(options);
  await context.fetch.answer('GET', 200, OPEN_PACKET);
  return context;
}

test('the handshake asks for protocol 4 over polling with the endpoint\'s query, then long-polls by sid', async () => {
  const { socket, fetch, log } = setup({ WebSocket: null });
  assert.equal(socket.readyState, 0);
  const handshake = fetch.requests[0].url;
  assert.equal(handshake.pathname, '/engine.io/');
  assert.deepEqual(Object.fromEntries(handshake.searchParams), { token: 't0k', EIO: '4', transport: 'polling', t: 'cb' });
  await fetch.answer('GET', 200, `${OPEN_PACKET}\u001eb${Buffer.from([0x81, 1]).toString('base64')}`);
  assert.equal(socket.readyState, OPEN);
  assert.equal(socket.sid, 'abc');
  assert.equal(socket.transport, 'polling');
  assert.deepEqual(log, ['open', ['message', [0x81, 1]]]);
  const poll = fetch.pending('GET');
  assert.equal(poll.length, 1, 'exactly one long-poll in flight');
  assert.deepEqual(Object.fromEntries(poll[0].url.searchParams), { EIO: '4', transport: 'polling', sid: 'abc' });
  await fetch.answer('GET', 200, encodePayload([{ type: 'binary', data: Uint8Array.of(0x82, 9) }, { type: 'noop' }]));
  assert.deepEqual(log.at(-1), ['message', [0x82, 9]]);
  assert.equal(fetch.pending('GET').length, 1, 'the next long-poll follows at once');
});

test('sends are batched into one POST while one is in flight, and bufferedAmount counts them', async () => {
  const { socket, fetch } = await opened({ WebSocket: null });
  assert.throws(() => setup().socket.send(Uint8Array.of(1)), /still connecting/);
  socket.send(Uint8Array.of(2, 1));
  assert.equal(fetch.pending('POST').length, 1);
  assert.equal(socket.bufferedAmount, 0, 'the POSTed message is no longer queued');
  socket.send(Uint8Array.of(2, 2, 2));
  socket.send(new Uint8Array([3, 3, 3, 3]).buffer);
  assert.equal(fetch.pending('POST').length, 1, 'never two POSTs at once');
  assert.equal(socket.bufferedAmount, 7);
  const first = await fetch.answer('POST', 200, 'ok');
  assert.equal(first.headers['Content-Type'], 'text/plain;charset=UTF-8');
  assert.deepEqual(decodePayload(first.body), [{ type: 'binary', data: Uint8Array.of(2, 1) }]);
  const second = fetch.pending('POST');
  assert.equal(second.length, 1);
  assert.deepEqual(decodePayload(second[0].body), [
    { type: 'binary', data: Uint8Array.of(2, 2, 2) }, { type: 'binary', data: Uint8Array.of(3, 3, 3, 3) },
  ]);
  assert.equal(socket.bufferedAmount, 0);
});

test('a ping is answered with a pong, and pings keep the session alive', async () => {
  const { socket, fetch, timers, log } = await opened({ WebSocket: null });
  timers.advance(40_000);
  await fetch.answer('GET', 200, '2');
  assert.equal(fetch.pending('POST')[0].body, '3');
  timers.advance(40_000);
  assert.equal(socket.readyState, OPEN, 'the ping restarted the time-out');
  assert.ok(!log.some((entry) => entry[0] === 'close'));
});

test('no ping for pingInterval + pingTimeout: the server is considered gone', async () => {
  const { socket, timers, log } = await opened({ WebSocket: null });
  timers.advance(44_999);
  assert.equal(socket.readyState, OPEN);
  timers.advance(1);
  await settle();
  assert.equal(socket.readyState, CLOSED);
  assert.deepEqual(log.slice(-2), [['error', 'ping timeout'], ['close', 1006, 'ping timeout', false]]);
});

test('the server\'s close packet ends the session with the code and reason before it', async () => {
  const { socket, fetch, log } = await opened({ WebSocket: null });
  await fetch.answer('GET', 200, '4{"close":4005,"reason":"kicked: spamming"}\u001e1');
  await settle();
  assert.equal(socket.readyState, CLOSED);
  assert.deepEqual(log.at(-1), ['close', 4005, 'kicked: spamming', true]);
  assert.equal(fetch.pending('GET').length, 0, 'no long-poll after the close');
});

test('a 400 (a session the server dropped) ends the session with an error and 1006', async () => {
  const { socket, fetch, log } = await opened({ WebSocket: null });
  await fetch.answer('GET', 400, '{"code":1,"message":"Session ID unknown"}');
  await settle();
  assert.equal(socket.readyState, CLOSED);
  assert.match(log.at(-2)[1], /^long-poll failed: HTTP 400: .*Session ID unknown/);
  assert.deepEqual(log.at(-1).slice(0, 2), ['close', 1006]);
  assert.equal(log.at(-1)[3], false);
});

test('a refused handshake (404: no Engine.IO here) is an error, then a close, never an open', async () => {
  const { fetch, log } = setup();
  await fetch.answer('GET', 404, 'not found');
  await settle();
  assert.deepEqual(log, [['error', 'handshake failed: HTTP 404: not found'], ['close', 1006, 'handshake failed: HTTP 404: not found', false]]);
});

test('close() POSTs the close packet (after the one in flight) and reports a clean close', async () => {
  const { socket, fetch, log } = await opened({ WebSocket: null });
  socket.send(Uint8Array.of(1));
  socket.close(4900, 'the client lost track');
  await settle();
  assert.deepEqual(log.at(-1), ['close', 4900, 'the client lost track', true]);
  await fetch.answer('POST', 200, 'ok');
  assert.equal(fetch.pending('POST')[0].body, '1');
});

test('upgrade: probe, then 5, then packets travel as WebSocket frames', async () => {
  const { socket, fetch, log } = await opened();
  const ws = FakeWebSocket.made[0];
  assert.equal(ws.url, 'ws://game.test/engine.io/?EIO=4&transport=websocket&sid=abc');
  assert.equal(ws.binaryType, 'arraybuffer');
  ws.open();
  assert.deepEqual(ws.sent, ['2probe']);
  socket.send(Uint8Array.of(7));
  assert.equal(fetch.pending('POST').length, 1);
  ws.receive('3probe');
  assert.equal(socket.transport, 'polling', 'waits for the POST in flight');
  socket.send(Uint8Array.of(8));
  assert.equal(fetch.pending('POST').length, 1, 'paused: nothing new is POSTed');
  await fetch.answer('POST', 200, 'ok');
  assert.equal(socket.transport, 'websocket');
  assert.deepEqual(ws.sent, ['2probe', '5', [8]], 'the upgrade, then what waited');
  await fetch.answer('GET', 200, '6');
  assert.equal(fetch.pending('GET').length, 0, 'no more long-polls');
  ws.receive('2');
  assert.equal(ws.sent.at(-1), '3');
  ws.receive(Uint8Array.of(0x83, 5).buffer);
  assert.deepEqual(log.at(-1), ['message', [0x83, 5]]);
  socket.send(Uint8Array.of(9));
  assert.deepEqual(ws.sent.at(-1), [9]);
  ws.bufferedAmount = 300;
  assert.equal(socket.bufferedAmount, 300);
  ws.receive('4{"close":4003,"reason":"too slow"}');
  ws.receive('1');
  await settle();
  assert.deepEqual(log.at(-1), ['close', 4003, 'too slow', true]);
  assert.ok(ws.closed);
});

test('a failed probe stays on polling, without a reconnect, and is tried again later', async () => {
  const { socket, fetch, timers, log } = await opened({ upgradeRetryMs: 10_000 });
  const ws = FakeWebSocket.made[0];
  ws.onclose({ code: 1006, reason: '' });
  assert.equal(socket.readyState, OPEN);
  assert.equal(socket.transport, 'polling');
  assert.equal(socket.upgradeFailures, 1);
  assert.equal(fetch.pending('GET').length, 1, 'still long-polling');
  socket.send(Uint8Array.of(4));
  assert.equal(fetch.pending('POST').length, 1);
  timers.advance(10_000);
  assert.equal(FakeWebSocket.made.length, 2, 'a second probe after the wait');
  FakeWebSocket.made[1].open();
  timers.advance(5000);
  assert.equal(socket.upgradeFailures, 2, 'an unanswered probe fails by its time-out');
  timers.advance(19_999);
  assert.equal(FakeWebSocket.made.length, 2, 'the wait doubles');
  timers.advance(1);
  assert.equal(FakeWebSocket.made.length, 3);
  assert.deepEqual(log, ['open']);
});

test('a probe answered with anything but 3probe fails too', async () => {
  const { socket } = await opened();
  const ws = FakeWebSocket.made[0];
  ws.open();
  ws.receive('3nope');
  assert.equal(socket.transport, 'polling');
  assert.ok(ws.closed);
});
