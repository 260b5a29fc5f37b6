// game-server as an Agones GameServer, against the SDK server stand-in
// (Tests/AgonesStandIn/agones_sdk_standin.py, which plays Agones' local and conformance
// modes): a real game-server process with --agones, bots from .build/debug/bots, the
// stand-in's record of every call (GET /__standin/state). What must hold:
// - Ready only once the game port accepts, even when the SDK server starts seconds later;
// - health at the period with a body of exactly {}; players refused until Allocated, then
//   seated, each reported as connecting and disconnecting, with the seat capacity and counts;
// - SIGTERM drains (players closed with 1001), calls Shutdown, exits 0;
// - a room whose game thread wedges (--test-stall-at-tick) stops the pings: Unhealthy;
// - a conformance run whose expected set of calls matches exactly.
// Needs `swift build` and python3.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, SERVER, stop } from '../../test-support/chromium.mjs';

const STANDIN = path.join(ROOT, 'Tests', 'AgonesStandIn', 'agones_sdk_standin.py');
const BOTS = path.join(ROOT, '.build', 'debug', 'bots');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port free now (the stand-in may start after the game, so its port must be known first). */
async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function startStandIn(port, args = []) {
  const child = spawn('python3', [STANDIN, '--port', String(port), ...args], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk) => { out += chunk; });
  child.stderr.on('data', (chunk) => { out += chunk; });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

function startServer(sdkPort, args = []) {
  const child = spawn(SERVER, ['--port', '0', '--no-record', '--web-root', path.join(ROOT, 'web'), '--resume-grace', '0',
    '--agones', '--agones-sdk-port', String(sdkPort), '--agones-health-seconds', '0.5', ...args],
  { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let port = null;
  let listeningAt = null;
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    out += chunk;
    const match = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
    if (match && port === null) {
      port = Number(match[1]);
      listeningAt = Date.now();
    }
  });
  child.stderr.on('data', (chunk) => { out += chunk; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => out, port: () => port, listeningAt: () => listeningAt, exited };
}

async function standInState(port) {
  const response = await fetch(`http://127.0.0.1:${port}/__standin/state`);
  return response.json();
}

async function until(what, check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Runs the bots tool against the server; resolves with its exit code and output. */
function runBots(port, args) {
  return new Promise((resolve) => {
    execFile(BOTS, ['--url', `ws://127.0.0.1:${port}/play`, ...args], { cwd: ROOT, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code ?? 1) : 0, output: stdout + stderr }));
  });
}

