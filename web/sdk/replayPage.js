// The replay page of any game: `startReplayPage({ game })` without `?file=` lists the
// recordings (newest first); with one it opens a ReplaySession to /replay?file=NAME and
// connects the player bar (play / pause, speed, timeline with keyframe marks, follow), the
// read-only chat panel and the renderer with the game's sprites to it. The logic lives in
// the modules (replay/replaySession.js, timeline.js, speeds.js, recordingList.js); this file
// only connects them to the DOM and the clock. The element ids are web/replay.html's.
//
// `?autotest=1&report=URL` (with or without `file`: without, the newest recording) runs the
// scripted check in replay/replayAutotest.js and POSTs its report to URL (web/test/e2e/replay.test.js).
//
// `?live=ROOM` watches a running room instead, through /spectate (replay/live.js): the same
// session and renderer, the player bar reduced to "Follow" (a player, or the free camera,
// moved with the arrow keys or WASD); with `autotest=1` it runs replay/liveAutotest.js
// (web/test/e2e/spectate.test.js).

import { Transport } from '../net/transport.js';
import { Backoff } from '../net/backoff.js';
import { engineIOURL } from '../client/playURL.js';
import { collectPageErrors, postReport } from '../client/autotest.js';
import { Renderer } from '../render/renderer.js';
import { ScoreTable } from '../render/scoreTable.js';
import { ChatPanel } from '../render/chatPanel.js';
import { ChatBox } from '../client/chatBox.js';
import { ReplaySession } from '../replay/replaySession.js';
import { ReplayAutotestScript } from '../replay/replayAutotest.js';
import { SPEED_STEPS, speedLabel, stepSpeed } from '../replay/speeds.js';
import { keyframeMarks, positionLabel } from '../replay/timeline.js';
import { describeRecording, fetchRecordings, formatBytes, formatDate } from '../replay/recordingList.js';
import { liveRoom, spectateURLs, cameraDirection, moveCamera, worldMiddle } from '../replay/live.js';
import { LiveAutotestScript } from '../replay/liveAutotest.js';

const CONTROLS_REFRESH_MS = 100;

/**
 * Starts the replay page for `game` (a game module, web/SDK.md: its headless members and
 * `renderer`; a replay has no controls of the game) in this window's document.
 */
