// End to end in a real browser, the way a new user tries replays: a short match is played
// against the debug game server (two headless bots from BotKit, `.build/debug/bots`), which
// records it into a scratch --record-dir; then the replay page is opened in headless
// Chromium in its autotest mode (web/replay/replayAutotest.js). It opens the newest
// recording from /replays, plays it at 2×, pauses and seeks back to a tick that is not a
// keyframe, follows the other player, plays on, and POSTs a report. The ticks must have
// advanced at about twice the recording's rate, the seek must land exactly, every view hash
// must match, frames must have been drawn, and the page must have seen no error. A
// screenshot of the replay goes to web/test/screenshots/replay.png.
//
// Needs `swift build` and Debian's `chromium` (or CHROMIUM=…); E2E_SKIP=1 skips it locally.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  deadline, E2E_SKIP, launchChromium, ROOT, screenshot, SCREENSHOTS, setUpBrowserTest, startGameServer,
  startReportServer, stop,
} from '../../test-support/chromium.mjs';

const TOTAL_TIMEOUT_MS = 90_000;
const MATCH_SECONDS = 8;
const BOTS = path.join(ROOT, '.build', 'debug', 'bots');

/** Runs the bots for a match against `port`; resolves when they are done. */
function playMatch(port, run) {
  const bots = spawn(BOTS, [
    '--url', `ws://127.0.0.1:${port}/play`, '--players', '2', '--duration', String(MATCH_SECONDS),
    '--behavior', 'wander:1,shooter:1', '--seed', '7',
  ], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  run.bots = bots;
  let log = '';
  for (const stream of [bots.stdout, bots.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => { log = (log + chunk).slice(-4000); });
  }
  return new Promise((resolve, reject) => {
    bots.once('exit', (code, signal) => (code === 0 ? resolve(log) : reject(new Error(`bots exited with ${code ?? signal}:\n${log}`))));
  });
}

test('the replay page plays a recorded match at 2x, seeks back and follows a player in headless Chromium', { skip: E2E_SKIP, timeout: TOTAL_TIMEOUT_MS + 10_000 }, async (t) => {
  const run = setUpBrowserTest(t, 'arena-replay-');
  t.after(() => stop(run.bots));
  const { chromium, scratch } = run;
  const overall = deadline(TOTAL_TIMEOUT_MS, `the replay test took longer than ${TOTAL_TIMEOUT_MS / 1000} s`);
  t.after(() => overall.cancel());

  run.game = startGameServer([
    '--record-dir', path.join(scratch, 'recordings'), '--keyframe-seconds', '1', '--drones', '8', '--log-level', 'warning',
  ]);
  const port = await Promise.race([run.game.listening, overall]);
  await Promise.race([playMatch(port, run), overall]);
  // The recording writer flushes a few times a second: let the last ticks reach the disk.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const listing = await (await fetch(`http://127.0.0.1:${port}/replays`)).json();
  assert.equal(listing.length, 1, `one match, one recording: ${JSON.stringify(listing)}`);

  run.reports = await startReportServer();
  const page = `http://127.0.0.1:${port}/replay.html?autotest=1&report=${encodeURIComponent(run.reports.url('/'))}`;
  run.chrome = launchChromium(chromium, page, path.join(scratch, 'profile'));
  const { devtools } = run.chrome;

  const report = await Promise.race([run.reports.report, run.chrome.exited, overall]);
  const context = `report: ${JSON.stringify({ ...report, keyframes: report.keyframes?.length }, null, 2)}\nserver log:\n${run.game.log().slice(-2000)}`;
  assert.equal(report.failure, null, context);
  assert.deepEqual(report.errors, [], context);
  assert.equal(report.file, listing[0].name, context);
  assert.equal(report.tickRate, 60, context);
  assert.ok(report.endTick >= MATCH_SECONDS * 60 * 0.8, `the recording is shorter than the match\n${context}`);
  assert.ok(report.keyframes.length >= MATCH_SECONDS - 1, context);

  // 2×: the snapshots' ticks advanced at about twice the recording's rate (loose bounds: the
  // measurement window is short and the machine may be busy).
  assert.equal(report.expectedTicksPerSecond, 120, context);
  const ratio = report.measuredTicksPerSecond / report.tickRate;
  t.diagnostic(`measured ${report.measuredTicksPerSecond.toFixed(1)} ticks/s at 2× (${ratio.toFixed(2)}× the recording's rate)`);
  assert.ok(ratio > 1.5 && ratio < 2.5, `ticks did not advance at about 2×\n${context}`);

  // The seek went back, to a tick between keyframes, and landed on it exactly.
  assert.ok(report.seekTarget < report.seekFrom, context);
  assert.equal(report.seekTargetIsKeyframe, false, context);
  assert.equal(report.seekLandedTick, report.seekTarget, context);
  assert.equal(report.seekWelcomeTick, report.seekTarget, context);

  assert.equal(report.followed, report.followWanted, context);
  assert.ok(report.followedEntity > 0, `the followed player's entity was not named\n${context}`);
  assert.ok(report.finalTick > report.seekTarget, `the replay did not play on after the seek\n${context}`);
  assert.ok(report.framesDrawn > 60, context);
  assert.ok(report.hashesChecked > 0, context);
  assert.equal(report.hashMismatches, 0, context);
  // The chat panel is there, read-only (bots do not chat, and recordings do not keep chat).
  assert.equal(report.chat.inputs, 0, `the replay's chat panel has an input\n${context}`);
  assert.match(report.chat.caption ?? '', /chat of the recorded match/i, context);

  mkdirSync(SCREENSHOTS, { recursive: true });
  const sessionId = await devtools.attachToPage(`http://127.0.0.1:${port}/replay.html`);
  await Promise.race([
    screenshot(devtools, sessionId, path.join(SCREENSHOTS, 'replay.png'), { width: 1024, height: 768, scale: 1, mobile: false }),
    overall,
  ]);
});
