// wss:// through a real TLS proxy: the SHIPPED nginx configuration
// (Sources/game-server/deploy/nginx/game-server.conf, rewritten only in its ports, certificate
// paths, upstream port and WebSocket time-outs; web/test-support/tlsProxy.mjs) runs in front of
// .build/debug/game-server with a self-signed certificate for 127.0.0.1, and shows:
//   - https serves the page and /healthz, plain http redirects to https, /metrics is refused;
//   - headless Chromium (trusting only that certificate's key, by SPKI pin) plays over wss://
//     with every view hash checked and none mismatched;
//   - with nginx's proxy_read_timeout at 3 s, the server's pings (--ping-interval 1s) keep a
//     joined-but-silent player and a socket that never says hello connected for 8 s, while the
//     same never-hello socket to a server with --ping-interval 0 is cut by nginx after ~3 s;
//   - a client connecting from 127.0.0.2 through nginx is logged as 127.0.0.2 (via the proxy),
//     its forged X-Forwarded-For entry ignored; one connecting straight to the server from
//     127.0.0.3 with a forged X-Forwarded-For is logged by its TCP address and the forged one
//     appears nowhere; the Origin check holds through the proxy (https://host:port admitted,
//     http:// or a foreign origin refused with 403).
//
// Needs `swift build`, Debian's nginx (in /usr/sbin; or NGINX=/path), openssl and chromium;
// .ci/run installs them. E2E_SKIP=1 skips it locally, like the other browser tests.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  assertPlayedAndVerified, chromiumMissingReason, deadline, E2E_SKIP, findChromium, launchChromium, SERVER, startGameServer, startReportServer, stop,
} from '../../test-support/chromium.mjs';
import { findNginx, findOpenSSL, makeCertificate, startNginx } from '../../test-support/tlsProxy.mjs';
import { connectWebSocket } from '../../test-support/wsClient.mjs';
import { encodeHello, MessageType } from '../../wire/messages.js';
import { decodePayload, encodePayload } from '../../net/engineio.js';

const TOTAL_TIMEOUT_MS = 60_000;
/** nginx's rewritten proxy_read_timeout / proxy_send_timeout for the WebSocket locations. */
const PROXY_TIMEOUT = '3s';
const QUIET_MS = 8000;

/** GET over http or https (trusting `ca`); resolves with { status, headers, body }. */
function get(url, { ca, localAddress } = {}) {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { ca, localAddress, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.setTimeout(5000, () => request.destroy(new Error(`${url}: no answer in 5 s`)));
  });
}

/** One https request with a body (Engine.IO's POST), trusting `ca`. */
function send(url, method, body, { ca } = {}) {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method, ca, agent: false, headers: { 'Content-Type': 'text/plain;charset=UTF-8' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: text }));
    });
    request.on('error', reject);
    request.setTimeout(5000, () => request.destroy(new Error(`${url}: no answer in 5 s`)));
    request.end(body);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `log()` until it matches `pattern`; resolves with the match or rejects naming what was seen. */
async function waitForLog(log, pattern, timeoutMs = 3000) {
  const start = Date.now();
  for (;;) {
    const match = pattern.exec(log());
    if (match) return match;
    if (Date.now() - start > timeoutMs) throw new Error(`the server never logged ${pattern}; its log:\n${log().slice(-3000)}`);
    await sleep(50);
  }
}

const isWelcome = (message) => message[0] === MessageType.welcome;

