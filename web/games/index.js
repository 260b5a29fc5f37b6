// The games this web root can show, by id. The pages pick one with `?game=ID` (the default
// is Arena, the only game so far); a later step lets the server's welcome name it. The SDK
// never imports this file: only the page modules (main.js, replay/main.js) do.

import { arenaGame } from './arena/index.js';

export const DEFAULT_GAME = 'arena';

export const games = Object.freeze({ [arenaGame.id]: arenaGame });

/** The game module a page's query string asks for (`?game=ID`), or the default; throws for an unknown id. */
export function gameFromQuery(search) {
  const id = new URLSearchParams(search).get('game') ?? DEFAULT_GAME;
  const game = Object.hasOwn(games, id) ? games[id] : undefined;
  if (game === undefined) throw new Error(`no game called "${id}" (known: ${Object.keys(games).join(', ')})`);
  return game;
}
