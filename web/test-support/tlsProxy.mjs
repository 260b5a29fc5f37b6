// A real nginx in front of the game server, for web/test/e2e/tls.test.js: a self-signed
// certificate for 127.0.0.1 made with openssl, and a throw-away nginx prefix whose nginx.conf
// includes a copy of the SHIPPED Sources/game-server/deploy/nginx/game-server.conf. Only the
// listen ports, the certificate paths, the upstream port and the WebSocket time-outs are
// rewritten, each by exact string replacement that must find its target the expected number of
// times: when the shipped file changes one of them, this fails loudly instead of testing a
// configuration that is no longer shipped. startCaddy does the same with the shipped Caddyfile
// (web/test/e2e/caddy.test.js, run when Caddy is installed).

import { execFileSync, spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ROOT } from './chromium.mjs';

export const SHIPPED_NGINX_CONF = path.join(ROOT, 'Sources', 'game-server', 'deploy', 'nginx', 'game-server.conf');
export const SHIPPED_CADDYFILE = path.join(ROOT, 'Sources', 'game-server', 'deploy', 'caddy', 'Caddyfile');

/** `name` on PATH, else the first of `fallbacks` that exists (nginx lives in /usr/sbin). */
export function findExecutable(name, fallbacks = []) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return fallbacks.find((candidate) => existsSync(candidate)) ?? null;
}

export const findNginx = () => process.env.NGINX || findExecutable('nginx', ['/usr/sbin/nginx', '/usr/local/sbin/nginx']);
export const findOpenSSL = () => findExecutable('openssl', ['/usr/bin/openssl']);

/** A port nobody listens on now: bound to port 0, read, released. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * A self-signed P-256 certificate for IP 127.0.0.1, valid one day, written into `dir`.
 * Returns { certFile, keyFile, cert, key, spkiHash }; spkiHash is the base64 SHA-256 of its
 * public key, what Chromium's --ignore-certificate-errors-spki-list takes.
 */
export function makeCertificate(dir) {
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  execFileSync(findOpenSSL() ?? 'openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  const cert = readFileSync(certFile, 'utf8');
  const key = readFileSync(keyFile, 'utf8');
  const spki = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
  return { certFile, keyFile, cert, key, spkiHash: createHash('sha256').update(spki).digest('base64') };
}

/**
 * The exact strings of the shipped file that the test rewrites, with how often each occurs.
 * `to` is the text put in its place.
 */
export function nginxRewrites({ httpPort, httpsPort, upstreamPort, certFile, keyFile, timeout }) {
  return [
    { from: 'listen 80;', count: 1, to: `listen 127.0.0.1:${httpPort};` },
    // IPv6 listeners would need [::] on the test machine; the test speaks IPv4 only.
    { from: 'listen [::]:80;', count: 1, to: '# (IPv6 listener removed by the test)' },
    { from: 'listen 443 ssl;', count: 1, to: `listen 127.0.0.1:${httpsPort} ssl;` },
    { from: 'listen [::]:443 ssl;', count: 1, to: '# (IPv6 listener removed by the test)' },
    { from: 'ssl_certificate     /etc/letsencrypt/live/game.example.com/fullchain.pem;', count: 1, to: `ssl_certificate ${certFile};` },
    { from: 'ssl_certificate_key /etc/letsencrypt/live/game.example.com/privkey.pem;', count: 1, to: `ssl_certificate_key ${keyFile};` },
    { from: 'server 127.0.0.1:8080;', count: 1, to: `server 127.0.0.1:${upstreamPort};` },
    { from: 'proxy_read_timeout 75s;', count: 3, to: `proxy_read_timeout ${timeout};` },
    { from: 'proxy_send_timeout 75s;', count: 3, to: `proxy_send_timeout ${timeout};` },
  ];
}

/** Applies the rewrites; throws naming every target that is missing or occurs a different number of times. */
export function rewriteShippedConfig(text, rewrites) {
  return rewriteExactly(text, rewrites, SHIPPED_NGINX_CONF);
}

/**
 * Starts nginx in the foreground in a prefix of its own below `dir`, with the shipped
 * configuration rewritten to listen on free loopback ports, present `certificate`, and proxy to
 * 127.0.0.1:upstreamPort with WebSocket time-outs of `timeout` (an nginx duration: "3s").
 * Returns { process, httpPort, httpsPort, prefix, config, ready, errorLog(), accessLog() };
 * `ready` resolves once the https port accepts connections and rejects if nginx exits first.
 * The process is returned at once so the caller can always stop it (chromium.mjs's `stop`).
 */
export async function startNginx({ dir, upstreamPort, certificate, timeout = '75s', nginx = findNginx() }) {
  const prefix = path.join(dir, `nginx-${upstreamPort}`);
  for (const sub of ['', 'logs', 'temp']) mkdirSync(path.join(prefix, sub), { recursive: true });
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const shipped = readFileSync(SHIPPED_NGINX_CONF, 'utf8');
  const config = rewriteShippedConfig(shipped, nginxRewrites({
    httpPort, httpsPort, upstreamPort, certFile: certificate.certFile, keyFile: certificate.keyFile, timeout,
  }));
  writeFileSync(path.join(prefix, 'game-server.conf'), config);
  const errorLog = path.join(prefix, 'logs', 'error.log');
  const accessLog = path.join(prefix, 'logs', 'access.log');
  const temp = (name) => path.join(prefix, 'temp', name);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot) chmodSync(prefix, 0o755);
  writeFileSync(path.join(prefix, 'nginx.conf'), [
    // Workers run as the user that runs the test (as root nginx would switch to nobody, who
    // could not use this prefix); the directive is only allowed, and only needed, as root.
    asRoot ? 'user root root;' : '',
    'worker_processes 1;',
    `pid ${path.join(prefix, 'nginx.pid')};`,
    `error_log ${errorLog} info;`,
    'events { worker_connections 512; }',
    'http {',
    `  access_log ${accessLog};`,
    `  client_body_temp_path ${temp('client_body')};`,
    `  proxy_temp_path ${temp('proxy')};`,
    `  fastcgi_temp_path ${temp('fastcgi')};`,
    `  uwsgi_temp_path ${temp('uwsgi')};`,
    `  scgi_temp_path ${temp('scgi')};`,
    `  include ${path.join(prefix, 'game-server.conf')};`,
    '}',
    '',
  ].join('\n'));
  const child = spawn(nginx, ['-p', prefix, '-e', errorLog, '-c', path.join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
    detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      output += chunk;
    });
  }
  const readLog = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const ready = listeningOn(httpsPort, child, () => `${output}\n${readLog(errorLog)}`, 'nginx');
  return {
    process: child, httpPort, httpsPort, prefix, config, ready,
    errorLog: () => readLog(errorLog), accessLog: () => readLog(accessLog),
  };
}

