// The game page (index.html): the client SDK runs the page, the game module says what the
// game is. Which game: `?game=ID`, else the server's (`/game.json`), else Arena (games/index.js).

import { startGamePage } from './sdk/index.js';
import { gameForPage } from './games/index.js';

startGamePage({ game: await gameForPage(location.search) });
