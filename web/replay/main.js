// The replay page (replay.html): the client SDK runs the page, the game module says how the
// recorded game is drawn. Which game: `?game=ID`, else the server's (`/game.json`), else Arena (games/index.js).

import { startReplayPage } from '../sdk/index.js';
import { gameForPage } from '../games/index.js';

startReplayPage({ game: await gameForPage(location.search) });
