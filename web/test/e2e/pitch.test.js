// The second game in a real browser: `game-server --game pitch`, the same page and SDK, the
// page finding the game at /game.json. The autotest script joins and holds right and down;
// alone on the pitch the player is in the waiting phase, where players move (with momentum,
// which the page predicts with Pitch's own rule). It must have moved, every view hash must
// match, and the prediction must land where the server put the player. Then three bots join
// so a match starts (countdown, first half) and the page is photographed in it, into
// web/test/screenshots/ (git-ignored).
//
// Needs `swift build` and Debian's `chromium` (see browser.test.js); E2E_SKIP=1 skips it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  assertPlayedAndVerified, deadline, E2E_SKIP, launchChromium, ROOT, screenshot, SCREENSHOTS, setUpBrowserTest, startGameServer, startReportServer,
} from '../../test-support/chromium.mjs';

const TOTAL_TIMEOUT_MS = 60_000;
const BOTS = path.join(ROOT, '.build', 'debug', 'bots');

test('Pitch plays in headless Chromium: the page finds the game, moves with momentum and verifies every hash', { skip: E2E_SKIP, timeout: TOTAL_TIMEOUT_MS + 10_000 }, async (t) => {
  const run = setUpBrowserTest(t, 'pitch-e2e-');
  const { chromium, scratch } = run;
  const overall = deadline(TOTAL_TIMEOUT_MS, `the Pitch end-to-end test took longer than ${TOTAL_TIMEOUT_MS / 1000} s`);
  t.after(() => overall.cancel());

  run.game = startGameServer([
    '--game', 'pitch', '--record-dir', path.join(scratch, 'recordings'), '--log-level', 'warning',
    '--setting', 'countdownSeconds=2', '--setting', 'halfSeconds=30',
  ]);
  const port = await Promise.race([run.game.listening, overall]);

  run.reports = await startReportServer();
  const page = `http://127.0.0.1:${port}/?autotest=1&report=${encodeURIComponent(run.reports.url('/'))}`;
  run.chrome = launchChromium(chromium, page, path.join(scratch, 'profile'));
  const { devtools } = run.chrome;

  const report = await Promise.race([run.reports.report, run.chrome.exited, overall]);
  const context = `report: ${JSON.stringify(report, null, 2)}\nserver log:\n${run.game.log().slice(-2000)}`;
  assertPlayedAndVerified(report, `ws://127.0.0.1:${port}/play`, context, { shots: false });
  assert.equal(report.ownProjectilesSeen, 0, 'Pitch has no projectiles');

  // Three autopilot bots make a match; the page is photographed once it has started.
  const bots = execFile(BOTS, ['--url', `ws://127.0.0.1:${port}/play`, '--players', '3', '--duration', '8s',
    '--behavior', 'autopilot', '--game', 'pitch'], { cwd: ROOT });
  t.after(() => bots.kill());
  const botsDone = new Promise((resolve) => bots.once('exit', (code) => resolve(code)));
  await Promise.race([new Promise((resolve) => setTimeout(resolve, 4000)), overall]);

  mkdirSync(SCREENSHOTS, { recursive: true });
  const sessionId = await devtools.attachToPage(`http://127.0.0.1:${port}/`);
  await Promise.race([
    (async () => {
      await screenshot(devtools, sessionId, path.join(SCREENSHOTS, 'pitch.png'), { width: 1024, height: 768, scale: 1, mobile: false });
      await screenshot(devtools, sessionId, path.join(SCREENSHOTS, 'pitch-phone.png'), { width: 360, height: 640, scale: 2, mobile: true });
    })(),
    overall,
  ]);
  assert.equal(await Promise.race([botsDone, overall]), 0, 'the bots saw every hash match and kept playing');
});
