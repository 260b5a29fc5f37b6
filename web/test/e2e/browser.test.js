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
// to skip it locally.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SERVER = path.join(ROOT, '.build', 'debug', 'game-server');
const WEB_ROOT = path.join(ROOT, 'web');
const SCREENSHOTS = path.join(WEB_ROOT, 'test', 'screenshots');
const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const TOTAL_TIMEOUT_MS = 60_000;

/** The Chromium binary: $CHROMIUM, else the first known name on PATH. */
function findChromium() {
  if (process.env.CHROMIUM) return existsSync(process.env.CHROMIUM) ? process.env.CHROMIUM : null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of CHROMIUM_NAMES) {
      const candidate = path.join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return null;
}

/** Resolves with the first match of `pattern` in a stream's text, rejects after timeoutMs. */
function waitForMatch(stream, pattern, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${what}: no match for ${pattern} within ${timeoutMs} ms; output:\n${text}`)), timeoutMs);
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      text += chunk;
      const match = pattern.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
  });
}

/** Rejects after ms with a message; for racing against the thing awaited. */
function deadline(ms, message) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  promise.cancel = () => clearTimeout(timer);
  // Only ever raced against something; never an unhandled rejection on its own.
  promise.catch(() => {});
  return promise;
}

/** A tiny HTTP server that takes one JSON report by POST (CORS allowed). */
async function startReportServer() {
  let deliver;
  const report = new Promise((resolve) => {
    deliver = resolve;
  });
  const server = createServer((request, response) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
    response.setHeader('Access-Control-Allow-Headers', 'Content-Type');
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    if (request.method !== 'POST') {
      response.writeHead(405).end();
      return;
    }
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      response.writeHead(204).end();
      try {
        deliver(JSON.parse(body));
      } catch (error) {
        deliver({ unreadable: body, error: error.message });
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: server.address().port, report };
}

/**
 * The DevTools protocol over Chromium's --remote-debugging-pipe: JSON messages, each
 * ended by a NUL byte, written to the browser's fd 3 and read from its fd 4.
 */
class DevToolsPipe {
  constructor(input, output) {
    this.input = input;
    this.nextID = 1;
    this.pending = new Map();
    this.buffer = '';
    output.setEncoding('utf8');
    output.on('data', (chunk) => this.#receive(chunk));
  }

  send(method, params = {}, sessionId = undefined) {
    const id = this.nextID++;
    const message = JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.input.write(`${message}\0`);
    });
  }

  #receive(chunk) {
    this.buffer += chunk;
    let end;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 1);
      const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiting) continue;
      this.pending.delete(message.id);
      if (message.error) waiting.reject(new Error(`${waiting.method}: ${message.error.message}`));
      else waiting.resolve(message.result);
    }
  }
}

/** Screenshots the page's live game at a size, through the DevTools pipe. */
async function screenshot(devtools, sessionId, file, { width, height, scale, mobile }) {
  await devtools.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: scale, mobile }, sessionId);
  await new Promise((resolve) => setTimeout(resolve, 700));
  const { data } = await devtools.send('Page.captureScreenshot', { format: 'png' }, sessionId);
  writeFileSync(file, Buffer.from(data, 'base64'));
}

/** Stops a process group we started: SIGTERM, then SIGKILL if it lingers. */
function stop(child, graceMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const hard = setTimeout(() => kill('SIGKILL'), graceMs);
    const giveUp = setTimeout(resolve, graceMs + 2000);
    child.once('exit', () => {
      clearTimeout(hard);
      clearTimeout(giveUp);
      resolve();
    });
    kill('SIGTERM');
  });
}

const skip = process.env.E2E_SKIP === '1' ? 'E2E_SKIP=1: end-to-end browser test skipped' : false;

test('the page joins, moves, shoots and verifies every hash in headless Chromium', { skip, timeout: TOTAL_TIMEOUT_MS + 10_000 }, async (t) => {
  const chromium = findChromium();
  const tried = process.env.CHROMIUM ? `CHROMIUM=${process.env.CHROMIUM} does not exist` : `none of ${CHROMIUM_NAMES.join(', ')} is on PATH`;
  assert.ok(chromium, `no Chromium found (${tried}): install the Debian package "chromium", ` +
    'or set E2E_SKIP=1 to skip this test locally');
  assert.ok(existsSync(SERVER), `${SERVER} is missing: run "swift build" first (or set E2E_SKIP=1 to skip this test locally)`);

  const scratch = mkdtempSync(path.join(tmpdir(), 'arena-e2e-'));
  let server = null;
  let browser = null;
  let reports = null;
  t.after(async () => {
    await Promise.all([stop(browser), stop(server)]);
    reports?.server.close();
    rmSync(scratch, { recursive: true, force: true });
  });
  const overall = deadline(TOTAL_TIMEOUT_MS, `the end-to-end test took longer than ${TOTAL_TIMEOUT_MS / 1000} s`);
  t.after(() => overall.cancel());

  // Fewer drones than the default 48: they flock to players, and a player rammed to death
  // during the script could neither move nor shoot.
  server = spawn(SERVER, [
    '--port', '0', '--web-root', WEB_ROOT, '--record-dir', path.join(scratch, 'recordings'),
    '--drones', '16', '--log-level', 'warning',
  ], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let serverLog = '';
  server.stderr.setEncoding('utf8');
  server.stderr.on('data', (chunk) => {
    serverLog += chunk;
  });
  const [, port] = await Promise.race([
    waitForMatch(server.stdout, /listening on http:\/\/127\.0\.0\.1:(\d+)\//, 15_000, 'game-server'),
    overall,
  ]);

  reports = await startReportServer();
  const page = `http://127.0.0.1:${port}/?autotest=1&report=${encodeURIComponent(`http://127.0.0.1:${reports.port}/`)}`;
  browser = spawn(chromium, [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
    '--no-default-browser-check', '--disable-extensions', '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows', '--mute-audio',
    `--user-data-dir=${path.join(scratch, 'profile')}`, '--window-size=1024,768', '--remote-debugging-pipe', page,
  ], { detached: true, stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  let browserLog = '';
  browser.stderr.setEncoding('utf8');
  browser.stderr.on('data', (chunk) => {
    browserLog = (browserLog + chunk).slice(-4000);
  });
  const browserExit = new Promise((_, reject) => {
    browser.once('exit', (code, signal) => reject(new Error(`chromium exited early (${code ?? signal}):\n${browserLog}`)));
  });
  browserExit.catch(() => {});
  const devtools = new DevToolsPipe(browser.stdio[3], browser.stdio[4]);

  const report = await Promise.race([reports.report, browserExit, overall]);
  const context = `report: ${JSON.stringify(report, null, 2)}\nserver log:\n${serverLog.slice(-2000)}`;
  assert.equal(report.failure, null, context);
  assert.equal(report.state, 'playing', context);
  assert.deepEqual(report.errors, [], context);
  assert.ok(report.start && report.end, context);
  assert.ok(report.end.x > report.start.x && report.end.y > report.start.y, `the player did not move right and down\n${context}`);
  assert.ok(report.snapshotsReceived > 60, context);
  assert.ok(report.hashesChecked > 0, context);
  assert.equal(report.hashMismatches, 0, context);
  assert.ok(report.ownProjectilesSeen > 0, `no shot of the player's was seen\n${context}`);
  assert.equal(report.acknowledged, true, context);
  assert.deepEqual(report.predictedEnd, report.end, `prediction disagrees with the server once every input was applied\n${context}`);

  mkdirSync(SCREENSHOTS, { recursive: true });
  const { targetInfos } = await devtools.send('Target.getTargets');
  const target = targetInfos.find((info) => info.type === 'page' && info.url.startsWith(`http://127.0.0.1:${port}/`));
  assert.ok(target, `the game page is not among the browser's targets: ${JSON.stringify(targetInfos)}`);
  const { sessionId } = await devtools.send('Target.attachToTarget', { targetId: target.targetId, flatten: true });
  await Promise.race([
    (async () => {
      await screenshot(devtools, sessionId, path.join(SCREENSHOTS, 'game.png'), { width: 1024, height: 768, scale: 1, mobile: false });
      await screenshot(devtools, sessionId, path.join(SCREENSHOTS, 'game-phone.png'), { width: 360, height: 640, scale: 2, mobile: true });
    })(),
    overall,
  ]);
});
