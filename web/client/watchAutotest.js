// The watching page of web/test/e2e/fallback.test.js (a), `?autotest=1&script=watch&report=URL`:
// a second player, on WebSocket, in the room of a page that plays over long-polling. It
// stands still and records, every frame, where it draws the other autotest player (found by
// its `autotest-` name), until it has seen that player move `minMove` and heard its chat line
// (AUTOTEST_CHAT); then it POSTs a report. So a polling player's inputs and chat are shown
// to the others, not only to itself.

import { AUTOTEST_CHAT } from './autotest.js';

const IDLE = Object.freeze({ moveX: 0, moveY: 0, fire: false, aim: 0 });

export class WatchAutotestScript {
  /**
   * @param {object} options
   * @param {import('./session.js').GameSession} options.session
   * @param {number} options.minMove simulation units the other player must be seen to move
   * @param {number} options.timeoutMs longest wait for both
   */
  constructor({ session, minMove = 1600, timeoutMs = 30_000, namePrefix = 'autotest-' }) {
    this.session = session;
    this.minMove = minMove;
    this.timeoutMs = timeoutMs;
    this.namePrefix = namePrefix;
    this.startedAt = null;
    this.done = false;
    /** The other autotest player's id, once the scoreboard names it. */
    this.watched = null;
    this.first = null;
    this.last = null;
    this.farthest = 0;
    this.framesSeen = 0;
    this.onDone = () => {};
  }

  intent(nowMs) {
    this.startedAt ??= nowMs;
    if (this.done) return IDLE;
    if (this.farthest >= this.minMove && this.#heard()) this.#finish(nowMs, null);
    else if (nowMs - this.startedAt > this.timeoutMs) {
      this.#finish(nowMs, this.watched === null ? 'never saw the other autotest player' : 'did not see it move and speak');
    }
    return IDLE;
  }

  /** Called with every frame's view: where the watched player is drawn. */
  observe(nowMs, view) {
    if (this.done || !view) return;
    this.watched ??= this.#otherAutotestPlayer();
    if (this.watched === null) return;
    const world = this.session.world;
    const kind = world.kindIndex(this.session.game.playerKindName);
    const entity = view.remote.find((e) => e.kind === kind && world.value(e, 'player') === this.watched);
    if (!entity) return;
    const point = { x: entity.values[0], y: entity.values[1] };
    this.first ??= point;
    this.last = point;
    this.framesSeen++;
    this.farthest = Math.max(this.farthest, Math.hypot(point.x - this.first.x, point.y - this.first.y));
  }

  #otherAutotestPlayer() {
    const own = this.session.welcome?.playerID;
    const row = this.session.scoreboard.rows().find((r) => r.player !== own && r.name.startsWith(this.namePrefix));
    return row ? row.player : null;
  }

  #heard() {
    return this.session.chat.lines.some((line) => line.player === this.watched && line.text === AUTOTEST_CHAT);
  }

  #finish(nowMs, failure) {
    this.done = true;
    const session = this.session;
    const stats = session.stats(nowMs);
    this.onDone({
      failure,
      state: session.state,
      transportURL: session.transport.url ?? null,
      playerID: session.welcome?.playerID ?? null,
      watchedPlayer: this.watched,
      first: this.first,
      last: this.last,
      farthest: this.farthest,
      framesSeen: this.framesSeen,
      heard: this.#heard(),
      hashesChecked: stats.hashesChecked,
      hashMismatches: stats.hashMismatches,
      durationMs: Math.round(nowMs - this.startedAt),
      errors: [...session.errors],
    });
  }
}
