// The Agones SDK stand-in's own tests (Tests/AgonesStandIn/test_standin.py, Python's unittest,
// standard library only), run from here so that README's test command runs them too. The
// stand-in is what the game-server's Agones integration tests talk to instead of Agones' SDK
// server; these tests check that it keeps the contract in Tests/AgonesStandIn/README.md.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

test('the Agones SDK stand-in passes its own unittest suite', { timeout: 120_000 }, async () => {
  const result = await new Promise((resolve) => {
    execFile('python3', ['-m', 'unittest', 'discover', '-s', 'Tests/AgonesStandIn', '-p', 'test_*.py'],
      { cwd: ROOT, timeout: 110_000 }, (error, stdout, stderr) => resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }));
  });
  assert.equal(result.code, 0, `python3 -m unittest failed:\n${result.stdout}\n${result.stderr}`);
  assert.match(result.stderr, /\nOK/, result.stderr);
});
