// The replay page (replay.html): the client SDK runs the page, the game module says how the
// recorded game is drawn. Which game: `?game=ID`, default Arena (games/index.js).

import { startReplayPage } from '../sdk/index.js';
import { gameFromQuery } from '../games/index.js';

startReplayPage({ game: gameFromQuery(location.search) });
