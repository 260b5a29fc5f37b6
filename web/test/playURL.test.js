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
