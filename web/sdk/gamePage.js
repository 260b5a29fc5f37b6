// The game page of any game: `startGamePage({ game })` wires the start form, the session over
// a WebSocket to this page's own host (long-polling when WebSocket is out of reach), the
// game's controls, the renderer with the game's sprites, the HUD, the chat panel and the
// connection banner. Everything with logic lives in the modules; this file only connects
// them to the DOM and the clock. What the page needs from the game is the game module
// (web/SDK.md); the page's element ids are the ones web/index.html has.
//
// `?autotest=1&report=URL` plays a short scripted game and POSTs a report to URL (see
// client/autotest.js); the end-to-end browser test uses it. `&script=pair` plays the
// two-tab script instead (client/pairAutotest.js, for web/test/e2e/twoTabs.test.js), and
// `&script=watch` watches another autotest page (client/watchAutotest.js, fallback.test.js).

import { Transport } from '../net/transport.js';
import { GameSession } from '../client/session.js';
import { AutotestScript, collectPageErrors, postReport } from '../client/autotest.js';
import { PairAutotestScript } from '../client/pairAutotest.js';
import { WatchAutotestScript } from '../client/watchAutotest.js';
import { randomName } from '../client/names.js';
import { Renderer } from '../render/renderer.js';
import { Hud } from '../render/hud.js';
import { StatusBanner } from '../render/statusBanner.js';
import { ChatBox } from '../client/chatBox.js';
import { ChatPanel } from '../render/chatPanel.js';
import { playURL, engineIOURL } from '../client/playURL.js';

const INPUT_POLL_MS = 4;
const HUD_REFRESH_MS = 250;

/**
 * Starts the game page for `game` (a game module, web/SDK.md) in this window's document.
 * Returns nothing: the page runs until the tab closes.
 */
/**
 * Puts the game's name and its controls' help (`game.help`: { keys, touch }) on the page, so
 * one index.html serves every game.
 */
export function showGame(document, game) {
  document.title = game.name;
  const heading = document.querySelector('#start h1');
  if (heading) heading.textContent = game.name;
  const canvas = document.getElementById('game');
  if (canvas) canvas.setAttribute('aria-label', `${game.name}: the game`);
  for (const kind of ['keys', 'touch']) {
    const line = document.querySelector(`#start .help.${kind}`);
    if (line && game.help?.[kind]) line.textContent = game.help[kind];
  }
}

export function startGamePage({ game }) {
  // Preferences are kept per game (Arena's keys are those it always had: arena.name, arena.hud).
  const nameKey = `${game.id}.name`;
  const byID = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const autotest = params.get('autotest') === '1';
  const pageErrors = autotest ? collectPageErrors(window) : [];
  const storage = safeStorage();
  // `&websocket=off` (autotest only): the page as a browser without WebSocket sees it, for the polling e2e test.
  if (autotest && params.get('websocket') === 'off') delete window.WebSocket;

  showGame(document, game);
  const canvas = byID('game');
  const renderer = new Renderer(canvas, game.renderer);
  const controls = game.createControls({ keyTarget: window, surface: canvas });
  const hud = new Hud({
    panel: byID('hud'), list: byID('hud-stats'), button: byID('hud-button'),
    board: byID('scoreboard'), scores: byID('scores'), feed: byID('feed'),
  }, storage, `${game.id}.hud`, game.scoreColumns);

  let session = null;
  let script = null;
  let chatBox = null;
  let chatPanel = null;
  const banner = new StatusBanner(
    { banner: byID('status'), text: byID('status-text'), retry: byID('status-retry'), badge: byID('connection') },
    () => session?.transport.retryNow(),
  );
  // What the renderer is told each frame, updated in place (no allocation per frame).
  const scene = { ownPlayer: null, nameOf: (player) => session.scoreboard.name(player), stick: null, dimmed: false };

  function play(name) {
    const transport = new Transport({ url: playURL(location), fallbackURL: engineIOURL(location) });
    session = new GameSession({ transport, game, name });
    session.onStateChange = () => {
      if (session.welcome) renderer.setGame(session.welcome);
      if (!session.playing) controls.release();
    };
    startChat();
    if (autotest) {
      // The scripts chat as a player would: through the chat box, so the rate and the rules apply.
      const say = (text) => chatBox.submit(text, performance.now()).type === 'sent';
      switch (params.get('script')) {
        case 'pair':
          script = new PairAutotestScript({ session, epochOffsetMs: performance.timeOrigin, say });
          break;
        case 'watch':
          script = new WatchAutotestScript({ session });
          break;
        default:
          script = new AutotestScript({ session, say });
      }
      script.onDone = (report) => sendReport({
        ...report, chatShown: chatPanel.shownLines(), errors: [...report.errors, ...pageErrors],
      });
    }
    session.start();
    setInterval(tickInputs, INPUT_POLL_MS);
    setInterval(refreshHud, HUD_REFRESH_MS);
    refreshHud();
  }

  function startChat() {
    chatBox = new ChatBox({ send: (text) => session.sendChat(text) });
    chatPanel = new ChatPanel({
      root: byID('chat'), list: byID('chat-lines'), notice: byID('chat-notice'), form: byID('chat-form'),
      input: byID('chat-input'), counter: byID('chat-count'), button: byID('chat-button'),
    }, chatBox, session.chat, { keyTarget: window, onOpen: () => controls.release() });
    byID('chat').hidden = false;
    byID('chat-button').hidden = false;
  }

  function tickInputs() {
    const now = performance.now();
    const intent = script ? script.intent(now) : controls.read(playerOnScreen());
    session.update(now, intent);
  }

  /** The camera follows the player's own entity, so it is drawn at the canvas's centre. */
  function playerOnScreen() {
    return session.ownEntity ? { x: renderer.camera.width / 2, y: renderer.camera.height / 2 } : null;
  }

  function frame() {
    const now = performance.now();
    const view = session ? session.view(now) : null;
    script?.observe?.(now, view);
    scene.ownPlayer = session?.welcome?.playerID ?? null;
    scene.stick = controls.stick ?? null;
    scene.dimmed = session !== null && !session.playing;
    renderer.draw(view, scene);
    requestAnimationFrame(frame);
  }

  function refreshHud() {
    const now = performance.now();
    banner.show(session.state, session.statusText(now), session.transport.carrier);
    const stats = { ...session.stats(now), starvedFrames: session.clock?.starvedFrames ?? null };
    hud.update(stats, session.scoreboard.rows(), session.welcome?.playerID ?? null, session.feed);
  }

  function sendReport(report) {
    const url = params.get('report');
    if (!url) return;
    postReport(url, report).catch((error) => pageErrors.push(`report not sent: ${error.message}`));
  }

  window.addEventListener('keydown', (event) => {
    if (event.target instanceof HTMLInputElement) return;
    if (event.code === 'KeyH' || event.code === 'F3') {
      event.preventDefault();
      hud.toggle();
    }
  });
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) controls.release();
  });

  requestAnimationFrame(frame);

  if (autotest) {
    hud.setVisible(true);
    play(`autotest-${Math.floor(Math.random() * 1000)}`);
  } else {
    const form = byID('start');
    const input = byID('name');
    input.value = storage?.getItem(nameKey) || randomName();
    form.hidden = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const name = input.value.trim() || randomName();
      storage?.setItem(nameKey, name);
      form.hidden = true;
      input.blur();
      play(name);
    });
  }
}

function safeStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
