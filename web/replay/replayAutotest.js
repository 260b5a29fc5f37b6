// The replay page's self-test, used by web/test/e2e/replay.test.js with
// `replay.html?autotest=1&report=URL`: it plays the recording at 2× and measures how fast
// the ticks of arriving snapshots advance, pauses and seeks back to a tick that is not a
// keyframe (the server restores the keyframe before it and simulates forward), checks where
// it landed, follows another player if one is present, plays on for a moment, then POSTs a
// report (rates, the seek, frames drawn, hashes, errors) to URL. The page drives it from its
// frame loop with `observe(now, view)`.

export const ReplayAutotestPhase = Object.freeze({
  waiting: 'waiting',
  speeding: 'speeding',
  measuring: 'measuring',
  seeking: 'seeking',
  following: 'following',
  resuming: 'resuming',
  done: 'done',
});

const FAST_QUARTERS = 8;

export class ReplayAutotestScript {
  /**
   * @param {object} options
   * @param {import('./replaySession.js').ReplaySession} options.session
   * @param {number} options.measureMs how long the 2× rate is measured
   * @param {number} options.resumeMs how long it plays after the seek
   * @param {number} options.phaseTimeoutMs longest wait for any one step
   */
  constructor({ session, measureMs = 1500, resumeMs = 1000, phaseTimeoutMs = 10_000 }) {
    this.session = session;
    this.measureMs = measureMs;
    this.resumeMs = resumeMs;
    this.phaseTimeoutMs = phaseTimeoutMs;
    this.phase = ReplayAutotestPhase.waiting;
    this.phaseStartedMs = null;
    this.framesDrawn = 0;
    this.onDone = () => {};
    this.report = {
      failure: null, endTick: null, keyframes: null, tickRate: null,
      expectedTicksPerSecond: null, measuredTicksPerSecond: null, measuredTicks: null,
      seekFrom: null, seekTarget: null, seekTargetIsKeyframe: null, seekLandedTick: null, seekWelcomeTick: null,
      followWanted: null, followed: null, followedEntity: null,
      finalTick: null, framesDrawn: 0, welcomes: 0, snapshots: 0, hashesChecked: 0, hashMismatches: 0, errors: [],
    };
    /** Welcomes since the seek was asked for. */
    this.welcomesSinceSeek = [];
  }

  /** The page calls this with every welcome. */
  welcomed(welcome) {
    this.welcomesSinceSeek.push({ playerID: welcome.playerID, entityID: welcome.entityID, tick: welcome.currentTick });
  }

  /** Called every animation frame with the time and the view that was drawn (or null). */
  observe(nowMs, view) {
    if (this.phase === ReplayAutotestPhase.done) return;
    if (view) this.framesDrawn++;
    this.phaseStartedMs ??= nowMs;
    if (nowMs - this.phaseStartedMs > this.phaseTimeoutMs) {
      this.#finish(`timed out while ${this.phase}`);
      return;
    }
    const session = this.session;
    const status = session.status;
    switch (this.phase) {
      case ReplayAutotestPhase.waiting:
        if (status && session.timeline && view) {
          this.report.endTick = status.endTick;
          this.report.keyframes = session.timeline.keyframeTicks;
          this.report.tickRate = session.timeline.tickRate;
          this.report.expectedTicksPerSecond = session.timeline.tickRate * FAST_QUARTERS / 4;
          session.setSpeed(FAST_QUARTERS);
          session.play();
          this.#enter(ReplayAutotestPhase.speeding, nowMs);
        }
        break;
      case ReplayAutotestPhase.speeding:
        // The speed change restarts the view with a welcome; measure from the first snapshot after it.
        if (status && status.quarters === FAST_QUARTERS && !status.paused && session.welcome?.tickRate === this.report.expectedTicksPerSecond
          && session.world.rawTick !== null) {
          this.start = { tick: session.world.rawTick, atMs: nowMs };
          this.#enter(ReplayAutotestPhase.measuring, nowMs);
        }
        break;
      case ReplayAutotestPhase.measuring:
        if (status?.paused) {
          this.#finish(`the replay stopped while measuring (tick ${status.tick} of ${status.endTick}): the recording is too short`);
        } else if (nowMs - this.start.atMs >= this.measureMs) {
          const ticks = session.world.rawTick - this.start.tick;
          this.report.measuredTicks = ticks;
          this.report.measuredTicksPerSecond = ticks / ((nowMs - this.start.atMs) / 1000);
          this.#seekBack(nowMs);
        }
        break;
      case ReplayAutotestPhase.seeking: {
        const target = this.report.seekTarget;
        const welcome = this.welcomesSinceSeek.findLast((w) => w.tick === target);
        if (status?.paused && status.tick === target && welcome && session.world.rawTick === target) {
          this.report.seekLandedTick = status.tick;
          this.report.seekWelcomeTick = welcome.tick;
          this.#followSomeoneElse(nowMs);
        }
        break;
      }
      case ReplayAutotestPhase.following: {
        const wanted = this.report.followWanted;
        if (status?.followed === wanted && session.welcome?.playerID === wanted && session.world.rawTick !== null) {
          this.report.followed = wanted;
          this.report.followedEntity = session.welcome.entityID;
          session.play();
          this.#enter(ReplayAutotestPhase.resuming, nowMs);
        }
        break;
      }
      case ReplayAutotestPhase.resuming:
        if (nowMs - this.phaseStartedMs >= this.resumeMs) this.#finish(null);
        break;
      default:
        break;
    }
  }

  #seekBack(nowMs) {
    const session = this.session;
    const keyframes = session.timeline.keyframeTicks;
    const from = session.status.tick;
    let target = Math.max(1, Math.floor(from / 2));
    if (keyframes.includes(target)) target += 1;
    this.report.seekFrom = from;
    this.report.seekTarget = target;
    this.report.seekTargetIsKeyframe = keyframes.includes(target);
    this.welcomesSinceSeek = [];
    session.pause();
    session.seek(target);
    this.#enter(ReplayAutotestPhase.seeking, nowMs);
  }

  /** Follows the lowest-numbered present player other than the followed one, if any. */
  #followSomeoneElse(nowMs) {
    const session = this.session;
    const present = [...session.scoreboard.players.keys()].sort((a, b) => a - b);
    const other = present.find((player) => player !== session.status.followed);
    if (other === undefined) {
      this.report.followWanted = session.status.followed;
      this.report.followed = session.status.followed;
      session.play();
      this.#enter(ReplayAutotestPhase.resuming, nowMs);
      return;
    }
    this.report.followWanted = other;
    session.follow(other);
    this.#enter(ReplayAutotestPhase.following, nowMs);
  }

  #enter(phase, nowMs) {
    this.phase = phase;
    this.phaseStartedMs = nowMs;
  }

  #finish(failure) {
    const session = this.session;
    this.phase = ReplayAutotestPhase.done;
    const stats = session.stats();
    Object.assign(this.report, {
      failure,
      finalTick: session.status?.tick ?? null,
      framesDrawn: this.framesDrawn,
      welcomes: stats.welcomes,
      snapshots: stats.snapshots,
      hashesChecked: stats.hashesChecked,
      hashMismatches: stats.hashMismatches,
      errors: [...session.errors],
    });
    this.onDone(this.report);
  }
}
