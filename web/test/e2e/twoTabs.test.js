// End to end with two players: one debug game server without drones whose players spawn
// near the world's centre (`--setting spawnSpread=60`, so each is in the other's view), and
// two pages of one headless Chromium (the second opened as a new window through the
// DevTools protocol) in the two-tab autotest mode (web/client/pairAutotest.js). Each page
// walks straight legs with pauses (right, left, down, up) while recording, every animation
// frame, where it draws the OTHER player. Asserted for both pages: the other player was
// seen on (nearly) every frame; its drawn position never jumps further in one frame than
// twice a player's top speed (per 60 Hz frame, scaled by the frame's real length); it never
// steps backwards while moving in a straight line; it was seen walking all four ways; no
// view-hash mismatch and no page error. Then a screenshot of one page, with both players in
// it, goes to web/test/screenshots/two-tabs.png.
//
// Chat: each page says a line as it starts walking, and each page's chat panel must list the
// other's line under the other's name, and its own as the server echoed it. Then page a is
// typed into through the DevTools protocol as a player would: Enter opens the input, the text
// goes in, Enter sends, and the line comes back into its panel; Enter again with a draft
// left open gives the screenshot web/test/screenshots/chat.png.
//
// Same requirements as browser.test.js (`swift build`, Chromium; E2E_SKIP=1 skips).
// TWO_TABS_DUMP=/tmp/x writes each page's full report (every frame's sample) to /tmp/x-a.json, -b.json.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  deadline, E2E_SKIP, launchChromium, screenshot, SCREENSHOTS, setUpBrowserTest, startGameServer, startReportServer,
} from '../../test-support/chromium.mjs';
import { startLatencyProxy } from '../../test-support/latencyProxy.mjs';
import { PLAYER_SPEED, UNITS_PER_WORLD_UNIT } from '../../games/arena/rules.js';
import { PAIR_CHAT } from '../../client/pairAutotest.js';

const TOTAL_TIMEOUT_MS = 75_000;
/** World units from the centre players spawn within: well inside the 384-unit view. */
const SPAWN_SPREAD = 60;
const FRAME_MS_AT_60HZ = 1000 / 60;
/** A drawn position may move at most this many simulation units per 60 Hz frame. */
const MAX_STEP_PER_FRAME = 2 * PLAYER_SPEED;
/** Below this (simulation units) a frame-to-frame move counts as standing still. */
const STILL = 1e-6;
/** How far a step may go against its straight line's direction (rounding, not motion). */
const BACKWARDS_TOLERANCE = 0.5;
/** A straight run of at least this length (100 world units) counts as a walked leg. */
const LEG_LENGTH = 100 * UNITS_PER_WORLD_UNIT;

/**
 * What one page saw of the other player: the share of frames it was drawn, the worst
 * frame-to-frame jump against the allowance, backward steps inside straight runs, and the
 * directions of the long runs.
 */
function analyseTrack(samples) {
  const present = samples.filter((sample) => !sample.missing);
  let worstJump = { ratio: 0 };
  const backwards = [];
  const runs = [];
  let run = null;
  const closeRun = () => {
    if (run) runs.push(run);
    run = null;
  };
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1];
    const after = samples[i];
    if (before.missing || after.missing) {
      closeRun();
      continue;
    }
    const dx = after.x - before.x;
    const dy = after.y - before.y;
    const distance = Math.hypot(dx, dy);
    const allowance = MAX_STEP_PER_FRAME * Math.max(1, (after.t - before.t) / FRAME_MS_AT_60HZ);
    if (distance / allowance > worstJump.ratio) worstJump = { ratio: distance / allowance, distance, ms: after.t - before.t, at: i };
    if (distance <= STILL) {
      closeRun();
      continue;
    }
    run ??= { from: i - 1, steps: [] };
    run.steps.push({ dx, dy, at: i });
    run.to = i;
  }
  closeRun();
  for (const { steps } of runs) {
    const totalX = steps.reduce((sum, step) => sum + step.dx, 0);
    const totalY = steps.reduce((sum, step) => sum + step.dy, 0);
    const length = Math.hypot(totalX, totalY);
    for (const step of steps) {
      const along = (step.dx * totalX + step.dy * totalY) / length;
      if (along < -BACKWARDS_TOLERANCE) backwards.push({ at: step.at, along, run: { totalX, totalY } });
    }
  }
  const legs = runs.map(({ steps }) => ({
    x: steps.reduce((sum, step) => sum + step.dx, 0),
    y: steps.reduce((sum, step) => sum + step.dy, 0),
  })).filter((leg) => Math.hypot(leg.x, leg.y) >= LEG_LENGTH);
  const directions = new Set(legs.map((leg) => (Math.abs(leg.x) > Math.abs(leg.y)
    ? (leg.x > 0 ? 'right' : 'left')
    : (leg.y > 0 ? 'down' : 'up'))));
  return {
    frames: samples.length,
    seenFrames: present.length,
    seenShare: samples.length === 0 ? 0 : present.length / samples.length,
    heldFrames: samples.filter((sample) => sample.held).length,
    worstJump,
    backwards,
    runs: runs.length,
    directions: [...directions].sort(),
  };
}



