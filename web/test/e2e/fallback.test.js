// The long-polling fallback in a real browser (issue 12): the page plays over Engine.IO where
// WebSocket does not work, and every view hash still matches.
//   (a) the page is loaded without `window.WebSocket` (autotest's `&websocket=off`): it joins
//       over polling, moves, shoots, verifies, and its carrier says long-polling;
//   (b) the server refuses every WebSocket upgrade (`--refuse-websocket`, as a network that
//       breaks them): a page that has WebSocket falls back to polling and plays, without a
//       reconnect loop.
// Needs `swift build` and Chromium, like browser.test.js.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  assertPlayedAndVerified, deadline, E2E_SKIP, launchChromium, screenshot, SCREENSHOTS, setUpBrowserTest, startGameServer, startReportServer,
} from '../../test-support/chromium.mjs';

const TOTAL_TIMEOUT_MS = 60_000;

async function playOnce(t, { serverArgs = [], pageQuery = '' }) {
  const run = setUpBrowserTest(t, 'arena-fallback-');
  const overall = deadline(TOTAL_TIMEOUT_MS, `the fallback test took longer than ${TOTAL_TIMEOUT_MS / 1000} s`);
  t.after(() => overall.cancel());
  run.game = startGameServer(['--no-record', '--drones', '16', '--log-level', 'info', ...serverArgs]);
  const port = await Promise.race([run.game.listening, overall]);
  run.reports = await startReportServer();
  const page = `http://127.0.0.1:${port}/?autotest=1${pageQuery}&report=${encodeURIComponent(run.reports.url('/'))}`;
  run.chrome = launchChromium(run.chromium, page, path.join(run.scratch, 'profile'));
  const report = await Promise.race([run.reports.report, run.chrome.exited, overall]);
  return { port, report, log: run.game.log, run, overall };
}

test('(a) a page without WebSocket plays over long-polling with every hash verified', { skip: E2E_SKIP, timeout: TOTAL_TIMEOUT_MS + 10_000 }, async (t) => {
  const { port, report, log, run, overall } = await playOnce(t, { pageQuery: '&websocket=off' });
  const context = `report: ${JSON.stringify(report, null, 2)}\nserver log:\n${log().slice(-2000)}`;
  assertPlayedAndVerified(report, `http://127.0.0.1:${port}/engine.io/`, context);
  assert.match(log(), /joined room \d+ as player \d+ 'autotest-\d+'/, context);
  // What the player sees over polling: the badge and the HUD name the transport.
  mkdirSync(SCREENSHOTS, { recursive: true });
  const sessionId = await run.chrome.devtools.attachToPage(`http://127.0.0.1:${port}/`);
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
