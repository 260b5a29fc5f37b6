// Which game a page shows: the URL's ?game=, else the server's /game.json, else Arena.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gameForPage, gameFromQuery, games, DEFAULT_GAME } from '../games/index.js';

const never = async () => { throw new Error('fetched although the URL names the game'); };

test('the URL names the game: the server is not asked', async () => {
  assert.equal(await gameForPage('?game=arena', never), games.arena);
  await assert.rejects(gameForPage('?game=chess', never), /no game called "chess" \(known: arena, pitch\)/);
});

test('else the game the server plays', async () => {
  assert.equal(await gameForPage('', async () => ({ id: 'arena', name: 'Arena', version: 1 })), games.arena);
  await assert.rejects(gameForPage('?autotest=1', async () => ({ id: 'orbs', name: 'Orbs', version: 1 })),
    /the server plays "orbs", which this page has no client for \(known: arena, pitch\)/);
});

test('else the default: no answer, or one that names nothing', async () => {
  assert.equal(await gameForPage('', async () => { throw new Error('404'); }), games[DEFAULT_GAME]);
  assert.equal(await gameForPage('', async () => ({})), games[DEFAULT_GAME]);
  assert.equal(await gameForPage('', async () => ({ id: 7 })), games[DEFAULT_GAME]);
  assert.equal(gameFromQuery(''), games[DEFAULT_GAME]);
});
