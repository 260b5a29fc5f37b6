// The two-tab self-test, used by web/test/e2e/twoTabs.test.js with
// `?autotest=1&script=pair&report=URL`: two pages play in one room. Each waits until it
// sees the other player, then walks a fixed pattern of straight lines with pauses between
// them (right, left, down, up), while recording on every animation frame where the OTHER
// player is drawn (its interpolated position, as the renderer gets it). A while after its
// own pattern it POSTs a report of the samples, hashes and errors to URL. As it starts walking
// it says a line of chat (PAIR_CHAT), so each page can show that it lists the other's line
// under the other's name (twoTabs.test.js reads the panel from the report).
//
// Both pages walk the same pattern at about the same time, so they stay in each other's
// view; the pauses make every reversal of direction pass through standing still. A page
// walks as soon as it plays, sees the other player and has `minSnapshots` snapshots (two
// are enough to interpolate); no settle wait: the clock (clock.js) converges fast and keeps
// render time inside the snapshot buffer itself. The report counts the frames where render
// time would have passed the newest snapshot (`starvedFrames`).

/** What each page says as it starts walking. */
export const PAIR_CHAT = 'gl hf, à toi';

export const PairPhase = Object.freeze({
  waiting: 'waiting',
  walking: 'walking',
  trailing: 'trailing',
  done: 'done',
});

/** The pattern: each leg's intent and how long it lasts (ms). */
export const PAIR_PATTERN = Object.freeze([
  { moveX: 1, moveY: 0, ms: 1200 },
  { moveX: 0, moveY: 0, ms: 500 },
  { moveX: -1, moveY: 0, ms: 1200 },
  { moveX: 0, moveY: 0, ms: 500 },
  { moveX: 0, moveY: 1, ms: 1000 },
  { moveX: 0, moveY: 0, ms: 500 },
  { moveX: 0, moveY: -1, ms: 1000 },
  { moveX: 0, moveY: 0, ms: 500 },
]);

export class PairAutotestScript {
  /**
   * @param {object} options
   * @param {import('./session.js').GameSession} options.session
   * @param {number} options.trailMs how long the other player is still recorded after the pattern
   * @param {number} options.meetTimeoutMs longest wait to start playing and see the other player
   * @param {() => number} options.epochOffsetMs performance.now() + this = wall-clock ms (to
   *   line up two pages' reports)
   * @param {(text: string) => boolean} options.say sends a line of chat (main.js: through the chat box)
   */
  constructor({
    session, pattern = PAIR_PATTERN, trailMs = 1500, meetTimeoutMs = 25_000, epochOffsetMs = 0,
    minSnapshots = 2, say = (text) => session.sendChat(text),
  }) {
    this.session = session;
    this.say = say;
    this.chatSent = false;
    this.minSnapshots = minSnapshots;
    /** When the page first saw the other player while playing. */
    this.metAt = null;
    this.pattern = pattern;
    this.trailMs = trailMs;
    this.meetTimeoutMs = meetTimeoutMs;
    this.epochOffsetMs = epochOffsetMs;
    this.phase = PairPhase.waiting;
    this.startedAt = null;
    this.walkStart = null;
    this.walkEnd = null;
    /** Rendered positions of the other player, one per frame while walking or trailing: { t, x, y } or { t, missing }. */
    this.samples = [];
    this.otherPlayer = null;
    this.report = null;
    this.onDone = () => {};
  }

  /** The intent for this moment ({ moveX, moveY, fire, aim }); advances the script. */
  intent(nowMs) {
    this.startedAt ??= nowMs;
    const idle = { moveX: 0, moveY: 0, fire: false, aim: 0 };
    const session = this.session;
    switch (this.phase) {
      case PairPhase.waiting: {
        const own = session.ownEntity;
        const ready = session.playing && own && session.game.canMove(session.world, own) &&
          session.world.snapshotsApplied >= this.minSnapshots;
        if (ready && this.#otherInWorld() !== null) {
          this.phase = PairPhase.walking;
          this.chatSent = this.say(PAIR_CHAT);
          this.metAt = nowMs;
          this.walkStart = nowMs;
        } else if (nowMs - this.startedAt > this.meetTimeoutMs) {
          this.#finish(nowMs, ready ? 'never saw the other player' : 'never started playing');
        }
        return idle;
      }
      case PairPhase.walking: {
        const leg = this.#legAt(nowMs - this.walkStart);
        if (leg === null) {
          this.phase = PairPhase.trailing;
          this.walkEnd = nowMs;
          return idle;
        }
        return { ...idle, moveX: leg.moveX, moveY: leg.moveY };
      }
      case PairPhase.trailing:
        if (nowMs - this.walkEnd >= this.trailMs) this.#finish(nowMs, null);
        return idle;
      default:
        return idle;
    }
  }

  /** Called with every frame's view (session.view(now)): records the other player as drawn. */
  observe(nowMs, view) {
    // What the interpolator did for this frame: null = blended two snapshots, 'before' /
    // 'after' = held the oldest / newest one, undefined = nothing to draw yet.
    const held = this.session.world.interpolator?.lastSample?.held;
    if (this.phase !== PairPhase.walking && this.phase !== PairPhase.trailing) return;
    const t = Math.round((nowMs + this.epochOffsetMs) * 100) / 100;
    const other = view ? this.#otherIn(view.remote) : null;
    // The render tick and whether the interpolator held a snapshot ('before'/'after'), for diagnosis.
    const tick = view ? Math.round(view.renderTick * 1000) / 1000 : null;
    const sample = other === null ? { t, tick, missing: true } : { t, tick, x: other.values[0], y: other.values[1] };
    if (held) sample.held = held;
    this.samples.push(sample);
  }

  #legAt(elapsedMs) {
    let end = 0;
    for (const leg of this.pattern) {
      end += leg.ms;
      if (elapsedMs < end) return leg;
    }
    return null;
  }

  /** The other player's entity among `entities`, or null. */
  #otherIn(entities) {
    const world = this.session.world;
    const kind = world.kindIndex(this.session.game.playerKindName);
    const own = this.session.welcome?.playerID;
    for (const entity of entities) {
      if (entity.kind !== kind) continue;
      const player = world.value(entity, 'player');
      if (player !== own) {
        this.otherPlayer = player;
        return entity;
      }
    }
    return null;
  }

  #otherInWorld() {
    return this.#otherIn(this.session.world.entities);
  }

  #finish(nowMs, failure) {
    const session = this.session;
    const stats = session.stats(nowMs);
    this.phase = PairPhase.done;
    this.report = {
      failure,
      state: session.state,
      playerID: session.welcome?.playerID ?? null,
      name: session.name,
      chatSent: this.chatSent,
      otherPlayer: this.otherPlayer,
      pattern: this.pattern,
      startedWalkingAfterMs: this.walkStart === null ? null : Math.round(this.walkStart - this.startedAt),
      starvedFrames: session.clock?.starvedFrames ?? null,
      arrivalWindowRestarts: session.clock?.restarts ?? null,
      walkStart: this.walkStart === null ? null : this.walkStart + this.epochOffsetMs,
      walkEnd: this.walkEnd === null ? null : this.walkEnd + this.epochOffsetMs,
      samples: this.samples,
      snapshotsReceived: stats.snapshots,
      hashesChecked: stats.hashesChecked,
      hashMismatches: stats.hashMismatches,
      durationMs: Math.round(nowMs - this.startedAt),
      stats,
      errors: [...session.errors],
    };
    this.onDone(this.report);
  }
}