test('two pages in one Chromium see each other move smoothly', { skip: E2E_SKIP, timeout: TOTAL_TIMEOUT_MS + 10_000 }, async (t) => {
  const run = setUpBrowserTest(t, 'arena-two-tabs-');
  const { chromium, scratch } = run;
  const overall = deadline(TOTAL_TIMEOUT_MS, `the two-tab test took longer than ${TOTAL_TIMEOUT_MS / 1000} s`);
  t.after(() => overall.cancel());

  run.game = startGameServer([
    '--record-dir', path.join(scratch, 'recordings'), '--drones', '0',
    '--setting', `spawnSpread=${SPAWN_SPREAD}`, '--log-level', 'warning',
  ]);
  const port = await Promise.race([run.game.listening, overall]);

  run.reports = await startReportServer();
  const pageURL = (name) => `http://127.0.0.1:${port}/?autotest=1&script=pair&report=${encodeURIComponent(run.reports.url(`/${name}`))}`;
  run.chrome = launchChromium(chromium, pageURL('a'), path.join(scratch, 'profile'));
  const { devtools } = run.chrome;
  // The second page in a window of its own: a background tab would get no animation frames.
  await Promise.race([devtools.send('Target.createTarget', { url: pageURL('b'), newWindow: true }), run.chrome.exited, overall]);

  const [a, b] = await Promise.race([Promise.all([run.reports.reportAt('/a'), run.reports.reportAt('/b')]), run.chrome.exited, overall]);
  const summary = (report) => JSON.stringify({ ...report, samples: `${report.samples?.length} samples`, stats: undefined });
  const context = `page a: ${summary(a)}\npage b: ${summary(b)}\nserver log:\n${run.game.log().slice(-2000)}`;
  assertPairSawEachOther(t, a, b, context);

  mkdirSync(SCREENSHOTS, { recursive: true });
  const sessionId = await devtools.attachToPage(pageURL('a'));
  await Promise.race([
    screenshot(devtools, sessionId, path.join(SCREENSHOTS, 'two-tabs.png'), { width: 1024, height: 768, scale: 1, mobile: false }),
    overall,
  ]);

  // Typing into page a as a player would.
  const typed = 'typed with the keyboard: Enter, text, Enter';
  await Promise.race([(async () => {
    await pressEnter(devtools, sessionId);
    await devtools.send('Input.insertText', { text: typed }, sessionId);
    await pressEnter(devtools, sessionId);
    const lines = await waitForChatLine(devtools, sessionId, (line) => line.text === typed);
    assert.ok(lines.some((line) => line.text === typed && line.name === a.name && line.own), `the typed line is not listed: ${JSON.stringify(lines)}`);
    assert.equal(await evaluate(devtools, sessionId, 'document.getElementById("chat-form").hidden'), true, 'Enter closed the input');
    await pressEnter(devtools, sessionId);
    await devtools.send('Input.insertText', { text: 'and a draft, déjà' }, sessionId);
    assert.equal(await evaluate(devtools, sessionId, 'document.activeElement?.id'), 'chat-input', 'Enter opened and focused the input');
    assert.equal(await evaluate(devtools, sessionId, 'document.getElementById("chat-count").textContent'), '19/120', 'the counter counts bytes (é and à are two each)');
    await screenshot(devtools, sessionId, path.join(SCREENSHOTS, 'chat.png'), { width: 1024, height: 768, scale: 1, mobile: false });
  })(), run.chrome.exited, overall]);
});

