// Shared by the end-to-end browser tests in web/test/e2e/: finding Chromium, starting the
// debug game server, collecting the pages' autotest reports, the DevTools protocol over
// --remote-debugging-pipe, screenshots and stopping what was started.
//
// It lives outside web/test/ on purpose: Node 20's `node --test DIR` runs every .js, .mjs
// and .cjs file below a directory named `test` (besides *.test.js, test-*.js, ...), so a
// helper anywhere under web/test/ would be run as a test file of its own.

import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createSecureServer } from 'node:https';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER = path.join(ROOT, '.build', 'debug', 'game-server');
export const WEB_ROOT = path.join(ROOT, 'web');
export const SCREENSHOTS = path.join(WEB_ROOT, 'test', 'screenshots');
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The Chromium binary: $CHROMIUM, else the first known name on PATH. */
export function findChromium() {
  if (process.env.CHROMIUM) return existsSync(process.env.CHROMIUM) ? process.env.CHROMIUM : null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of CHROMIUM_NAMES) {
      const candidate = path.join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return null;
}

/** Why no Chromium was found, for the assertion message. */
export function chromiumMissingReason() {
  return process.env.CHROMIUM ? `CHROMIUM=${process.env.CHROMIUM} does not exist` : `none of ${CHROMIUM_NAMES.join(', ')} is on PATH`;
}

/** Resolves with the first match of `pattern` in a stream's text, rejects after timeoutMs. */
export function waitForMatch(stream, pattern, timeoutMs, what) {
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
export function deadline(ms, message) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  promise.cancel = () => clearTimeout(timer);
  // Only ever raced against something; never an unhandled rejection on its own.
  promise.catch(() => {});
  return promise;
}

/**
 * A tiny HTTP server that takes JSON reports by POST (CORS allowed), one per path:
 * `reportAt('/a')` resolves with the first report POSTed to /a, `report` with the one to /.
 * With `tls: { key, cert }` it speaks https (for a page served over https, which may not
 * POST to plain http).
 */
