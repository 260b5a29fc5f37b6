// The simulated Agones fleet (Simulations/Fleet, `.build/debug/fleet`), a short run: two
// game-server processes, each with its own SDK stand-in, a Packed allocator and a Buffer of
// one Ready server; 16 bots arrive over the first 40 % of 24 s and leave after 3–5 s, so the
// two servers are both allocated, one goes empty, drains, calls Shutdown and is replaced.
// What must hold (from its --json report): every player seated and none lost, every view
// hash matched, at least one server shut down and replaced, every game-server exited 0, and
// the tool's own exit code 0. About 30 s (each game-server's drain takes up to 5 s).
// Needs `swift build` (fleet and game-server) and python3.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../test-support/chromium.mjs';

const FLEET = path.join(ROOT, '.build', 'debug', 'fleet');

test('fleet: servers allocated fullest first, one drained when empty and replaced, no player lost, every exit 0', { timeout: 90_000 }, async (t) => {
  assert.ok(existsSync(FLEET), `${FLEET} missing: swift build first`);
  const dir = mkdtempSync(path.join(tmpdir(), 'fleet-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const json = path.join(dir, 'fleet.json');
  const html = path.join(dir, 'fleet.html');
  const args = ['--servers', '2', '--players', '16', '--duration', '24s', '--capacity', '4', '--lifetime', '3-5',
    '--arrival-window', '0.4', '--shutdown-when-empty', '1', '--json', json, '--html', html];
  const run = await new Promise((resolve) => {
    execFile(FLEET, args, { cwd: ROOT, timeout: 80_000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code ?? 1) : 0, output: stdout + stderr.slice(-3000) }));
  });
  const report = JSON.parse(readFileSync(json, 'utf8'));
  const context = `${run.output}\n${JSON.stringify({ ...report, series: undefined }, null, 1)}`;
  assert.equal(run.code, 0, context);
  assert.equal(report.passed, true, context);
  assert.equal(report.playersArrived, 16, context);
  assert.equal(report.playersServed, 16, context);
  assert.equal(report.playersLost, 0, context);
  assert.equal(report.neverSeated, 0, context);
  assert.equal(report.hashMismatches, 0, context);
  assert.ok(report.hashesChecked > 0, context);
  assert.ok(report.serversAllocated >= 2, `both servers allocated\n${context}`);
  assert.ok(report.serversShutDown >= 1, `a server shut down when empty\n${context}`);
  assert.ok(report.serversReplaced >= 1, `and was taken out of the fleet\n${context}`);
  assert.ok(report.replacementsStarted >= 1, `and a replacement started by the buffer rule\n${context}`);
  assert.ok(report.peakServersRunning <= 2, context);
  assert.equal(report.exitCodes.length, report.serversStarted, `every game-server exited\n${context}`);
  assert.ok(report.exitCodes.every((code) => code === 0), context);
  // Packed: no server holds more than its capacity.
  assert.ok(report.servers.every((server) => server.peakSeats <= 4), context);
  const page = readFileSync(html, 'utf8');
  assert.match(page, /<svg[^>]*class="chart"/);
  assert.doesNotMatch(page, /<script/);
});