test('game-server on Agones: Ready after listening (SDK server late), health, players only once allocated, SIGTERM drains and shuts down', { timeout: 90_000 }, async (t) => {
  const sdkPort = await freePort();
  const server = startServer(sdkPort);
  t.after(() => stop(server.child));
  // The SDK server comes up two seconds after the game: the game must retry until it answers.
  await until('the game to listen', () => server.port() !== null);
  const standIn = startStandIn(sdkPort, ['--delay-start', '2', '--health-period', '1', '--failure-threshold', '3']);
  t.after(() => stop(standIn.child));
  const ready = await until('Ready', async () => {
    try {
      const state = await standInState(sdkPort);
      return state.state === 'Ready' ? state : null;
    } catch { return null; }
  });
  const context = () => `game-server:\n${server.output().slice(-3000)}\nstand-in:\n${standIn.output().slice(-2000)}`;
  assert.ok(await canConnect(server.port()), 'the game port accepts once Ready was asked for');
  const readyCall = ready.calls.find((call) => call.path === '/ready');
  assert.ok(readyCall, context());
  assert.ok(ready.calls.some((call) => call.path === '/watch/gameserver'), `the game follows the watch\n${context()}`);

  // Health at the period, each with {} (the stand-in counts only those).
  const before = (await standInState(sdkPort)).health_pings;
  await sleep(2600);
  const after = await standInState(sdkPort);
  assert.ok(after.health_pings - before >= 4, `pings every 0.5 s: ${after.health_pings - before} in 2.6 s\n${context()}`);
  assert.equal(after.state, 'Ready', context());
  assert.equal(after.capacity, 64 * 64, 'the seat capacity is reported');
  assert.equal(after.labels['agones.dev/sdk-players'], '0');

  // Not allocated: a bot is refused with 4004 and the reason.
  const refused = await runBots(server.port(), ['--players', '1', '--duration', '1s']);
  assert.match(refused.output, /4004|failed 1|0 playing/, `a player is refused before allocation\n${refused.output}`);

  // Allocated: three bots play for three seconds, each reported connecting, then leaving.
  await fetch(`http://127.0.0.1:${sdkPort}/__standin/allocate`, { method: 'POST', body: '{}' });
  await until('the game to see Allocated', () => /allocated; accepting players/.test(server.output()));
  const botsDone = runBots(server.port(), ['--players', '3', '--duration', '3s']);
  // Connects go out before the count's label, each within a second of the join.
  await until('three players tracked and counted', async () => {
    const state = await standInState(sdkPort);
    return state.players.length === 3 && state.labels['agones.dev/sdk-players'] === '3' && state.labels['agones.dev/sdk-rooms'] === '1';
  });
  const bots = await botsDone;
  assert.equal(bots.code, 0, bots.output);
  assert.match(bots.output, /0 mismatched/, bots.output);
  await until('the players to be disconnected', async () => (await standInState(sdkPort)).players.length === 0);

  // SIGTERM: drain, Shutdown, exit 0, at once: the SDK client's own connections are not
  // players the drain waits for (they once held it for the whole 5 s time-out).
  const terminatedAt = Date.now();
  process.kill(server.child.pid, 'SIGTERM');
  const exit = await Promise.race([server.exited, sleep(15_000).then(() => ({ code: 'still running' }))]);
  assert.deepEqual(exit, { code: 0, signal: null }, context());
  assert.ok(Date.now() - terminatedAt < 3000, `the drain took ${Date.now() - terminatedAt} ms with no players left\n${context()}`);
  const final = await standInState(sdkPort);
  assert.equal(final.state, 'Shutdown', context());
  const connects = final.calls.filter((call) => call.path === '/alpha/player/connect').length;
  const disconnects = final.calls.filter((call) => call.path === '/alpha/player/disconnect').length;
  assert.equal(connects, 3, context());
  assert.equal(disconnects, 3, context());
  assert.ok(final.calls.every((call) => call.path !== '/health' || (typeof call.body === 'object' && Object.keys(call.body).length === 0)),
    'every health ping had the body {}');
});

test('a wedged game thread stops the health pings, and Agones marks the server Unhealthy', { timeout: 60_000 }, async (t) => {
  const sdkPort = await freePort();
  const standIn = startStandIn(sdkPort, ['--health-period', '1', '--failure-threshold', '2']);
  t.after(() => stop(standIn.child));
  await until('the stand-in', () => /listening on/.test(standIn.output()));
  // The room's game thread wedges at tick 90 (1.5 s after the first player); stalled after 1 s.
  const server = startServer(sdkPort, ['--test-stall-at-tick', '90', '--agones-stall-seconds', '1']);
  t.after(() => stop(server.child));
  await until('Ready', async () => (await standInState(sdkPort)).state === 'Ready');
  await fetch(`http://127.0.0.1:${sdkPort}/__standin/allocate`, { method: 'POST', body: '{}' });
  await until('the game to see Allocated', () => /allocated; accepting players/.test(server.output()));
  const healthyFor = await standInState(sdkPort);
  assert.equal(healthyFor.state, 'Allocated');
  const bots = runBots(server.port(), ['--players', '1', '--duration', '6s']);
  await until('Unhealthy', async () => (await standInState(sdkPort)).state === 'Unhealthy', 20_000);
  assert.match(server.output(), /health pings stop/, server.output().slice(-2000));
  await bots;
});

