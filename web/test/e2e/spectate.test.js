// End to end in a real browser, the way a viewer watches a match live: two headless bots
// (BotKit, `.build/debug/bots`) play on the debug game server with drones, while headless
// Chromium opens the spectator page of room 1 (`replay.html?live=1`) in its autotest mode
// (web/replay/liveAutotest.js). It must see the followed player and the other entities
// move, switch to the free camera and keep receiving snapshots there, verify every view
// hash, draw frames, and see no error. The server must not count the spectator as a player.
// A screenshot goes to web/test/screenshots/spectate.png.
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
const MATCH_SECONDS = 40;
const BOTS = path.join(ROOT, '.build', 'debug', 'bots');

/** Starts two bots playing against `port` for the match; they are stopped at the end. */
function startBots(port, run) {
  run.bots = spawn(BOTS, [
    '--url', `ws://127.0.0.1:${port}/play`, '--players', '2', '--duration', String(MATCH_SECONDS),
    '--behavior', 'wander:1,shooter:1', '--seed', '11',
  ], { cwd: ROOT, detached: true, stdio: ['ignore', 'ignore', 'ignore'] });
}

async function metric(port, name) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : null;
}

test('the spectator page watches a running room live, follows a player, moves a free camera, every hash verified', { skip: E2E_SKIP, timeout: TOTAL_TIMEOUT_MS + 10_000 }, async (t) => {
  const run = setUpBrowserTest(t, 'arena-spectate-');
  t.after(() => stop(run.bots));
  const { chromium, scratch } = run;
  const overall = deadline(TOTAL_TIMEOUT_MS, `the spectator test took longer than ${TOTAL_TIMEOUT_MS / 1000} s`);
  t.after(() => overall.cancel());

  run.game = startGameServer(['--no-record', '--drones', '8', '--log-level', 'warning']);
  const port = await Promise.race([run.game.listening, overall]);
  startBots(port, run);
  // Wait for the bots' room before the page asks for it.
  for (let i = 0; i < 100 && (await metric(port, 'game_players')) < 2; i++) await new Promise((r) => setTimeout(r, 100));

  run.reports = await startReportServer();
  const page = `http://127.0.0.1:${port}/replay.html?live=1&autotest=1&report=${encodeURIComponent(run.reports.url('/'))}`;
  run.chrome = launchChromium(chromium, page, path.join(scratch, 'profile'));
  const { devtools } = run.chrome;

  // While the page watches: a spectator, and still two players.
  let spectatorsSeen = 0;
  let playersWhileWatching = null;
  const poll = setInterval(async () => {
    const spectators = await metric(port, 'game_spectators').catch(() => null);
    if (spectators > spectatorsSeen) {
      spectatorsSeen = spectators;
      playersWhileWatching = await metric(port, 'game_players').catch(() => null);
    }
  }, 200);
  t.after(() => clearInterval(poll));

  const report = await Promise.race([run.reports.report, run.chrome.exited, overall]);
  clearInterval(poll);
  const context = `report: ${JSON.stringify(report, null, 2)}\nserver log:\n${run.game.log().slice(-2000)}`;
  assert.equal(report.failure, null, context);
  assert.deepEqual(report.errors, [], context);
  assert.equal(report.room, 1, context);
  assert.ok(report.followed > 0 && report.followedEntity > 0, `no player followed\n${context}`);
  assert.ok(report.ownMoved > 0, `the followed player did not move on screen\n${context}`);
  assert.ok(report.entitiesMoved > 0, `nothing else moved on screen\n${context}`);
  assert.equal(report.freeCameraWelcome, true, context);
  assert.ok(report.snapshotsWithFreeCamera > 0, `no snapshots with the free camera\n${context}`);
  assert.ok(report.entitiesWithFreeCamera > 0, `the free camera, put where the player was, sees nothing\n${context}`);
  assert.ok(report.framesDrawn > 60, context);
  assert.ok(report.hashesChecked > 0, context);
  assert.equal(report.hashMismatches, 0, context);
  assert.equal(spectatorsSeen, 1, `the server did not count one spectator\n${context}`);
  assert.equal(playersWhileWatching, 2, `a spectator was counted as a player\n${context}`);

  mkdirSync(SCREENSHOTS, { recursive: true });
  const sessionId = await devtools.attachToPage(`http://127.0.0.1:${port}/replay.html`);
  await Promise.race([
    screenshot(devtools, sessionId, path.join(SCREENSHOTS, 'spectate.png'), { width: 1024, height: 768, scale: 1, mobile: false }),
    overall,
  ]);
});
