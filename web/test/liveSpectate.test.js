// Live spectating on the replay page (web/replay/live.js and ReplaySession's live mode):
// which room `?live=` names, the spectator socket and its Engine.IO fallback, the free
// camera's keys and bounds, the `camera` control on the wire, and a live session's
// reconnect asking only for what was looked at.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage, encodeMessage, encodeReplayControl } from '../wire/messages.js';
import { fakeTransport } from '../test-support/fakeTransport.mjs';
import { arenaGame } from '../games/arena/index.js';
import { ReplaySession } from '../replay/replaySession.js';
import { liveRoom, spectateURLs, cameraDirection, moveCamera, worldMiddle, CAMERA_STEP } from '../replay/live.js';

test('?live= names a room: a positive integer, or room 1 when bare; anything else is none', () => {
  assert.equal(liveRoom('?live=3'), 3);
  assert.equal(liveRoom('?live'), 1);
  assert.equal(liveRoom('?live='), 1);
  assert.equal(liveRoom('?file=a.rec'), null);
  assert.equal(liveRoom('?live=0'), null);
  assert.equal(liveRoom('?live=-2'), null);
  assert.equal(liveRoom('?live=abc'), null);
  assert.equal(liveRoom('?live=1234567890'), null);
});

test('the spectator socket follows the page (wss on https) and falls back to Engine.IO with endpoint=spectate', () => {
  assert.deepEqual(spectateURLs({ protocol: 'http:', host: 'h:8080', search: '?live=2' }, 2), {
    url: 'ws://h:8080/spectate?room=2',
    fallbackURL: 'http://h:8080/engine.io/?endpoint=spectate&room=2',
  });
  const secure = spectateURLs({ protocol: 'https:', host: 'game.example', search: '?live=1&token=T' }, 1);
  assert.equal(secure.url, 'wss://game.example/spectate?room=1');
  assert.equal(secure.fallbackURL, 'https://game.example/engine.io/?endpoint=spectate&room=1&token=T');
});

test('arrow keys and WASD move the free camera a step, inside the world', () => {
  const bounds = { worldMinX: -1000, worldMaxX: 1000, worldMinY: -500, worldMaxY: 500 };
  assert.deepEqual(cameraDirection('ArrowLeft'), [-1, 0]);
  assert.deepEqual(cameraDirection('KeyD'), [1, 0]);
  assert.deepEqual(cameraDirection('ArrowUp'), [0, -1], 'up the screen is toward smaller y');
  assert.deepEqual(cameraDirection('KeyS'), [0, 1]);
  assert.equal(cameraDirection('Space'), null);
  assert.deepEqual(moveCamera({ x: 0, y: 0 }, [1, 0], bounds), { x: CAMERA_STEP, y: 0 });
  assert.deepEqual(moveCamera({ x: 950, y: -480 }, [1, -1], bounds), { x: 1000, y: -500 });
  assert.deepEqual(moveCamera({ x: 0.4, y: 0 }, [0, 1], bounds, 10.2), { x: 0, y: 10 });
  assert.deepEqual(worldMiddle({ worldMinX: 0, worldMaxX: 4001, worldMinY: -10, worldMaxY: 10 }), { x: 2001, y: 0 });
});

test('camera controls round-trip in two\'s complement, and action 6 is not a control', () => {
  for (const [x, y] of [[0, 0], [-1, 1], [-2147483648, 2147483647], [-1500000, 2000001]]) {
    const bytes = encodeReplayControl({ action: 'camera', x, y });
    assert.equal(bytes.length, 10);
    assert.deepEqual(decodeMessage(bytes, 'replayControl').value, { action: 'camera', x, y });
  }
  assert.throws(() => decodeMessage(new Uint8Array([0x05, 0x06]), 'replayControl'));
});

function liveSetup() {
  const { transport, sockets, clock, timers, receive } = fakeTransport('ws://example.test/spectate?room=1');
  const session = new ReplaySession({ transport, game: arenaGame, now: () => clock.now, live: true });
  const sent = () => sockets.at(-1).sent.map((bytes) => decodeMessage(bytes).value);
  session.start();
  sockets[0].onopen();
  return { session, sockets, timers, receive, sent };
}

test('a live session says it waits for the match, sends follow and camera, and a reconnect asks only for them again', () => {
  const { session, sockets, timers, receive, sent } = liveSetup();
  assert.match(session.statusText(), /Waiting for the match/);
  session.follow(2);
  session.camera(10.4, -20.6);
  assert.deepEqual(sent(), [{ action: 'follow', player: 2 }, { action: 'camera', x: 10, y: -21 }]);
  assert.deepEqual(session.cameraPoint, { x: 10, y: -21 });
  receive(encodeMessage('replayStatus', { tick: 900, endTick: 900, paused: false, quarters: 4, followed: 0, timeline: null }));
  sockets[0].onclose({ code: 1006, reason: '' });
  timers.at(-1).fn();
  sockets.at(-1).onopen();
  assert.deepEqual(sent(), [{ action: 'camera', x: 10, y: -21 }], 'no seek, speed or pause on a live room');
  session.follow(3);
  assert.equal(session.cameraPoint, null, 'following a player leaves the free camera');
  receive(encodeMessage('replayStatus', { tick: 950, endTick: 950, paused: false, quarters: 4, followed: 3, timeline: null }));
  sockets.at(-1).onclose({ code: 1006, reason: '' });
  timers.at(-1).fn();
  sockets.at(-1).onopen();
  assert.deepEqual(sent(), [{ action: 'follow', player: 3 }]);
});
