// Pitch is in the games registry: `?game=pitch` (or a server playing Pitch) shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gameFromQuery, gameForPage, games } from '../games/index.js';
import { pitchGame } from '../games/pitch/index.js';

test('the registry has Pitch', async () => {
  assert.equal(games.pitch, pitchGame);
  assert.equal(gameFromQuery('?game=pitch'), pitchGame);
  assert.equal(await gameForPage('', async () => ({ id: 'pitch', name: 'Pitch', version: 1 })), pitchGame);
});