export async function startReportServer({ tls = null } = {}) {
  const waiting = new Map();
  const reportAt = (where) => {
    if (!waiting.has(where)) {
      let deliver;
      const promise = new Promise((resolve) => {
        deliver = resolve;
      });
      waiting.set(where, { promise, deliver });
    }
    return waiting.get(where).promise;
  };
  const server = (tls ? createSecureServer.bind(null, { key: tls.key, cert: tls.cert }) : createServer)((request, response) => {
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
      const where = new URL(request.url, 'http://localhost').pathname;
      reportAt(where);
      try {
        waiting.get(where).deliver(JSON.parse(body));
      } catch (error) {
        waiting.get(where).deliver({ unreadable: body, error: error.message });
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  const scheme = tls ? 'https' : 'http';
  return { server, port, url: (where = '/') => `${scheme}://127.0.0.1:${port}${where}`, report: reportAt('/'), reportAt };
}

/**
 * Starts .build/debug/game-server on a free port with `args` (after --port 0 and --web-root).
 * Returns { server, log(), listening }: `listening` resolves with the port once it listens
 * (the process is returned at once so that the caller can always stop it).
 */
export function startGameServer(args, timeoutMs = 15_000) {
  const server = spawn(SERVER, ['--port', '0', '--web-root', WEB_ROOT, ...args], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stderr.setEncoding('utf8');
  server.stderr.on('data', (chunk) => {
    log += chunk;
  });
  const listening = waitForMatch(server.stdout, /listening on http:\/\/127\.0\.0\.1:(\d+)\//, timeoutMs, 'game-server')
    .then(([, port]) => Number(port));
  listening.catch(() => {});
  return { server, log: () => log, listening };
}

/**
 * Starts headless Chromium on `url` with the DevTools protocol on a pipe, `extraArgs` added
 * to its command line. Returns { browser, devtools, exited, log() }: `exited` rejects if the
 * browser exits.
 */
export function launchChromium(chromium, url, profileDir, { width = 1024, height = 768, extraArgs = [] } = {}) {
  const browser = spawn(chromium, [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
    '--no-default-browser-check', '--disable-extensions', '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows', '--mute-audio',
    `--user-data-dir=${profileDir}`, `--window-size=${width},${height}`, '--remote-debugging-pipe', ...extraArgs, url,
  ], { detached: true, stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  let log = '';
  browser.stderr.setEncoding('utf8');
  browser.stderr.on('data', (chunk) => {
    log = (log + chunk).slice(-4000);
  });
  const exited = new Promise((_, reject) => {
    browser.once('exit', (code, signal) => reject(new Error(`chromium exited early (${code ?? signal}):\n${log}`)));
  });
  exited.catch(() => {});
  const devtools = new DevToolsPipe(browser.stdio[3], browser.stdio[4]);
  return { browser, devtools, exited, log: () => log };
}

/**
 * The DevTools protocol over Chromium's --remote-debugging-pipe: JSON messages, each
 * ended by a NUL byte, written to the browser's fd 3 and read from its fd 4.
 */
export class DevToolsPipe {
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

  /** Attaches to the first page target whose URL starts with `prefix`; resolves with its sessionId. */
  async attachToPage(prefix) {
    const { targetInfos } = await this.send('Target.getTargets');
    const target = targetInfos.find((info) => info.type === 'page' && info.url.startsWith(prefix));
    if (!target) throw new Error(`no page at ${prefix} among the browser's targets: ${JSON.stringify(targetInfos)}`);
    const { sessionId } = await this.send('Target.attachToTarget', { targetId: target.targetId, flatten: true });
    return sessionId;
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
export async function screenshot(devtools, sessionId, file, { width, height, scale, mobile }) {
  await devtools.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: scale, mobile }, sessionId);
  await new Promise((resolve) => setTimeout(resolve, 700));
  const { data } = await devtools.send('Page.captureScreenshot', { format: 'png' }, sessionId);
  writeFileSync(file, Buffer.from(data, 'base64'));
}

/**
 * What every single-page autotest report must show: joined and playing over `transportURL`,
 * no page error, moved right and down, shot, every input acknowledged, the prediction where the
 * server put the player, and view hashes checked with none mismatched. `context` goes with
 * every failure.
 */
/** `shots`: whether the game has projectiles the player's fire makes (Arena does, Pitch not). */
export function assertPlayedAndVerified(report, transportURL, context, { shots = true } = {}) {
  assert.equal(report.failure, null, context);
  assert.equal(report.state, 'playing', context);
  assert.equal(report.transportURL, transportURL, context);
  assert.deepEqual(report.errors, [], context);
  assert.ok(report.start && report.end, context);
  assert.ok(report.end.x > report.start.x && report.end.y > report.start.y, `the player did not move right and down\n${context}`);
  assert.ok(report.snapshotsReceived > 60, context);
  assert.ok(report.hashesChecked > 0, context);
  assert.equal(report.hashMismatches, 0, context);
  if (shots) assert.ok(report.ownProjectilesSeen > 0, `no shot of the player's was seen\n${context}`);
  assert.equal(report.acknowledged, true, context);
  assert.deepEqual(report.predictedEnd, report.end, `prediction disagrees with the server once every input was applied\n${context}`);
}

/** Stops a process group we started: SIGTERM, then SIGKILL if it lingers. */
export function stop(child, graceMs = 3000) {
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

/** The `skip` option of every browser test: E2E_SKIP=1 skips them on a machine without Chromium. */
export const E2E_SKIP = process.env.E2E_SKIP === '1' ? 'E2E_SKIP=1: end-to-end browser test skipped' : false;

/**
 * The start of every browser test: fails clearly when Chromium or the debug server is missing,
 * makes a scratch folder, and registers the teardown of whatever the test starts. The test
 * stores what it starts in `run.game`, `run.chrome` and `run.reports`; all of it is stopped
 * and the scratch folder removed, whether the test passes, fails or times out.
 */
export function setUpBrowserTest(t, scratchPrefix) {
  const chromium = findChromium();
  assert.ok(chromium, `no Chromium found (${chromiumMissingReason()}): install the Debian package "chromium", ` +
    'or set E2E_SKIP=1 to skip this test locally');
  assert.ok(existsSync(SERVER), `${SERVER} is missing: run "swift build" first (or set E2E_SKIP=1 to skip this test locally)`);
  const run = { chromium, scratch: mkdtempSync(path.join(tmpdir(), scratchPrefix)), game: null, chrome: null, reports: null };
  t.after(async () => {
    await Promise.all([stop(run.chrome?.browser), stop(run.game?.server)]);
    run.reports?.server.close();
    rmSync(run.scratch, { recursive: true, force: true });
  });
  return run;
}