describe('wss:// through the shipped nginx configuration', { skip: E2E_SKIP, timeout: TOTAL_TIMEOUT_MS + 10_000 }, () => {
  const run = { scratch: null, certificate: null, pinging: null, silent: null, proxy: null, silentProxy: null, chrome: null, reports: null };
  const overall = deadline(TOTAL_TIMEOUT_MS, `the TLS tests took longer than ${TOTAL_TIMEOUT_MS / 1000} s`);

  before(async () => {
    assert.ok(existsSync(SERVER), `${SERVER} is missing: run "swift build" first (or set E2E_SKIP=1 to skip this test locally)`);
    assert.ok(findNginx(), 'no nginx found (on PATH or in /usr/sbin): install the Debian package "nginx", or set E2E_SKIP=1 to skip this test locally');
    assert.ok(findOpenSSL(), 'no openssl found: install the Debian package "openssl", or set E2E_SKIP=1 to skip this test locally');
    run.scratch = mkdtempSync(path.join(tmpdir(), 'arena-tls-'));
    run.certificate = makeCertificate(run.scratch);
    const common = ['--no-record', '--trusted-proxy', '127.0.0.1', '--hello-timeout', '60'];
    // The server everything but the no-ping control talks to: pings every second, joins logged.
    run.pinging = startGameServer([...common, '--ping-interval', '1s', '--drones', '16', '--log-level', 'info']);
    // The control: the same, with the server's pings off.
    run.silent = startGameServer([...common, '--ping-interval', '0', '--drones', '0', '--log-level', 'info']);
    const [pingingPort, silentPort] = await Promise.race([Promise.all([run.pinging.listening, run.silent.listening]), overall]);
    run.pinging.port = pingingPort;
    run.proxy = await startNginx({ dir: run.scratch, upstreamPort: pingingPort, certificate: run.certificate, timeout: PROXY_TIMEOUT });
    run.silentProxy = await startNginx({ dir: run.scratch, upstreamPort: silentPort, certificate: run.certificate, timeout: PROXY_TIMEOUT });
    await Promise.race([Promise.all([run.proxy.ready, run.silentProxy.ready]), overall]);
  });

  after(async () => {
    overall.cancel();
    await Promise.all([run.chrome?.browser, run.pinging?.server, run.silent?.server, run.proxy?.process, run.silentProxy?.process].map((child) => stop(child)));
    run.reports?.server.close();
    if (run.scratch) rmSync(run.scratch, { recursive: true, force: true });
  });

  const origin = () => `https://127.0.0.1:${run.proxy.httpsPort}`;
  const context = () => `server log:\n${run.pinging.log().slice(-2000)}\nnginx error log:\n${run.proxy.errorLog().slice(-2000)}`;

  test('https serves the page and /healthz, http redirects to https, /metrics is refused', async () => {
    const ca = run.certificate.cert;
    const page = await get(`${origin()}/`, { ca });
    assert.equal(page.status, 200, context());
    assert.match(page.headers['content-type'] ?? '', /text\/html/);
    assert.match(page.headers['strict-transport-security'] ?? '', /max-age=\d+/);
    const health = await get(`${origin()}/healthz`, { ca });
    assert.equal(health.status, 200, context());
    const metrics = await get(`${origin()}/metrics`, { ca });
    assert.equal(metrics.status, 403, 'the shipped configuration must not expose /metrics');
    const plain = await get(`http://127.0.0.1:${run.proxy.httpPort}/replays?x=1`);
    assert.equal(plain.status, 301);
    assert.equal(plain.headers.location, 'https://127.0.0.1/replays?x=1');
  });

  test('Engine.IO long-polling through the shipped /engine.io/ location: welcome and snapshots arrive', async () => {
    const ca = run.certificate.cert;
    const base = `${origin()}/engine.io/?EIO=4&transport=polling`;
    const opened = await get(`${base}&t=1`, { ca });
    assert.equal(opened.status, 200, context());
    assert.match(opened.headers['cache-control'] ?? '', /no-store/);
    const [open] = decodePayload(opened.body);
    assert.equal(open.type, 'open');
    const { sid, upgrades } = JSON.parse(open.data);
    assert.deepEqual(upgrades, ['websocket']);
    const posted = await send(`${base}&sid=${sid}`, 'POST', encodePayload([{ type: 'binary', data: encodeHello({ name: 'poller' }) }]), { ca });
    assert.equal(posted.status, 200, context());
    assert.equal(posted.body, 'ok');
    const types = [];
    for (let poll = 0; poll < 20 && types.filter((type) => type === MessageType.snapshot).length < 3; poll++) {
      const answer = await get(`${base}&sid=${sid}`, { ca });
      assert.equal(answer.status, 200, context());
      for (const packet of decodePayload(answer.body)) if (packet.type === 'binary') types.push(packet.data[0]);
    }
    assert.equal(types[0], MessageType.welcome, `first message types: ${types.slice(0, 5)}`);
    assert.ok(types.filter((type) => type === MessageType.snapshot).length >= 3, `message types: ${types}`);
    await waitForLog(run.pinging.log, /127\.0\.0\.1 \(via 127\.0\.0\.1:\d+\) joined room \d+ as player \d+ 'poller'/);
    await send(`${base}&sid=${sid}`, 'POST', '1', { ca });
  });

  test('headless Chromium plays over wss:// with every view hash verified', async () => {
    const chromium = findChromium();
    assert.ok(chromium, `no Chromium found (${chromiumMissingReason()}): install the Debian package "chromium", or set E2E_SKIP=1`);
    // An https page may not POST to plain http: the report server uses the same certificate.
    run.reports = await startReportServer({ tls: run.certificate });
    const page = `${origin()}/?autotest=1&report=${encodeURIComponent(run.reports.url('/'))}`;
    run.chrome = launchChromium(chromium, page, path.join(run.scratch, 'profile'), {
      // Trust exactly this certificate's key, nothing else that is wrong.
      extraArgs: [`--ignore-certificate-errors-spki-list=${run.certificate.spkiHash}`],
    });
    const report = await Promise.race([run.reports.report, run.chrome.exited, overall]);
    const where = `report: ${JSON.stringify(report, null, 2)}\n${context()}`;
    assertPlayedAndVerified(report, `wss://127.0.0.1:${run.proxy.httpsPort}/play`, where);
    // The page's socket reached the server through the proxy, which said who the page was.
    await waitForLog(run.pinging.log, /127\.0\.0\.1 \(via 127\.0\.0\.1:\d+\) joined room \d+ as player \d+ 'autotest-\d+'/);
    await stop(run.chrome.browser);
  });

  test(`the server's pings keep quiet sockets through nginx's ${PROXY_TIMEOUT} time-out; without them nginx cuts`, async () => {
    const ca = run.certificate.cert;
    const player = await connectWebSocket(`wss://127.0.0.1:${run.proxy.httpsPort}/play`, { ca });
    player.sendBinary(encodeHello({ name: 'quiet' }));
    await player.waitForMessage(isWelcome);
    // Never says hello: the server is silent on it but for pings (--hello-timeout 60).
    const waiting = await connectWebSocket(`wss://127.0.0.1:${run.proxy.httpsPort}/play`, { ca });
    const unpinged = await connectWebSocket(`wss://127.0.0.1:${run.silentProxy.httpsPort}/play`, { ca });
    await sleep(QUIET_MS);

    assert.ok(player.isOpen, `the joined, silent player was cut after ${player.closedAfterMs} ms (${JSON.stringify(player.closeFrame)})\n${context()}`);
    assert.ok(waiting.isOpen, `the pinged socket without a hello was cut after ${waiting.closedAfterMs} ms (${JSON.stringify(waiting.closeFrame)})\n${context()}`);
    assert.ok(waiting.pings >= QUIET_MS / 1000 - 2, `the server pinged ${waiting.pings} times in ${QUIET_MS} ms at --ping-interval 1s`);
    assert.equal(waiting.messages.length, 0, 'a socket without a hello got game messages');

    assert.ok(!unpinged.isOpen, `with --ping-interval 0 the silent socket survived ${QUIET_MS} ms: nginx's ${PROXY_TIMEOUT} time-out did not apply\n` +
      `nginx config:\n${run.silentProxy.config}`);
    assert.equal(unpinged.pings, 0, 'the server pinged with --ping-interval 0');
    assert.ok(unpinged.closedAfterMs > 2500 && unpinged.closedAfterMs < 6000, `nginx cut the unpinged socket after ${unpinged.closedAfterMs} ms, not ~3 s`);
    assert.equal(unpinged.closeFrame, null, 'the cut came with a close frame: not nginx timing out');
    assert.match(run.silentProxy.errorLog(), /upstream timed out .* while proxying upgraded connection/);
    for (const client of [player, waiting]) await client.close();
  });

  test('client addresses: the proxy is believed, forged X-Forwarded-For is not; Origin holds through the proxy', async () => {
    const ca = run.certificate.cert;
    // Through nginx from 127.0.0.2, with a forged entry nginx appends to: read right to left,
    // 127.0.0.2 (written by nginx, which the server trusts) is the first untrusted address.
    const proxied = await connectWebSocket(`wss://127.0.0.1:${run.proxy.httpsPort}/play`, {
      ca, localAddress: '127.0.0.2', headers: { 'X-Forwarded-For': '198.51.100.7' },
    });
    proxied.sendBinary(encodeHello({ name: 'via-proxy' }));
    await proxied.waitForMessage(isWelcome);
    await waitForLog(run.pinging.log, /127\.0\.0\.2 \(via 127\.0\.0\.1:\d+\) joined room \d+ as player \d+ 'via-proxy'/);

    // Straight to the server from 127.0.0.3, which is no trusted proxy: the header is ignored.
    const direct = await connectWebSocket(`ws://127.0.0.1:${run.pinging.port}/play`, {
      localAddress: '127.0.0.3', headers: { 'X-Forwarded-For': '203.0.113.9' },
    });
    direct.sendBinary(encodeHello({ name: 'direct' }));
    await direct.waitForMessage(isWelcome);
    await waitForLog(run.pinging.log, new RegExp(`127\\.0\\.0\\.3:${direct.localPort} joined room \\d+ as player \\d+ 'direct'`));
    await sleep(200);
    assert.ok(!run.pinging.log().includes('203.0.113.9'), `a forged X-Forwarded-For from an untrusted peer reached the log:\n${run.pinging.log()}`);
    assert.ok(!run.pinging.log().includes('198.51.100.7'), `a forged entry left of the proxy's reached the log:\n${run.pinging.log()}`);

    // Origin: the page's own (https, host with port, as nginx passes them) is admitted; the
    // same host over http or another site is refused before any upgrade.
    const own = await connectWebSocket(`wss://127.0.0.1:${run.proxy.httpsPort}/play`, { ca, headers: { Origin: origin() } });
    await own.close();
    for (const foreign of [`http://127.0.0.1:${run.proxy.httpsPort}`, 'https://evil.example']) {
      await assert.rejects(connectWebSocket(`wss://127.0.0.1:${run.proxy.httpsPort}/play`, { ca, headers: { Origin: foreign } }),
        (error) => error.status === 403, `Origin ${foreign} was not refused with 403`);
    }
    for (const client of [proxied, direct]) await client.close();
  });
});
