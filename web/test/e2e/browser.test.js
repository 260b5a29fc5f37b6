// End to end in a real browser: starts the debug game server on a free port, opens the page
// in headless Chromium in its autotest mode (web/client/autotest.js), which joins, holds
// right and down for two seconds, shoots, and POSTs a report to a small HTTP server run
// here. The player must have moved, hashes must have been checked with no mismatch, and the
// page must have seen no error. Then screenshots of the live game are taken through the
// DevTools protocol (over --remote-debugging-pipe, so no WebSocket client is needed) at
// desktop and phone sizes, into web/test/screenshots/ (git-ignored).
//
// Needs `swift build` (for .build/debug/game-server) and Debian's `chromium` package (or
// CHROMIUM=/path/to/chrome). CI has both, so a missing one fails the test; set E2E_SKIP=1
// to skip it locally. The helpers are shared with twoTabs.test.js (web/test-support/).

import { test } from 'node:test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  assertPlayedAndVerified, deadline, E2E_SKIP, launchChromium, screenshot, SCREENSHOTS, setUpBrowserTest, startGameServer, startReportServer,
} from '../../test-support/chromium.mjs';

const TOTAL_TIMEOUT_MS = 60_000;



test('the page joins, moves, shoots and verifies every hash in headless Chromium', { skip: E2E_SKIP, timeout: TOTAL_TIMEOUT_MS + 10_000 }, async (t) => {
  const run = setUpBrowserTest(t, 'arena-e2e-');
  const { chromium, scratch } = run;
  const overall = deadline(TOTAL_TIMEOUT_MS, `the end-to-end test took longer than ${TOTAL_TIMEOUT_MS / 1000} s`);
  t.after(() => overall.cancel());

  // Fewer drones than the default 48: they flock to players, and a player rammed to death
  // during the script could neither move nor shoot.
  run.game = startGameServer([
    '--record-dir', path.join(scratch, 'recordings'), '--drones', '16', '--log-level', 'warning',
  ]);
  const port = await Promise.race([run.game.listening, overall]);

  run.reports = await startReportServer();
  const page = `http://127.0.0.1:${port}/?autotest=1&report=${encodeURIComponent(run.reports.url('/'))}`;
  run.chrome = launchChromium(chromium, page, path.join(scratch, 'profile'));
  const { devtools } = run.chrome;

  const report = await Promise.race([run.reports.report, run.chrome.exited, overall]);
  const context = `report: ${JSON.stringify(report, null, 2)}\nserver log:\n${run.game.log().slice(-2000)}`;
  assertPlayedAndVerified(report, `ws://127.0.0.1:${port}/play`, context);

  mkdirSync(SCREENSHOTS, { recursive: true });
  const sessionId = await devtools.attachToPage(`http://127.0.0.1:${port}/`);
  await Promise.race([
    (async () => {
      await screenshot(devtools, sessionId, path.join(SCREENSHOTS, 'run.game.png'), { width: 1024, height: 768, scale: 1, mobile: false });
      await screenshot(devtools, sessionId, path.join(SCREENSHOTS, 'game-phone.png'), { width: 360, height: 640, scale: 2, mobile: true });
    })(),
    overall,
  ]);
});
