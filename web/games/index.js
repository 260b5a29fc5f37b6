// The games this web root can show, by id. A page shows the game its URL names (`?game=ID`),
// else the one the server says it plays (`/game.json`, so `game-server --game NAME` needs no
// URL change), else Arena. The SDK never imports this file: only the page modules
// (main.js, replay/main.js) do.

import { arenaGame } from './arena/index.js';
import { pitchGame } from './pitch/index.js';

export const DEFAULT_GAME = 'arena';

export const games = Object.freeze({ [arenaGame.id]: arenaGame, [pitchGame.id]: pitchGame });

/** The game module a page's query string asks for (`?game=ID`), or the default; throws for an unknown id. */
export function gameFromQuery(search) {
  const id = new URLSearchParams(search).get('game') ?? DEFAULT_GAME;
  const game = Object.hasOwn(games, id) ? games[id] : undefined;
  if (game === undefined) throw new Error(`no game called "${id}" (known: ${Object.keys(games).join(', ')})`);
  return game;
}

/**
 * The game module for a page: `?game=ID` when given, else the server's game (`game.json`
 * beside the page), else the default when the server does not say (an older server, a file
 * served elsewhere). Rejects, naming the games this web root has, for a game it lacks.
 */
export async function gameForPage(search, fetchJSON = fetchGameJSON) {
  if (new URLSearchParams(search).has('game')) return gameFromQuery(search);
  let id = DEFAULT_GAME;
  try {
    const served = await fetchJSON();
    if (typeof served?.id === 'string' && served.id !== '') id = served.id;
  } catch {
    // No answer: the default game.
  }
  if (!Object.hasOwn(games, id)) {
    throw new Error(`the server plays "${id}", which this page has no client for (known: ${Object.keys(games).join(', ')})`);
  }
  return games[id];
}

async function fetchGameJSON() {
  const response = await fetch('game.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`game.json: HTTP ${response.status}`);
  return response.json();
}
