// The live spectator page's self-test, used by web/test/e2e/spectate.test.js with
// `replay.html?live=ROOM&autotest=1&report=URL`: it waits for the room's view, watches the
// followed player and everything else on screen for a while and measures how far they
// moved, switches to the free camera and checks the server answered with a free-camera
// welcome and kept sending snapshots, then POSTs a report (movement, frames, hashes, errors).
// The page drives it from its frame loop with `observe(now, view)`.

export const LiveAutotestPhase = Object.freeze({
  waiting: 'waiting',
  watching: 'watching',
  freeCamera: 'freeCamera',
  done: 'done',
});

export class LiveAutotestScript {
  /**
   * @param {object} options
   * @param {import('./replaySession.js').ReplaySession} options.session a live session
   * @param {number} options.watchMs how long the followed view is watched
   * @param {number} options.freeMs how long the free camera is watched
   * @param {number} options.phaseTimeoutMs longest wait for any one step
   */
  constructor({ session, watchMs = 2000, freeMs = 1000, phaseTimeoutMs = 15_000 }) {
    this.session = session;
    this.watchMs = watchMs;
    this.freeMs = freeMs;
    this.phaseTimeoutMs = phaseTimeoutMs;
    this.phase = LiveAutotestPhase.waiting;
    this.phaseStartedMs = null;
    this.onDone = () => {};
    /** Where each entity was first seen while watching: id → [x, y]. */
    this.firstSeen = new Map();
    this.snapshotsAtFree = 0;
    this.report = {
      failure: null, followed: null, followedEntity: null, ownMoved: 0, entitiesSeen: 0, entitiesMoved: 0,
      freeCameraWelcome: false, snapshotsWithFreeCamera: 0, entitiesWithFreeCamera: 0, framesDrawn: 0,
      welcomes: 0, snapshots: 0, hashesChecked: 0, hashMismatches: 0, errors: [],
    };
  }

  observe(nowMs, view) {
    if (this.phase === LiveAutotestPhase.done) return;
    if (view) this.report.framesDrawn++;
    this.phaseStartedMs ??= nowMs;
    const session = this.session;
    switch (this.phase) {
      case LiveAutotestPhase.waiting:
        if (view && view.own && session.status) {
          this.report.followed = session.welcome.playerID;
          this.report.followedEntity = session.welcome.entityID;
          this.#enter(LiveAutotestPhase.watching, nowMs);
        }
        break;
      case LiveAutotestPhase.watching:
        if (view) {
          for (const entity of [view.own, ...view.remote]) {
            if (!entity) continue;
            const at = [entity.values[0], entity.values[1]];
            const first = this.firstSeen.get(entity.id);
            if (!first) this.firstSeen.set(entity.id, at);
            else if (entity === view.own) this.report.ownMoved = Math.max(this.report.ownMoved, Math.hypot(at[0] - first[0], at[1] - first[1]));
            else if (at[0] !== first[0] || at[1] !== first[1]) first.moved = true;
          }
        }
        if (nowMs - this.phaseStartedMs >= this.watchMs) {
          this.report.entitiesSeen = this.firstSeen.size;
          this.report.entitiesMoved = [...this.firstSeen.values()].filter((at) => at.moved).length;
          const own = view?.own;
          if (own) session.camera(own.values[0], own.values[1]);
          else session.follow(0);
          this.#enter(LiveAutotestPhase.freeCamera, nowMs);
        }
        break;
      case LiveAutotestPhase.freeCamera:
        if (session.welcome?.playerID === 0 && session.welcome.entityID === 0) {
          if (!this.report.freeCameraWelcome) {
            this.report.freeCameraWelcome = true;
            this.snapshotsAtFree = session.snapshots;
            this.phaseStartedMs = nowMs;
          }
          this.report.snapshotsWithFreeCamera = session.snapshots - this.snapshotsAtFree;
          if (view) this.report.entitiesWithFreeCamera = Math.max(this.report.entitiesWithFreeCamera, view.remote.length);
          if (nowMs - this.phaseStartedMs >= this.freeMs) this.#finish(null);
        }
        break;
      default:
        break;
    }
    if (this.phase !== LiveAutotestPhase.done && nowMs - this.phaseStartedMs > this.phaseTimeoutMs) {
      this.#finish(`timed out while ${this.phase}`);
    }
  }

  #enter(phase, nowMs) {
    this.phase = phase;
    this.phaseStartedMs = nowMs;
  }

  #finish(failure) {
    this.phase = LiveAutotestPhase.done;
    const stats = this.session.stats();
    Object.assign(this.report, {
      failure, welcomes: stats.welcomes, snapshots: stats.snapshots, hashesChecked: stats.hashesChecked,
      hashMismatches: stats.hashMismatches, errors: [...this.session.errors],
    });
    this.onDone(this.report);
  }
}
