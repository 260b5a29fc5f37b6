// The shipped Caddyfile (Sources/game-server/deploy/caddy/Caddyfile) in front of
// .build/debug/game-server, when Caddy is installed (CI does not install it: Debian has it, but
// nginx is the proxy the TLS test needs). The site name is rewritten to https://127.0.0.1:PORT
// with a self-signed certificate and the upstream's port changed (web/test-support/tlsProxy.mjs);
// what the Caddyfile's comments promise is checked: /healthz over https, /metrics refused, a
// wss:// join proxied with no WebSocket configuration, X-Forwarded-For set by Caddy itself (a
// client's forged one replaced), Host passed through with its port (the Origin check admits
// the page's own origin and refuses others), and the server's pings passed through.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVER, startGameServer, stop } from '../../test-support/chromium.mjs';
import { findCaddy, findOpenSSL, makeCertificate, startCaddy } from '../../test-support/tlsProxy.mjs';
import { connectWebSocket } from '../../test-support/wsClient.mjs';
import { encodeHello, MessageType } from '../../wire/messages.js';

const skip = process.env.E2E_SKIP === '1' ? 'E2E_SKIP=1' : !findCaddy() ? 'Caddy is not installed (apt-get install caddy to run this test)' : false;

function get(url, ca) {
  return new Promise((resolve, reject) => {
    https.get(url, { ca, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    }).on('error', reject);
  });
}

async function waitForLog(log, pattern, timeoutMs = 3000) {
  const start = Date.now();
  while (!pattern.test(log())) {
    if (Date.now() - start > timeoutMs) throw new Error(`the server never logged ${pattern}; its log:\n${log().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('wss:// through the shipped Caddyfile', { skip, timeout: 40_000 }, () => {
  const run = { scratch: null, certificate: null, game: null, caddy: null };

  before(async () => {
    assert.ok(existsSync(SERVER), `${SERVER} is missing: run "swift build" first (or set E2E_SKIP=1)`);
    assert.ok(findOpenSSL(), 'no openssl found: install the Debian package "openssl" (or set E2E_SKIP=1)');
    run.scratch = mkdtempSync(path.join(tmpdir(), 'arena-caddy-'));
    run.certificate = makeCertificate(run.scratch);
    run.game = startGameServer(['--no-record', '--drones', '0', '--trusted-proxy', '127.0.0.1', '--ping-interval', '1s',
      '--hello-timeout', '60', '--log-level', 'info']);
    const port = await run.game.listening;
    run.caddy = await startCaddy({ dir: run.scratch, upstreamPort: port, certificate: run.certificate });
    await run.caddy.ready;
  });

  after(async () => {
    await Promise.all([stop(run.caddy?.process), stop(run.game?.server)]);
    if (run.scratch) rmSync(run.scratch, { recursive: true, force: true });
  });

  test('https, /metrics refused, a wss:// join from 127.0.0.2 logged as that client, Origin and pings through Caddy', async () => {
    const ca = run.certificate.cert;
    const origin = `https://127.0.0.1:${run.caddy.httpsPort}`;
    const context = `caddy:\n${run.caddy.log().slice(-2000)}\nserver:\n${run.game.log().slice(-2000)}`;
    assert.equal(await get(`${origin}/healthz`, ca), 200, context);
    assert.equal(await get(`${origin}/metrics`, ca), 403, context);

    const player = await connectWebSocket(`wss://127.0.0.1:${run.caddy.httpsPort}/play`, {
      ca, localAddress: '127.0.0.2', headers: { Origin: origin, 'X-Forwarded-For': '198.51.100.7' },
    });
    player.sendBinary(encodeHello({ name: 'via-caddy' }));
    await player.waitForMessage((message) => message[0] === MessageType.welcome);
    await waitForLog(run.game.log, /127\.0\.0\.2 \(via 127\.0\.0\.1:\d+\) joined room \d+ as player \d+ 'via-caddy'/);
    assert.ok(!run.game.log().includes('198.51.100.7'), `a client's forged X-Forwarded-For got through Caddy:\n${run.game.log()}`);

    for (const foreign of [`http://127.0.0.1:${run.caddy.httpsPort}`, 'https://evil.example']) {
      await assert.rejects(connectWebSocket(`wss://127.0.0.1:${run.caddy.httpsPort}/play`, { ca, headers: { Origin: foreign } }),
        (error) => error.status === 403, `Origin ${foreign} was not refused with 403`);
    }

    // The server pings a socket that never says hello every second; Caddy passes them on.
    const waiting = await connectWebSocket(`wss://127.0.0.1:${run.caddy.httpsPort}/play`, { ca });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.ok(waiting.isOpen && waiting.pings >= 1, `pings through Caddy: ${waiting.pings}, open: ${waiting.isOpen}`);
    await Promise.all([player.close(), waiting.close()]);
  });
});
