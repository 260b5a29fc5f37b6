// The Agones manifests shipped beside the executable (Sources/game-server/deploy/agones/)
// pass the validator that checks them against the schemas Agones installs with its CRDs, and
// a deliberately broken Fleet (Tests/AgonesStandIn/broken-fleet.yaml) fails it, naming both
// of its mistakes. The validator is $AGONES_VALIDATE, or shared/agones/validate in the
// package root's parent directory or any directory above it (a checkout beside shared/).
// Without one the tests are skipped, saying where they looked. It needs Python with PyYAML
// and jsonschema (Debian: python3-yaml python3-jsonschema).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MANIFESTS = path.join(ROOT, 'Sources', 'game-server', 'deploy', 'agones');
const BROKEN = path.join(ROOT, 'Tests', 'AgonesStandIn', 'broken-fleet.yaml');

/** { validator, looked }: the validator's path (or null) and every place tried. */
function findValidator() {
  const looked = [];
  if (process.env.AGONES_VALIDATE) {
    looked.push(`$AGONES_VALIDATE=${process.env.AGONES_VALIDATE}`);
    if (existsSync(process.env.AGONES_VALIDATE)) return { validator: process.env.AGONES_VALIDATE, looked };
  }
  for (let dir = path.dirname(ROOT); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'agones', 'validate');
    looked.push(candidate);
    if (existsSync(candidate)) return { validator: candidate, looked };
    if (path.dirname(dir) === dir) return { validator: null, looked };
  }
}

function validate(validator, files) {
  return new Promise((resolve) => {
    execFile('python3', [validator, ...files], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: stdout + stderr }));
  });
}

const { validator, looked } = findValidator();
const skip = validator ? false : `no Agones validator found; looked at: ${looked.join(', ')} (set AGONES_VALIDATE)`;
const manifests = readdirSync(MANIFESTS).filter((name) => /\.ya?ml$/.test(name)).sort();

describe('Agones manifests', { skip }, () => {
  test('the shipped GameServer, Fleet and FleetAutoscaler are there', () => {
    assert.deepEqual(manifests, ['fleet.yaml', 'fleetautoscaler.yaml', 'gameserver.yaml']);
  });

  for (const name of manifests) {
    test(`${name} passes the Agones schemas`, async () => {
      const { code, output } = await validate(validator, [path.join(MANIFESTS, name)]);
      assert.equal(code, 0, output);
      assert.match(output, /^valid /m, output);
      assert.doesNotMatch(output, /INVALID|unchecked/, output);
    });
  }

  test('the broken Fleet fails, with both of its errors named', async () => {
    const { code, output } = await validate(validator, [BROKEN]);
    assert.notEqual(code, 0, output);
    assert.match(output, /INVALID .*spec\/scheduling: 'Sideways' is not one of/, output);
    assert.match(output, /INVALID .*containerPort: '8080' is not of type 'integer'/, output);
  });
});