test('at 150 ms ± 30 ms two pages still see each other move smoothly', { skip: E2E_SKIP, timeout: TOTAL_TIMEOUT_MS + 10_000 }, async (t) => {
  const run = setUpBrowserTest(t, 'arena-two-tabs-latency-');
  const { chromium, scratch } = run;
  const overall = deadline(TOTAL_TIMEOUT_MS, `the two-tab latency test took longer than ${TOTAL_TIMEOUT_MS / 1000} s`);
  t.after(() => overall.cancel());
  run.game = startGameServer([
    '--record-dir', path.join(scratch, 'recordings'), '--drones', '0',
    '--setting', `spawnSpread=${SPAWN_SPREAD}`, '--log-level', 'warning',
  ]);
  const serverPort = await Promise.race([run.game.listening, overall]);
  // Both pages play through a delaying proxy: 75 ms ± 15 ms each way.
  const proxy = await startLatencyProxy({ targetPort: serverPort, delayMs: 75, jitterMs: 15, seed: 11 });
  t.after(() => proxy.close());
  run.reports = await startReportServer();
  const pageURL = (name) => `http://127.0.0.1:${proxy.port}/?autotest=1&script=pair&report=${encodeURIComponent(run.reports.url(`/${name}`))}`;
  run.chrome = launchChromium(chromium, pageURL('a'), path.join(scratch, 'profile'));
  await Promise.race([run.chrome.devtools.send('Target.createTarget', { url: pageURL('b'), newWindow: true }), run.chrome.exited, overall]);
  const [a, b] = await Promise.race([Promise.all([run.reports.reportAt('/a'), run.reports.reportAt('/b')]), run.chrome.exited, overall]);
  const summary = (report) => JSON.stringify({ ...report, samples: `${report.samples?.length} samples`, stats: undefined });
  const context = `page a: ${summary(a)}\npage b: ${summary(b)}\nserver log:\n${run.game.log().slice(-2000)}`;
  assertPairSawEachOther(t, a, b, context);
  for (const [name, report] of [['a', a], ['b', b]]) {
    t.diagnostic(`page ${name} at latency: RTT ${report.stats?.rttMs} ms, ${report.stats?.corrections} corrections (largest ${report.stats?.largestCorrection?.toFixed(1)} world units)`);
    assert.ok(report.stats.rttMs >= 110, `page ${name} measured RTT ${report.stats.rttMs} ms through the proxy\n${context}`);
    assert.ok(report.stats.largestCorrection <= 40, `page ${name}'s largest correction ${report.stats.largestCorrection} world units\n${context}`);
  }
});

/**
 * Each page watched the other: no failure or error, every hash matched, the other player seen
 * on nearly every frame, never jumping nor stepping backwards, walking all four ways, and the
 * other page's chat line listed under its name.
 */
function assertPairSawEachOther(t, a, b, context) {
  for (const [name, report, other] of [['a', a, b], ['b', b, a]]) {
    assert.equal(report.failure, null, `page ${name} failed\n${context}`);
    assert.equal(report.state, 'playing', context);
    assert.deepEqual(report.errors, [], `page ${name} hit errors\n${context}`);
    assert.equal(report.otherPlayer, other.playerID, `page ${name} watched someone else\n${context}`);
    assert.ok(report.hashesChecked > 0, `page ${name} checked no hash\n${context}`);
    assert.equal(report.hashMismatches, 0, `page ${name} had hash mismatches\n${context}`);

    const track = analyseTrack(report.samples);
    if (process.env.TWO_TABS_DUMP) writeFileSync(`${process.env.TWO_TABS_DUMP}-${name}.json`, JSON.stringify(report));
    t.diagnostic(`page ${name}: ${track.seenFrames}/${track.frames} frames saw the other player, ${track.runs} moving runs ` +
      `(${track.directions.join(', ')}), worst jump ${track.worstJump.ratio.toFixed(2)} of the allowance, ` +
      `${track.backwards.length} backward steps, ${track.heldFrames} frames holding a snapshot, ` +
      `${report.hashesChecked} hashes checked (${report.hashMismatches} mismatches)`);
    const about = `page ${name} watching the other player: ${JSON.stringify(track)}\n${context}`;
    assert.ok(track.frames >= 120, `too few frames recorded\n${about}`);
    assert.ok(track.seenShare >= 0.95, `the other player was missing from too many frames\n${about}`);
    assert.ok(track.worstJump.ratio <= 1, `the other player jumped further than twice its top speed in one frame\n${about}`);
    assert.deepEqual(track.backwards, [], `the other player stepped backwards while moving in a straight line\n${about}`);
    assert.deepEqual(track.directions, ['down', 'left', 'right', 'up'], `the other player was not seen walking all four ways\n${about}`);

    const chat = `page ${name}'s chat panel: ${JSON.stringify(report.chatShown)}\n${context}`;
    assert.equal(report.chatSent, true, chat);
    assert.ok(report.chatShown.some((line) => line.name === other.name && line.text === PAIR_CHAT && !line.own),
      `the other page's line is not listed under its name\n${chat}`);
    assert.ok(report.chatShown.some((line) => line.name === report.name && line.text === PAIR_CHAT && line.own),
      `the page's own line (as echoed) is not listed\n${chat}`);
  }

}

/** Presses and releases Enter in a page (keyDown with text: a real key press, so a form submits). */
async function pressEnter(devtools, sessionId) {
  const key = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 };
  await devtools.send('Input.dispatchKeyEvent', { type: 'keyDown', text: '\r', ...key }, sessionId);
  await devtools.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key }, sessionId);
}

async function evaluate(devtools, sessionId, expression) {
  const { result, exceptionDetails } = await devtools.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId);
  if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.text}`);
  return result.value;
}

/** The page's chat lines once one matches (polled; the line has to go to the server and back). */
async function waitForChatLine(devtools, sessionId, matches, timeoutMs = 3000) {
  const read = `[...document.querySelectorAll('#chat-lines li')].map((li) => ({
    name: li.querySelector('.name').textContent, text: li.querySelector('.text').textContent, own: li.classList.contains('self') }))`;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const lines = await evaluate(devtools, sessionId, read);
    if (lines.some(matches) || Date.now() > until) return lines;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
