import { test } from 'node:test';
import assert from 'node:assert/strict';
import { playURL } from '../client/playURL.js';

test('ws:// from an http page, wss:// from an https page', () => {
  assert.equal(playURL({ protocol: 'http:', host: '127.0.0.1:8080', search: '' }), 'ws://127.0.0.1:8080/play');
  assert.equal(playURL({ protocol: 'https:', host: 'game.example.com', search: '' }), 'wss://game.example.com/play');
});

test("the page's token is passed on, and nothing else of its query", () => {
  const token = 'eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiQWRhIn0.c2ln-_';
  assert.equal(
    playURL({ protocol: 'https:', host: 'game.example.com:8443', search: `?autotest=1&token=${token}` }),
    `wss://game.example.com:8443/play?token=${token}`,
  );
  assert.equal(playURL({ protocol: 'http:', host: 'h', search: '?token=' }), 'ws://h/play');
  assert.equal(playURL({ protocol: 'http:', host: 'h', search: '?token=a%26b' }), 'ws://h/play?token=a%26b');
});

test('?server= points the page at another game server (a fleet member), and only a plain authority is taken', async () => {
  const { engineIOURL } = await import('../client/playURL.js');
  const page = (search) => ({ protocol: 'https:', host: 'play.example.com', search });
  assert.equal(playURL(page('?server=gs-7.example.com:7443')), 'wss://gs-7.example.com:7443/play');
  assert.equal(playURL(page('?server=10.0.0.7:7001&token=t')), 'wss://10.0.0.7:7001/play?token=t');
  assert.equal(playURL(page('?server=[2001:db8::7]:7001')), 'wss://[2001:db8::7]:7001/play');
  assert.equal(engineIOURL(page('?server=10.0.0.7:7001')), 'https://10.0.0.7:7001/engine.io/');
  for (const bad of ['evil.example.com/x', 'user@evil.example.com', 'h:99999', 'ws://h:1', '', 'h:', '-h', 'a b']) {
    assert.equal(playURL(page(`?server=${encodeURIComponent(bad)}`)), 'wss://play.example.com/play', bad);
  }
});
