// Interoperability with an Engine.IO client nobody here wrote: Python's python-engineio, from
// PyPI, against a real game-server. It connects over polling only, then again with the
// upgrade to WebSocket; each time it sends hello and inputs as Engine.IO binary messages, and
// the messages it receives decode with the same code as a /play client's: a welcome, events,
// and snapshots whose view hashes all match.
//
// The virtual environment is made by this test at .build/interop-venv (python3 -m venv, then
// pip install python-engineio requests websocket-client) unless ENGINEIO_PYTHON names a
// Python that has them. Needs `swift build` and network access to PyPI the first time.

import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { E2E_SKIP, ROOT, SERVER, startGameServer, stop } from '../../test-support/chromium.mjs';
import { encodeHello, encodeInput, MessageType } from '../../wire/messages.js';
import { ViewReconstructor } from '../../wire/snapshot.js';

const VENV = path.join(ROOT, '.build', 'interop-venv');
const SCRIPT = path.join(ROOT, 'web', 'test-support', 'engineio_client.py');
const hex = (bytes) => Buffer.from(bytes).toString('hex');

/** A Python with python-engineio: ENGINEIO_PYTHON, or the venv (made on first use). */
function interopPython() {
  if (process.env.ENGINEIO_PYTHON) return process.env.ENGINEIO_PYTHON;
  const python = path.join(VENV, 'bin', 'python');
  if (!existsSync(python)) execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  return python;
}

function ensurePackages(python) {
  try {
    execFileSync(python, ['-c', 'import engineio, requests, websocket'], { stdio: 'ignore' });
  } catch {
    execFileSync(python, ['-m', 'pip', 'install', '-q', 'python-engineio', 'requests', 'websocket-client'], { stdio: 'inherit', timeout: 180_000 });
  }
}

/** Runs the Python client; resolves with its JSON report. */
function runClient(python, url, transports, seconds, messages) {
  return new Promise((resolve, reject) => {
    execFile(python, [SCRIPT, url, transports, String(seconds), ...messages.map(hex)], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`python-engineio client failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

/**
 * Arena's input fields as its welcome sends them (Sources/Arena/ArenaInput.swift): the
 * Python client sends bytes made before it connects, so they are written out here.
 */
const ARENA_INPUTS = [
  { name: 'buttons', min: 0, max: 255, step: 1, whenLate: 'release' },
  { name: 'aim', min: 0, max: 65_520, step: 16, whenLate: 'keep' },
  { name: 'moveX', min: -1, max: 1, step: 1, whenLate: 'hold' },
  { name: 'moveY', min: -1, max: 1, step: 1, whenLate: 'hold' },
];

/** Twelve inputs walking right, in three messages (well-formed: a malformed one is a kick). */
function inputMessages() {
  const messages = [];
  for (let batch = 0; batch < 3; batch++) {
    const inputs = [];
    for (let index = 0; index < 4; index++) {
      const sequence = batch * 4 + index + 1;
      inputs.push({ sequence, tick: sequence, moveX: 1, moveY: 0, aim: 0, buttons: 0 });
    }
    messages.push(encodeInput(inputs, ARENA_INPUTS));
  }
  return messages;
}

/** Decodes what the server sent with the /play client's own code. */
function replay(messages) {
  const world = new ViewReconstructor();
  const types = messages.map((message) => message[0]);
  assert.equal(types[0], MessageType.welcome, `the first message must be welcome, got types ${types.slice(0, 5)}`);
  world.applyWelcomeBytes(messages[0]);
  let snapshots = 0;
  for (const message of messages.slice(1)) {
    if (message[0] === MessageType.snapshot) {
      world.applySnapshot(message);
      snapshots++;
    }
  }
  return { world, snapshots, events: types.filter((type) => type === MessageType.events).length };
}

describe('python-engineio plays against game-server', { skip: E2E_SKIP, timeout: 300_000 }, () => {
  const run = { server: null, python: null, url: null };

  before(async () => {
    assert.ok(existsSync(SERVER), `${SERVER} is missing: run "swift build" first`);
    run.python = interopPython();
    ensurePackages(run.python);
    run.server = startGameServer(['--no-record', '--log-level', 'info']);
    run.url = `http://127.0.0.1:${await run.server.listening}`;
  });

  after(async () => {
    await stop(run.server?.server);
  });

  for (const [transports, expected] of [['polling', 'polling'], ['polling,websocket', 'websocket']]) {
    test(`over ${transports}: welcome, events and verified snapshots; the session ends on ${expected}`, async () => {
      const name = `py-${expected}`;
      const report = await runClient(run.python, run.url, transports, 1.5, [encodeHello({ name }), ...inputMessages()]);
      assert.equal(report.transport, expected);
      assert.deepEqual(report.texts, [], 'no close message: the server did not kick the client');
      const messages = report.messages.map((text) => Uint8Array.from(Buffer.from(text, 'hex')));
      const { world, snapshots, events } = replay(messages);
      assert.ok(snapshots >= 30, `snapshots: ${snapshots}`);
      assert.ok(events >= 1, 'the join event arrives');
      assert.ok(world.hashesChecked >= 1, 'view hashes were checked');
      assert.equal(world.hashMismatches, 0);
      // Every one of the twelve inputs was applied: the snapshots acknowledge the last.
      assert.equal(world.lastInputSequence, 12, 'the inputs sent over Engine.IO are acknowledged');
      assert.match(run.server.log(), new RegExp(`joined room \\d+ as player \\d+ '${name}'`));
    });
  }
});
