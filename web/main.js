// The game page (index.html): the client SDK runs the page, the game module says what the
// game is.

import { startGamePage } from './sdk/index.js';
import { arenaGame } from './games/arena/index.js';

startGamePage({ game: arenaGame });