test('a busy room (every wake 60 ms late, ticks skipped) still wakes: the pings go on and the server stays healthy', { timeout: 60_000 }, async (t) => {
  const sdkPort = await freePort();
  const standIn = startStandIn(sdkPort, ['--health-period', '1', '--failure-threshold', '2']);
  t.after(() => stop(standIn.child));
  await until('the stand-in', () => /listening on/.test(standIn.output()));
  // Each wake takes 60 ms longer than its work: four ticks' worth at 60 Hz, so the room runs
  // behind and skips ticks, but its thread wakes every 60 ms, far inside the 1 s stall limit.
  const server = startServer(sdkPort, ['--test-slow-wake-ms', '60', '--agones-stall-seconds', '1']);
  t.after(() => stop(server.child));
  await until('Ready', async () => (await standInState(sdkPort)).state === 'Ready');
  await fetch(`http://127.0.0.1:${sdkPort}/__standin/allocate`, { method: 'POST', body: '{}' });
  await until('the game to see Allocated', () => /allocated; accepting players/.test(server.output()));
  const bots = runBots(server.port(), ['--players', '2', '--duration', '5s']);
  await sleep(1500);
  const before = (await standInState(sdkPort)).health_pings;
  await sleep(3000);
  const during = await standInState(sdkPort);
  await bots;
  assert.equal(during.state, 'Allocated', server.output().slice(-2000));
  assert.ok(during.health_pings - before >= 4, `pings went on: ${during.health_pings - before} in 3 s`);
  assert.doesNotMatch(server.output(), /health pings stop/);
});

test('conformance: the set of SDK calls a game-server life makes is exactly the expected one', { timeout: 60_000 }, async (t) => {
  const sdkPort = await freePort();
  const expected = 'ready,health,gameserver,watch,setlabel,setplayercapacity,playerconnect,playerdisconnect,shutdown';
  const standIn = startStandIn(sdkPort, ['--test', expected, '--timeout', '40']);
  t.after(() => stop(standIn.child));
  await until('the stand-in', () => /listening on/.test(standIn.output()));
  const server = startServer(sdkPort);
  t.after(() => stop(server.child));
  await until('Ready', async () => (await standInState(sdkPort)).state === 'Ready');
  await fetch(`http://127.0.0.1:${sdkPort}/__standin/allocate`, { method: 'POST', body: '{}' });
  await until('the game to see Allocated', () => /allocated; accepting players/.test(server.output()));
  const bots = await runBots(server.port(), ['--players', '2', '--duration', '2s']);
  assert.equal(bots.code, 0, bots.output);
  process.kill(server.child.pid, 'SIGTERM');
  await server.exited;
  const verdict = await Promise.race([standIn.exited, sleep(10_000).then(() => 'no verdict')]);
  assert.equal(verdict, 0, standIn.output());
  assert.match(standIn.output(), /conformance: PASS/, standIn.output());
});

test('--shutdown-when-empty: once allocated and empty, it drains and calls Shutdown, then waits to be stopped; counters follow the players', { timeout: 60_000 }, async (t) => {
  const sdkPort = await freePort();
  const standIn = startStandIn(sdkPort, ['--health-period', '1', '--counter', 'players=64', '--counter', 'rooms=2']);
  t.after(() => stop(standIn.child));
  await until('the stand-in', () => /listening on/.test(standIn.output()));
  const server = startServer(sdkPort, ['--shutdown-when-empty', '1', '--agones-counters']);
  t.after(() => stop(server.child));
  await until('Ready', async () => (await standInState(sdkPort)).state === 'Ready');
  await fetch(`http://127.0.0.1:${sdkPort}/__standin/allocate`, { method: 'POST', body: '{}' });
  await until('the game to see Allocated', () => /allocated; accepting players/.test(server.output()));
  const botsDone = runBots(server.port(), ['--players', '2', '--duration', '3s']);
  await until('the players counter at 2 and rooms at 1', async () => {
    const { counters } = await standInState(sdkPort);
    return Number(counters.players?.count) === 2 && Number(counters.rooms?.count) === 1;
  });
  const bots = await botsDone;
  assert.equal(bots.code, 0, bots.output);
  await until('Shutdown', async () => (await standInState(sdkPort)).state === 'Shutdown', 10_000);
  // It does not exit on its own after Shutdown: Agones stops it.
  await sleep(1500);
  assert.equal(server.child.exitCode, null, `still running after Shutdown\n${server.output().slice(-2000)}`);
  assert.match(server.output(), /waiting to be stopped/);
  process.kill(server.child.pid, 'SIGTERM');
  const exit = await Promise.race([server.exited, sleep(10_000).then(() => ({ code: 'still running' }))]);
  assert.deepEqual(exit, { code: 0, signal: null }, server.output().slice(-2000));
});