export function startReplayPage({ game }) {
  const byID = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const autotest = params.get('autotest') === '1';
  const pageErrors = autotest ? collectPageErrors(window) : [];

  const renderer = new Renderer(byID('game'), game.renderer);
  const ui = {
    recordings: byID('recordings'), recordingsStatus: byID('recordings-status'), list: byID('recording-list'),
    player: byID('player'), seek: byID('seek'), marks: byID('marks'), play: byID('play'), speed: byID('speed'),
    follow: byID('follow'), position: byID('position'), name: byID('recording-name'),
    status: byID('status'), statusText: byID('status-text'), statusBack: byID('status-back'),
  };
  const scoreTable = new ScoreTable(byID('scoreboard'), byID('scores'), Infinity, game.scoreColumns);

  let session = null;
  let script = null;
  /** While the timeline is dragged its value is the user's, not the replay's. */
  let dragging = false;
  let marksFor = null;
  let marksEnd = null;
  // What the renderer is told each frame, updated in place (no allocation per frame).
  const scene = { ownPlayer: null, nameOf: (player) => session.scoreboard.name(player), stick: null, dimmed: false };

  function showMessage(text, { final = false } = {}) {
    ui.status.hidden = text === '';
    ui.status.dataset.state = final ? 'closed' : 'connecting';
    if (ui.statusText.textContent !== text) ui.statusText.textContent = text;
    ui.statusBack.hidden = !final;
  }

  async function listRecordings() {
    ui.recordings.hidden = false;
    try {
      const entries = await fetchRecordings();
      ui.recordingsStatus.textContent = entries.length === 0
        ? 'No recordings yet: play a match on the game page, and it is recorded here.'
        : 'Pick a recording to watch it.';
      ui.list.replaceChildren(...entries.map((entry) => {
        const link = document.createElement('a');
        link.href = `replay.html?file=${encodeURIComponent(entry.name)}`;
        const columns = [['name', entry.name], ['what', describeRecording(entry)], ['when', formatDate(entry.modified)], ['size', formatBytes(entry.bytes)]];
        for (const [cls, text] of columns) {
          const span = document.createElement('span');
          span.className = cls;
          span.textContent = text;
          link.append(span);
        }
        const item = document.createElement('li');
        item.append(link);
        return item;
      }));
      return entries;
    } catch (error) {
      ui.recordingsStatus.textContent = `Could not load the recordings: ${error.message}`;
      return [];
    }
  }

  function watch(file) {
    ui.recordings.hidden = true;
    ui.player.hidden = false;
    ui.name.textContent = file;
    document.title = `${file} · ${game.name} replays`;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const transport = new Transport({
      url: `${scheme}://${location.host}/replay?file=${encodeURIComponent(file)}`,
      fallbackURL: engineIOURL({ protocol: location.protocol, host: location.host, search: '' }, { endpoint: 'replay', file }),
      backoff: new Backoff({ initialMs: 500, maxMs: 5000 }),
    });
    session = new ReplaySession({ transport, game });
    const chat = new ChatPanel({ root: byID('chat'), list: byID('chat-lines') }, new ChatBox({ readOnly: true }), session.chat);
    byID('chat').hidden = false;
    if (autotest) {
      script = new ReplayAutotestScript({ session });
      script.onDone = (report) => sendReport({
        ...report, file, errors: [...report.errors, ...pageErrors],
        chat: {
          shown: chat.shownLines(), inputs: byID('chat').querySelectorAll('input').length,
          caption: byID('chat').querySelector('.chat-caption')?.textContent ?? null,
        },
      });
    }
    session.onWelcome = (welcome) => {
      renderer.setGame(welcome);
      script?.welcomed(welcome);
    };
    connectControls();
    session.start();
    setInterval(refreshControls, CONTROLS_REFRESH_MS);
  }

  /** Watches running room `room` live: the bar keeps only Follow (players and the free camera). */
  function watchLive(room) {
    ui.recordings.hidden = true;
    ui.player.hidden = false;
    byID('timeline').hidden = true;
    ui.play.hidden = true;
    ui.speed.closest('label').hidden = true;
    ui.name.textContent = `Room ${room} · live`;
    document.title = `Room ${room} live · ${game.name}`;
    const { url, fallbackURL } = spectateURLs(location, room);
    const transport = new Transport({ url, fallbackURL, backoff: new Backoff({ initialMs: 500, maxMs: 5000 }) });
    session = new ReplaySession({ transport, game, live: true });
    new ChatPanel({ root: byID('chat'), list: byID('chat-lines') }, new ChatBox({ readOnly: true }), session.chat);
    byID('chat').hidden = false;
    byID('chat').querySelector('.chat-caption').textContent = 'Chat of the match · read-only';
    if (autotest) {
      script = new LiveAutotestScript({ session });
      script.onDone = (report) => sendReport({ ...report, room, errors: [...report.errors, ...pageErrors] });
    }
    session.onWelcome = (welcome) => {
      renderer.setGame(welcome);
    };
    ui.follow.addEventListener('change', () => {
      const player = Number(ui.follow.value);
      if (player === 0) startFreeCamera();
      else session.follow(player);
    });
    window.addEventListener('keydown', (event) => {
      if (event.target instanceof HTMLSelectElement || event.target instanceof HTMLInputElement) return;
      const direction = cameraDirection(event.code);
      const game = session.welcome?.game;
      if (!direction || !game) return;
      event.preventDefault();
      const from = session.cameraPoint ?? ownPosition() ?? worldMiddle(game);
      const to = moveCamera(from, direction, game);
      session.camera(to.x, to.y);
    });
    session.start();
    setInterval(refreshLive, CONTROLS_REFRESH_MS);
  }

  /** Where the followed player is on screen now, or null. */
  function ownPosition() {
    const own = session.view(performance.now())?.own;
    return own ? { x: Math.round(own.values[0]), y: Math.round(own.values[1]) } : null;
  }

  function startFreeCamera() {
    const game = session.welcome?.game;
    const from = ownPosition() ?? (game ? worldMiddle(game) : { x: 0, y: 0 });
    session.camera(from.x, from.y);
  }

  function refreshLive() {
    const status = session.status;
    const final = session.transport.state === 'closed';
    showMessage(session.statusText(), { final });
    ui.player.hidden = final && !status;
    if (!status || !session.timeline) return;
    const options = session.timeline.players.map((player) => new Option(player.name, String(player.id)));
    options.unshift(new Option('free camera (arrow keys)', '0'));
    const signature = options.map((o) => `${o.value}:${o.text}`).join('|');
    if (ui.follow.dataset.signature !== signature) {
      ui.follow.dataset.signature = signature;
      ui.follow.replaceChildren(...options);
    }
    if (document.activeElement !== ui.follow) ui.follow.value = String(status.followed);
    ui.position.textContent = `tick ${status.tick}`;
    refreshScores();
  }

  function connectControls() {
    ui.speed.replaceChildren(...SPEED_STEPS.map((quarters) => new Option(speedLabel(quarters), String(quarters))));
    ui.speed.value = '4';
    ui.speed.addEventListener('change', () => session.setSpeed(Number(ui.speed.value)));
    ui.play.addEventListener('click', () => {
      togglePlay();
      // Keep the keyboard on the page: a focused button would take the space bar a second time.
      ui.play.blur();
    });
    ui.follow.addEventListener('change', () => session.follow(Number(ui.follow.value)));
    ui.seek.addEventListener('input', () => {
      dragging = true;
      const status = session.status;
      if (status) ui.position.textContent = positionLabel(Number(ui.seek.value), status.endTick, session.timeline?.tickRate ?? 60);
    });
    ui.seek.addEventListener('change', () => {
      dragging = false;
      session.seek(Number(ui.seek.value));
    });
    window.addEventListener('keydown', (event) => {
      if (event.target instanceof HTMLSelectElement || event.target instanceof HTMLInputElement && event.target !== ui.seek) return;
      if (event.code === 'Space') {
        event.preventDefault();
        togglePlay();
      } else if (event.key === ']' || event.key === '[') {
        session.setSpeed(stepSpeed(session.status?.quarters ?? 4, event.key === ']' ? 1 : -1));
      }
    });
  }

  function togglePlay() {
    if (session.status?.paused) session.play();
    else session.pause();
  }

  /** Brings the bar up to the server's latest status (and the timeline's marks and players). */
  function refreshControls() {
    const now = performance.now();
    const status = session.status;
    const timeline = session.timeline;
    const final = session.transport.state === 'closed';
    showMessage(session.statusText(), { final });
    // A replay that never started (missing or damaged file) has no controls to show.
    ui.player.hidden = final && !status;
    if (!status || !timeline) return;
    ui.play.textContent = status.paused ? (status.tick >= status.endTick ? 'Replay' : 'Play') : 'Pause';
    if (document.activeElement !== ui.speed) ui.speed.value = String(status.quarters);
    // A running match's recording grows: its end (and so every mark's place) moves.
    if (marksFor !== timeline || marksEnd !== status.endTick) {
      marksFor = timeline;
      marksEnd = status.endTick;
      ui.seek.max = String(status.endTick);
      ui.marks.replaceChildren(...keyframeMarks(timeline.keyframeTicks, status.endTick).map((mark) => {
        const span = document.createElement('span');
        span.style.left = `${mark.percent}%`;
        span.title = `keyframe at tick ${mark.tick}`;
        return span;
      }));
    }
    ui.seek.max = String(status.endTick);
    const shown = session.shownTick(now);
    if (!dragging) {
      ui.seek.value = String(Math.round(shown));
      ui.position.textContent = positionLabel(shown, status.endTick, timeline.tickRate);
    }
    refreshFollow(status, timeline);
    refreshScores();
  }

  function refreshFollow(status, timeline) {
    const present = session.scoreboard.players;
    const options = timeline.players.map((player) => {
      const here = present.has(player.id);
      const option = new Option(`${player.name}${here ? '' : ' (not playing now)'}`, String(player.id));
      option.disabled = !here;
      return option;
    });
    if (status.followed === 0) options.unshift(new Option('nobody (the middle)', '0'));
    const signature = options.map((o) => `${o.value}:${o.text}:${o.disabled}`).join('|');
    if (ui.follow.dataset.signature !== signature) {
      ui.follow.dataset.signature = signature;
      ui.follow.replaceChildren(...options);
    }
    if (document.activeElement !== ui.follow) ui.follow.value = String(status.followed);
  }

  function refreshScores() {
    scoreTable.update(session.scoreboard.rows(), session.status?.followed);
  }

  function frame() {
    const now = performance.now();
    const view = session ? session.view(now) : null;
    script?.observe(now, view);
    scene.ownPlayer = session?.welcome?.playerID ?? null;
    scene.dimmed = session !== null && !session.connected;
    // The free camera: the renderer follows the chosen point instead of an entity.
    if (session?.cameraPoint && session.welcome?.playerID === 0) renderer.camera.lookAt(session.cameraPoint.x, session.cameraPoint.y);
    renderer.draw(view, scene);
    requestAnimationFrame(frame);
  }

  function sendReport(report) {
    const url = params.get('report');
    if (!url) return;
    postReport(url, report).catch((error) => pageErrors.push(`report not sent: ${error.message}`));
  }

  requestAnimationFrame(frame);

  const file = params.get('file');
  const room = liveRoom(location.search);
  if (room !== null) {
    watchLive(room);
  } else if (file) {
    watch(file);
  } else if (autotest) {
    listRecordings().then((entries) => {
      if (entries.length > 0) watch(entries[0].name);
      else sendReport({ failure: 'no recordings listed at /replays', errors: pageErrors });
    });
  } else {
    listRecordings();
  }
}
