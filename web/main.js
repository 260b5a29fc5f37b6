// The game page (index.html): the client SDK runs the page, the game module says what the
// game is. Which game: `?game=ID`, default Arena (games/index.js).

import { startGamePage } from './sdk/index.js';
import { gameFromQuery } from './games/index.js';

startGamePage({ game: gameFromQuery(location.search) });
