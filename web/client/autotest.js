// The page's self-test, used by the end-to-end browser test (web/test/e2e/browser.test.js)
// with `?autotest=1&report=URL`: once playing it says a line of chat (AUTOTEST_CHAT, for a
// second page to see: fallback.test.js) and holds right and down for two seconds,
// shoots for a moment (towards the middle of the world, never into a nearby wall), waits
// until the server has applied every input, then POSTs a JSON report of what it saw
// (positions, snapshots, hashes, corrections, errors) to URL.

import { binaryAngle } from './aim.js';

export const AutotestPhase = Object.freeze({
  waiting: 'waiting',
  moving: 'moving',
  shooting: 'shooting',
  settling: 'settling',
  done: 'done',
});

/** The line the script says as it starts moving. */
export const AUTOTEST_CHAT = 'autotest moving';

/** Errors the page hit (uncaught exceptions, rejected promises), for the report. */
export function collectPageErrors(target) {
  const errors = [];
  target.addEventListener('error', (event) => errors.push(`error: ${event.message} at ${event.filename}:${event.lineno}`));
  target.addEventListener('unhandledrejection', (event) => errors.push(`unhandled rejection: ${event.reason}`));
  return errors;
}

export class AutotestScript {
  /**
   * @param {object} options
   * @param {import('./session.js').GameSession} options.session
   * @param {number} options.holdMs how long right + down is held
   * @param {number} options.fireMs how long the fire button is held afterwards
   * @param {number} options.settleTimeoutMs longest wait for the server to apply every input
   * @param {number} options.joinTimeoutMs longest wait to start playing
   * @param {(text: string) => boolean} options.say sends a line of chat (main.js: through the chat box)
   */
  constructor({
    session, holdMs = 2000, fireMs = 700, settleTimeoutMs = 3000, joinTimeoutMs = 20_000,
    say = (text) => session.sendChat(text),
  }) {
    this.session = session;
    this.say = say;
    /** Whether the chat line went out. */
    this.chatSent = false;
    this.holdMs = holdMs;
    this.fireMs = fireMs;
    this.settleTimeoutMs = settleTimeoutMs;
    this.joinTimeoutMs = joinTimeoutMs;
    this.phase = AutotestPhase.waiting;
    this.phaseStart = null;
    this.startedAt = null;
    this.start = null;
    this.ownProjectiles = new Set();
    /** The last input that moved or shot. */
    this.lastActiveSequence = null;
    /** The finished report, or null. */
    this.report = null;
    this.onDone = () => {};
  }

  /** The intent for this moment ({ moveX, moveY, fire, aim }); advances the script. */
  intent(nowMs) {
    this.startedAt ??= nowMs;
    this.phaseStart ??= nowMs;
    const elapsed = nowMs - this.phaseStart;
    const session = this.session;
    const idle = { moveX: 0, moveY: 0, fire: false, aim: 8192 };
    switch (this.phase) {
      case AutotestPhase.waiting: {
        const own = session.ownEntity;
        if (session.playing && own && session.game.canMove(session.world, own) && session.world.snapshotsApplied >= 10) {
          this.start = { x: own.values[0], y: own.values[1] };
          this.chatSent = this.say(AUTOTEST_CHAT);
          this.#enter(AutotestPhase.moving, nowMs);
          return { ...idle, moveX: 1, moveY: 1 };
        }
        if (nowMs - this.startedAt > this.joinTimeoutMs) this.#finish(nowMs, 'never started playing');
        return idle;
      }
      case AutotestPhase.moving:
        if (elapsed >= this.holdMs) this.#enter(AutotestPhase.shooting, nowMs);
        return { ...idle, moveX: 1, moveY: 1 };
      case AutotestPhase.shooting:
        this.#noteProjectiles();
        if (elapsed >= this.fireMs) {
          this.lastActiveSequence = session.nextSequence - 1;
          this.#enter(AutotestPhase.settling, nowMs);
        }
        return { ...idle, fire: true, aim: this.#aimAtWorldCentre() };
      case AutotestPhase.settling: {
        this.#noteProjectiles();
        // Idle inputs keep flowing; what matters is that every one that moved or shot is applied.
        const applied = session.world.lastInputSequence >= this.lastActiveSequence;
        if ((applied && elapsed >= 300) || elapsed >= this.settleTimeoutMs) this.#finish(nowMs, null, applied);
        return idle;
      }
      default:
        return idle;
    }
  }

  #enter(phase, nowMs) {
    this.phase = phase;
    this.phaseStart = nowMs;
  }

  #aimAtWorldCentre() {
    const own = this.session.ownEntity;
    const game = this.session.welcome.game;
    if (!own) return 0;
    const dx = (game.worldMinX + game.worldMaxX) / 2 - own.values[0];
    const dy = (game.worldMinY + game.worldMaxY) / 2 - own.values[1];
    return binaryAngle(Math.atan2(dy, dx));
  }

  #noteProjectiles() {
    const world = this.session.world;
    const kind = world.kindIndex('projectile');
    const player = this.session.welcome?.playerID;
    for (const entity of world.entities) {
      if (entity.kind === kind && world.value(entity, 'owner') === player) this.ownProjectiles.add(entity.id);
    }
  }

  #finish(nowMs, failure, acknowledged = false) {
    const session = this.session;
    const own = session.ownEntity;
    const stats = session.stats(nowMs);
    this.phase = AutotestPhase.done;
    this.report = {
      failure,
      state: session.state,
      status: session.statusText(nowMs),
      /** The WebSocket address the page connected to (ws:// or wss://, from the page's location). */
      transportURL: session.transport.url ?? null,
      playerID: session.welcome?.playerID ?? null,
      entityID: session.welcome?.entityID ?? null,
      start: this.start,
      end: own ? { x: own.values[0], y: own.values[1] } : null,
      predictedEnd: session.predictor.current ? { x: session.predictor.current.x, y: session.predictor.current.y } : null,
      acknowledged,
      snapshotsReceived: stats.snapshots,
      hashesChecked: stats.hashesChecked,
      hashMismatches: stats.hashMismatches,
      predictionCorrections: stats.corrections,
      inputsSent: session.nextSequence - 1,
      lastInputSequence: session.world.lastInputSequence,
      ownProjectilesSeen: this.ownProjectiles.size,
      name: session.name,
      chatSent: this.chatSent,
      durationMs: Math.round(nowMs - this.startedAt),
      stats,
      errors: [...session.errors],
    };
    this.onDone(this.report);
  }
}

/** POSTs a report as JSON (sent as text/plain: a simple request, no CORS preflight). */
export async function postReport(url, report) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=utf-8' },
    body: JSON.stringify(report),
  });
  return response.ok;
}
