// The replay page (replay.html): the client SDK runs the page, the game module says how the
// recorded game is drawn.

import { startReplayPage } from '../sdk/index.js';
import { arenaGame } from '../games/arena/index.js';

startReplayPage({ game: arenaGame });
