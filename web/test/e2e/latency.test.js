// The page in headless Chromium at a real player's round trip: 150 ms ± 30 ms through a
// delaying proxy on loopback (web/test-support/latencyProxy.mjs). The autotest walks right and
// down for two seconds, shoots and settles: the player must have moved, the prediction must end
// exactly where the server put it, the corrections it needed must be few (an honest link: the
// own player is predicted exactly, whatever the delay), and no view hash may mismatch.
// Needs `swift build` and Debian's `chromium` (see browser.test.js); E2E_SKIP=1 skips it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  assertPlayedAndVerified, deadline, E2E_SKIP, launchChromium, setUpBrowserTest, startGameServer, startReportServer,
} from '../../test-support/chromium.mjs';
import { startLatencyProxy } from '../../test-support/latencyProxy.mjs';

const TOTAL_TIMEOUT_MS = 60_000;

test('at 150 ms ± 30 ms the page predicts its own player exactly and verifies every hash', { skip: E2E_SKIP, timeout: TOTAL_TIMEOUT_MS + 10_000 }, async (t) => {
  const run = setUpBrowserTest(t, 'latency-e2e-');
  const { chromium, scratch } = run;
  const overall = deadline(TOTAL_TIMEOUT_MS, `the latency test took longer than ${TOTAL_TIMEOUT_MS / 1000} s`);
  t.after(() => overall.cancel());

  run.game = startGameServer(['--record-dir', path.join(scratch, 'recordings'), '--drones', '0', '--log-level', 'warning']);
  const serverPort = await Promise.race([run.game.listening, overall]);
  const proxy = await startLatencyProxy({ targetPort: serverPort, delayMs: 75, jitterMs: 15, seed: 7 });
  t.after(() => proxy.close());

  run.reports = await startReportServer();
  // The page and its WebSocket both go through the proxy: the page's own host is the proxy's.
  const page = `http://127.0.0.1:${proxy.port}/?autotest=1&report=${encodeURIComponent(run.reports.url('/'))}`;
  run.chrome = launchChromium(chromium, page, path.join(scratch, 'profile'));
  const report = await Promise.race([run.reports.report, run.chrome.exited, overall]);
  const context = `report: ${JSON.stringify(report, null, 2)}\nserver log:\n${run.game.log().slice(-2000)}`;
  assertPlayedAndVerified(report, `ws://127.0.0.1:${proxy.port}/play`, context);
  const rtt = report.stats.rttMs;
  assert.ok(rtt >= 110 && rtt <= 260, `the page measured RTT ${rtt} ms through the proxy\n${context}`);
  assert.ok(report.predictionCorrections <= 2, `corrections at latency: ${report.predictionCorrections}\n${context}`);
  assert.ok(report.stats.largestCorrection <= 40, `the largest correction at latency: ${report.stats.largestCorrection} world units\n${context}`);
  assert.ok(proxy.chunks() > 100, "everything went through the proxy");
  t.diagnostic(`RTT ${rtt} ms, ${report.predictionCorrections} corrections (largest ${report.stats.largestCorrection.toFixed(1)} world units), ${report.hashesChecked} hashes, interpolation delay ${report.stats.interpolationDelayMs ?? "?"} ms`);
});