export const findCaddy = () => process.env.CADDY || findExecutable('caddy', ['/usr/bin/caddy']);

/**
 * The shipped Caddyfile's exact strings the Caddy test rewrites: the site (a public name,
 * whose certificate Caddy would fetch) becomes https://127.0.0.1:PORT with the test's
 * certificate, and the upstream's port changes.
 */
export function caddyRewrites({ httpsPort, upstreamPort, certFile, keyFile }) {
  return [
    { from: 'game.example.com {', count: 1, to: `https://127.0.0.1:${httpsPort} {\n\tbind 127.0.0.1\n\ttls ${certFile} ${keyFile}` },
    { from: 'reverse_proxy 127.0.0.1:8080 {', count: 1, to: `reverse_proxy 127.0.0.1:${upstreamPort} {` },
  ];
}

/**
 * Starts Caddy in the foreground on the shipped Caddyfile, rewritten (caddyRewrites), with a
 * test-only global block in front: no admin endpoint, its http port on a free loopback port
 * and no http-to-https redirect server (which would take port 80), its storage in `dir`.
 * Returns { process, httpsPort, config, ready, log() } like startNginx.
 */
export async function startCaddy({ dir, upstreamPort, certificate, caddy = findCaddy() }) {
  const home = path.join(dir, `caddy-${upstreamPort}`);
  mkdirSync(home, { recursive: true });
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const shipped = readFileSync(SHIPPED_CADDYFILE, 'utf8');
  const site = rewriteExactly(shipped, caddyRewrites({ httpsPort, upstreamPort, certFile: certificate.certFile, keyFile: certificate.keyFile }), SHIPPED_CADDYFILE);
  const config = `{\n\tadmin off\n\thttp_port ${httpPort}\n\tauto_https disable_redirects\n}\n\n${site}`;
  const file = path.join(home, 'Caddyfile');
  writeFileSync(file, config);
  const child = spawn(caddy, ['run', '--config', file, '--adapter', 'caddyfile'], {
    detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HOME: home, XDG_DATA_HOME: path.join(home, 'data'), XDG_CONFIG_HOME: path.join(home, 'config') },
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      output = (output + chunk).slice(-20_000);
    });
  }
  const ready = listeningOn(httpsPort, child, () => output, 'caddy');
  return { process: child, httpsPort, config, ready, log: () => output };
}

/** rewriteShippedConfig for any shipped file. */
function rewriteExactly(text, rewrites, file) {
  const problems = [];
  let result = text;
  for (const { from, count, to } of rewrites) {
    const found = result.split(from).length - 1;
    if (found !== count) problems.push(`"${from}" occurs ${found} times, expected ${count}`);
    else result = result.split(from).join(to);
  }
  if (problems.length > 0) {
    throw new Error(`${file} no longer has what the test rewrites; update the test with it:\n  ${problems.join('\n  ')}`);
  }
  return result;
}

/** Resolves once `port` accepts connections; rejects if `child` exits first or after 10 s. */
function listeningOn(port, child, output, what) {
  const ready = new Promise((resolve, reject) => {
    const started = Date.now();
    child.once('exit', (code, signal) => reject(new Error(`${what} exited (${code ?? signal}):\n${output()}`)));
    const probe = () => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() - started > 10_000) reject(new Error(`${what} did not listen on ${port} within 10 s:\n${output()}`));
        else setTimeout(probe, 50);
      });
    };
    probe();
  });
  ready.catch(() => {});
  return ready;
}
