import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PAIR_CHAT, PairAutotestScript, PairPhase } from '../client/pairAutotest.js';

const PLAYER = 0;
const player = (id, owner, x, y) => ({ id, kind: PLAYER, values: [x, y, owner] });

/** Just enough of a GameSession for the script: two players, one of them ours (player 1). */
function fakeSession() {
  const world = {
    entities: [player(10, 1, 0, 0)],
    snapshotsApplied: 20,
    interpolator: { lastSample: { held: null } },
    kindIndex: (name) => (name === 'player' ? PLAYER : -1),
    value: (entity, name) => (name === 'player' ? entity.values[2] : undefined),
  };
  return {
    world,
    playing: true,
    state: 'playing',
    welcome: { playerID: 1 },
    get ownEntity() { return world.entities[0]; },
    game: { playerKindName: 'player', canMove: () => true },
    stats: () => ({ snapshots: 100, hashesChecked: 3, hashMismatches: 0 }),
    errors: [],
    name: 'me',
    said: [],
    sendChat(text) {
      this.said.push(text);
      return true;
    },
  };
}

test('the pair script waits for the other player and two snapshots, walks its legs, records only the other', () => {
  const session = fakeSession();
  const pattern = [{ moveX: 1, moveY: 0, ms: 100 }, { moveX: 0, moveY: 0, ms: 50 }, { moveX: 0, moveY: -1, ms: 100 }];
  const script = new PairAutotestScript({ session, pattern, trailMs: 40, epochOffsetMs: 1000 });
  let report = null;
  script.onDone = (done) => {
    report = done;
  };
  const view = (x) => ({ own: null, remote: [player(11, 2, x, 5)], renderTick: 1 });

  // Alone: no walking.
  assert.deepEqual(script.intent(0), { moveX: 0, moveY: 0, fire: false, aim: 0 });
  assert.equal(script.phase, PairPhase.waiting);
  session.world.entities.push(player(11, 2, 100, 5));
  // The other player is there but only one snapshot has been applied: nothing to interpolate yet.
  session.world.snapshotsApplied = 1;
  script.intent(20);
  assert.equal(script.phase, PairPhase.waiting);
  script.observe(30, view(100));
  assert.equal(script.samples.length, 0, 'nothing recorded before walking');
  session.world.snapshotsApplied = 2;
  script.intent(40);
  assert.equal(script.phase, PairPhase.walking, 'no settle wait once two snapshots are in');
  assert.deepEqual(session.said, [PAIR_CHAT], 'one line of chat as it starts walking');

  assert.equal(script.intent(60).moveX, 1);
  script.observe(60, view(110));
  script.observe(70, { own: null, remote: [], renderTick: 2 });
  assert.deepEqual(script.intent(160), { moveX: 0, moveY: 0, fire: false, aim: 0 });
  assert.equal(script.intent(200).moveY, -1);
  assert.equal(script.intent(285).moveY, -1);
  script.intent(295);
  assert.equal(script.phase, PairPhase.trailing);
  script.intent(320);
  assert.equal(report, null);
  script.intent(336);
  assert.equal(script.phase, PairPhase.done);
  assert.ok(report);
  assert.equal(report.failure, null);
  assert.equal(report.otherPlayer, 2);
  assert.equal(report.chatSent, true);
  assert.equal(report.name, 'me');
  assert.equal(report.walkStart, 1040);
  assert.equal(report.walkEnd, 1295);
  assert.deepEqual(report.samples, [{ t: 1060, tick: 1, x: 110, y: 5 }, { t: 1070, tick: 2, missing: true }]);
  assert.equal(report.hashMismatches, 0);
});

test('the pair script gives up when the other player never shows', () => {
  const session = fakeSession();
  const script = new PairAutotestScript({ session, meetTimeoutMs: 100 });
  let report = null;
  script.onDone = (done) => {
    report = done;
  };
  script.intent(0);
  script.intent(101);
  assert.equal(report.failure, 'never saw the other player');
});
