// The long-polling fallback in a real browser (issue 12): the page plays over Engine.IO where
// WebSocket does not work, and every view hash still matches.
//   (a) the page is loaded without `window.WebSocket` (autotest's `&websocket=off`): it joins
//       over polling, says a line of chat, moves, shoots, verifies, and its carrier says
//       long-polling; a second page on WebSocket in the same room, joined first (the
//       watch script, client/watchAutotest.js), sees the polling player move and lists its
//       chat line under its name;
//   (b) the server refuses every WebSocket upgrade (`--refuse-websocket`, as a network that
//       breaks them): a page that has WebSocket falls back to polling and plays, without a
//       reconnect loop.
// Needs `swift build` and Chromium, like browser.test.js.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AUTOTEST_CHAT } from '../../client/autotest.js';
import { UNITS_PER_WORLD_UNIT } from '../../games/arena/rules.js';
import {
  assertPlayedAndVerified, deadline, E2E_SKIP, launchChromium, screenshot, SCREENSHOTS, setUpBrowserTest, startGameServer, startReportServer,
} from '../../test-support/chromium.mjs';

const TOTAL_TIMEOUT_MS = 60_000;

/** How far (simulation units) the watching page must see the polling player go: 100 world units. */
const WATCHED_MOVE = 100 * UNITS_PER_WORLD_UNIT;

/**
 * Plays the autotest page once; with `watcher`, a watching page on WebSocket joins first
 * (the server logs its join) and the autotest page follows in a window of its own.
 */
async function playOnce(t, { serverArgs = [], pageQuery = '', watcher = false }) {
  const run = setUpBrowserTest(t, 'arena-fallback-');
  const overall = deadline(TOTAL_TIMEOUT_MS, `the fallback test took longer than ${TOTAL_TIMEOUT_MS / 1000} s`);
  t.after(() => overall.cancel());
  run.game = startGameServer(['--no-record', '--drones', '16', '--log-level', 'info', ...serverArgs]);
  const port = await Promise.race([run.game.listening, overall]);
  run.reports = await startReportServer();
  const page = `http://127.0.0.1:${port}/?autotest=1${pageQuery}&report=${encodeURIComponent(run.reports.url('/'))}`;
  let watched = null;
  if (watcher) {
    const watchPage = `http://127.0.0.1:${port}/?autotest=1&script=watch&report=${encodeURIComponent(run.reports.url('/watch'))}`;
    run.chrome = launchChromium(run.chromium, watchPage, path.join(run.scratch, 'profile'));
    await Promise.race([logMatch(run.game.log, /joined room \d+ as player \d+ 'autotest-/), run.chrome.exited, overall]);
    // A window of its own: a background tab would get no animation frames.
    await Promise.race([run.chrome.devtools.send('Target.createTarget', { url: page, newWindow: true }), run.chrome.exited, overall]);
    watched = run.reports.reportAt('/watch');
  } else {
    run.chrome = launchChromium(run.chromium, page, path.join(run.scratch, 'profile'));
  }
  const report = await Promise.race([run.reports.report, run.chrome.exited, overall]);
  const watch = watched && await Promise.race([watched, run.chrome.exited, overall]);
  return { port, report, watch, log: run.game.log, run, overall };
}

/** Resolves once the server's log matches `pattern` (polled). */
async function logMatch(log, pattern) {
  while (!pattern.test(log())) await new Promise((resolve) => setTimeout(resolve, 50));
}

test('(a) a page without WebSocket plays over long-polling with every hash verified', { skip: E2E_SKIP, timeout: TOTAL_TIMEOUT_MS + 10_000 }, async (t) => {
  // Players spawn near the centre (spawnSpread), so the watching page has the polling one in view.
  const { port, report, watch, log, run, overall } = await playOnce(t, {
    pageQuery: '&websocket=off', watcher: true, serverArgs: ['--setting', 'spawnSpread=60'],
  });
  const context = `report: ${JSON.stringify(report, null, 2)}\nwatching page: ${JSON.stringify(watch, null, 2)}\n` +
    `server log:\n${log().slice(-2000)}`;
  assertPlayedAndVerified(report, `http://127.0.0.1:${port}/engine.io/`, context);
  assert.match(log(), /joined room \d+ as player \d+ 'autotest-\d+'/, context);
  assert.equal(report.chatSent, true, context);

  // The page on WebSocket saw the polling player move and heard it.
  t.diagnostic(`the WebSocket page saw the polling player on ${watch.framesSeen} frames, ${(watch.farthest / UNITS_PER_WORLD_UNIT).toFixed(0)} world units from where it was first seen`);
  assert.equal(watch.failure, null, context);
  assert.equal(watch.transportURL, `ws://127.0.0.1:${port}/play`, context);
  assert.equal(watch.watchedPlayer, report.playerID, `the WebSocket page watched someone else\n${context}`);
  assert.ok(watch.farthest >= WATCHED_MOVE, `the WebSocket page did not see the polling player move\n${context}`);
  assert.ok(watch.chatShown.some((line) => line.name === report.name && line.text === AUTOTEST_CHAT && !line.own),
    `the WebSocket page's chat panel does not list the polling player's line\n${context}`);
  assert.deepEqual(watch.errors, [], context);
  assert.equal(watch.hashMismatches, 0, context);

  // What the player sees over polling: the badge and the HUD name the transport.
  mkdirSync(SCREENSHOTS, { recursive: true });
  const sessionId = await run.chrome.devtools.attachToPage(`http://127.0.0.1:${port}/?autotest=1&websocket=off`);
  await Promise.race([
    screenshot(run.chrome.devtools, sessionId, path.join(SCREENSHOTS, 'game-polling.png'), { width: 1024, height: 768, scale: 1, mobile: false }),
    overall,
  ]);
});

test('(b) with every WebSocket upgrade refused, the page falls back to polling and plays', { skip: E2E_SKIP, timeout: TOTAL_TIMEOUT_MS + 10_000 }, async (t) => {
  const { port, report, log } = await playOnce(t, { serverArgs: ['--refuse-websocket'] });
  const context = `report: ${JSON.stringify(report, null, 2)}\nserver log:\n${log().slice(-2000)}`;
  assertPlayedAndVerified(report, `http://127.0.0.1:${port}/engine.io/`, context);
  // One player joined, once: the refused upgrades did not become a reconnect loop.
  assert.equal(log().match(/joined room \d+ as player/g)?.length, 1, context);
});
