// The client's idea of server time, in ticks, from two kinds of evidence:
//
// - Snapshot arrivals. A snapshot of tick T arriving at local time a gives the sample
//   a − T·msPerTick. The smallest sample of a recent window is the least-delayed path; the
//   spread above it is the jitter. `arrivalTick(now)` is the tick of the freshest snapshot
//   that could be arriving now, and `renderTick(now)` lags it by the interpolation delay:
//   two snapshot intervals plus the measured jitter, so the snapshot after render time has
//   almost always arrived.
// - Pongs. A pong echoing a ping sent at s, received at r, reporting server tick N gives the
//   sample (s + r) / 2 − (N + ½)·msPerTick; the lowest-RTT sample of a recent window wins
//   (its error is at most half its RTT plus half a tick). `serverTick(now)` is the server's
//   current tick, which the HUD shows and inputs are stamped with.
//
// Estimates slew towards their target at `slewRate` (ms per ms) while they are off by a little
// (normal jitter must not change the drawn speed visibly), at `fastSlewRate` once they are off
// by more than `fastBeyondMs`, and jump when off by more than `jumpMs`. The arrival timeline
// converges fast where it matters:
//
// - the first `warmupSnapshots` snapshots, and all of the first `warmupMs`, snap it to its
//   target (nothing is walking yet); the warm-up's early arrivals are then forgotten;
// - when the least-delayed of the last `recentSnapshots` arrivals is later than the timeline
//   allows by more than half the interpolation delay, the path got slower (a loaded machine,
//   a slower route) and the window's old minimum is stale: the window restarts from the
//   recent arrivals and the timeline slews fast to their minimum.
//
// `renderTick(now)` never passes the newest snapshot: when it would, the interpolation delay
// is held (raised by the overrun, so render time waits at the newest snapshot and then goes
// on at real speed from there instead of jumping), the delay's target grows a little
// (decaying slowly again), and the frame is counted in `starvedFrames`. The interpolation
// delay otherwise never jumps. Nor does render time ever run backwards: when the arrival
// timeline snaps or jumps back (warm-up, a stall longer than `jumpMs`), drawing the past after
// the future would be a visible rewind, so render time holds where it was until the timeline
// passes it again (counted in `heldBackFrames`). Ticks here are continuous numbers (the world model unwraps
// the wire's 32-bit ticks).

/** A window of recent samples (ms) and a smoothed offset that follows their minimum. */
export class OffsetTracker {
  constructor({ windowSize = 120, slewRate = 0.05, fastSlewRate = slewRate, fastBeyondMs = Infinity, jumpMs = 250 } = {}) {
    this.windowSize = windowSize;
    this.slewRate = slewRate;
    this.fastSlewRate = fastSlewRate;
    this.fastBeyondMs = fastBeyondMs;
    this.jumpMs = jumpMs;
    this.samples = [];
    this.next = 0;
    /** The minimum of the window. */
    this.target = null;
    /** The offset in use, slewing towards target. */
    this.current = null;
    this.lastUpdateMs = null;
  }

  /** Adds a sample taken at local time atMs and moves `current` towards the new target. */
  observe(sample, atMs) {
    if (this.samples.length < this.windowSize) this.samples.push(sample);
    else this.samples[this.next] = sample;
    this.next = (this.next + 1) % this.windowSize;
    this.target = Math.min(...this.samples);
    this.follow(this.target, atMs);
  }

  /** The samples of the window, oldest first. */
  get ordered() {
    return this.samples.length < this.windowSize
      ? this.samples.slice()
      : [...this.samples.slice(this.next), ...this.samples.slice(0, this.next)];
  }

  /** The smallest of the last `count` samples, or null. */
  recentMin(count) {
    const recent = this.ordered.slice(-count);
    return recent.length === 0 ? null : Math.min(...recent);
  }

  /** Forgets all but the last `keep` samples (the target becomes their minimum); `current` stays. */
  restartWindow(keep) {
    this.samples = this.ordered.slice(-keep);
    this.next = this.samples.length % this.windowSize;
    this.target = this.samples.length === 0 ? null : Math.min(...this.samples);
  }

  /** Sets `current` to `target` at once. */
  snap(atMs) {
    this.current = this.target;
    this.lastUpdateMs = atMs;
  }

  /** Moves `current` towards `target` by the slew allowed since the last update. */
  follow(target, atMs) {
    this.target = target;
    this.current = this.current === null || Math.abs(target - this.current) > this.jumpMs ? target : this.valueAt(atMs);
    this.lastUpdateMs = atMs;
  }

  /**
   * `current` as it will have slewed towards `target` by atMs (without changing anything), so
   * that what is drawn between updates changes smoothly rather than in steps at each update.
   */
  valueAt(atMs) {
    if (this.current === null || this.target === null || this.lastUpdateMs === null) return this.current;
    const error = this.target - this.current;
    const rate = Math.abs(error) > this.fastBeyondMs ? this.fastSlewRate : this.slewRate;
    const allowed = Math.max(0, atMs - this.lastUpdateMs) * rate;
    return this.current + Math.max(-allowed, Math.min(allowed, error));
  }

  /** The p-th quantile (0...1) of how far the window's samples lie above its minimum. */
  spread(p) {
    if (this.samples.length === 0) return 0;
    const sorted = this.samples.map((s) => s - this.target).sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }

  reset() {
    this.samples = [];
    this.next = 0;
    this.target = null;
    this.current = null;
    this.lastUpdateMs = null;
  }
}

/** Delay (ms) added to the delay's target per starved frame, its cap in snapshot intervals, and its decay (ms per ms). */
const BOOST_PER_STARVED_FRAME = 1;
const BOOST_CAP_INTERVALS = 4;
const BOOST_DECAY = 0.002;

export class ServerClock {
  /**
   * @param {object} options
   * @param {number} options.tickRate server ticks per second (from the welcome)
   * @param {number} options.snapshotInterval ticks between snapshots (from the welcome)
   * @param {number} options.jitterQuantile which arrival delay the interpolation delay covers
   * @param {number} options.pongWindow pongs considered when picking the lowest RTT
   * @param {{ tick: number, atMs: number }} options.anchor a tick known at a local time
   */
  constructor({
    tickRate, snapshotInterval = 1, jitterQuantile = 0.95, pongWindow = 10, anchor = null,
    warmupSnapshots = 10, warmupMs = 200, recentSnapshots = 8, fastSlewRate = 0.25,
  }) {
    this.msPerTick = 1000 / tickRate;
    /** { tick, atMs }: the welcome's tick, the only estimate before any snapshot or pong. */
    this.anchor = anchor;
    this.snapshotInterval = snapshotInterval;
    this.jitterQuantile = jitterQuantile;
    this.pongWindow = pongWindow;
    this.warmupSnapshots = warmupSnapshots;
    this.warmupMs = warmupMs;
    this.firstArrivalMs = null;
    this.warmedUp = false;
    this.recentSnapshots = recentSnapshots;
    const intervalMs = snapshotInterval * this.msPerTick;
    // Off by more than a snapshot interval: converge fast; less: slew gently.
    this.arrivals = new OffsetTracker({ fastSlewRate, fastBeyondMs: intervalMs });
    this.server = new OffsetTracker({ windowSize: 1 });
    this.pongs = [];
    /** Most recent round trip, ms; null before the first pong. */
    this.rttMs = null;
    /** Smoothed round trip (exponential average), ms. */
    this.smoothedRttMs = null;
    /** Arrival jitter covered by the delay, ms. */
    this.jitterMs = 0;
    /** The interpolation delay in ms, changing at most 5 % of real time (except when held). */
    this.delay = new OffsetTracker({ windowSize: 1, slewRate: 0.05, jumpMs: Infinity });
    /** Extra delay (ms) grown by starved frames, decaying slowly. */
    this.delayBoostMs = 0;
    /** The newest snapshot's tick, or null. */
    this.newestTick = null;
    this.snapshotsObserved = 0;
    /** Frames whose render time would have passed the newest snapshot (held there instead). */
    this.starvedFrames = 0;
    /** Times the arrival window was found stale and restarted. */
    this.restarts = 0;
    /** The last render tick handed out, and the frames held there rather than going back. */
    this.lastRenderTick = null;
    this.heldBackFrames = 0;
  }

  /** A snapshot of `tick` (continuous) arrived at local time arrivalMs. */
  observeSnapshot(tick, arrivalMs) {
    const interval = this.snapshotInterval * this.msPerTick;
    const arrivals = this.arrivals;
    const previousAt = arrivals.lastUpdateMs;
    arrivals.observe(arrivalMs - tick * this.msPerTick, arrivalMs);
    this.newestTick = tick;
    this.snapshotsObserved++;
    this.firstArrivalMs ??= arrivalMs;
    if (!this.warmedUp && (this.snapshotsObserved <= this.warmupSnapshots || arrivalMs - this.firstArrivalMs < this.warmupMs)) {
      arrivals.snap(arrivalMs);
    } else if (!this.warmedUp) {
      // The first snapshots of a page are often handled late (the page is still loading):
      // they must not count as jitter for the next seconds, so the warm-up ends by keeping
      // only its last few arrivals.
      this.warmedUp = true;
      arrivals.restartWindow(Math.ceil(this.warmupSnapshots / 2));
      // Slewed, not snapped: a page may be drawing a moving player already.
      arrivals.follow(arrivals.target, arrivalMs);
    } else if (arrivals.samples.length >= this.recentSnapshots) {
      // Every recent arrival much later than the window's minimum allows: that minimum is stale.
      const lateness = arrivals.recentMin(this.recentSnapshots) - arrivals.target;
      if (lateness > Math.max(interval, this.delay.current / 2)) {
        arrivals.restartWindow(this.recentSnapshots);
        arrivals.follow(arrivals.target, arrivalMs);
        this.restarts++;
      }
    }
    this.jitterMs = arrivals.spread(this.jitterQuantile);
    if (previousAt !== null) this.delayBoostMs = Math.max(0, this.delayBoostMs - (arrivalMs - previousAt) * BOOST_DECAY);
    this.delay.follow(Math.min(30 * interval, 2 * interval + this.jitterMs + this.delayBoostMs), arrivalMs);
  }

  /** A pong reporting serverTick (continuous) answered a ping sent at sentMs. */
  observePong(serverTick, sentMs, receivedMs) {
    const rtt = receivedMs - sentMs;
    if (!(rtt >= 0)) return;
    this.rttMs = rtt;
    this.smoothedRttMs = this.smoothedRttMs === null ? rtt : this.smoothedRttMs + (rtt - this.smoothedRttMs) / 8;
    // The server reports whole ticks, so halfway through the reported one is the best guess.
    const offset = (sentMs + receivedMs) / 2 - (serverTick + 0.5) * this.msPerTick;
    this.pongs.push({ rtt, offset });
    if (this.pongs.length > this.pongWindow) this.pongs.shift();
    const best = this.pongs.reduce((a, b) => (b.rtt < a.rtt ? b : a));
    this.server.follow(best.offset, receivedMs);
  }

  /** True once a snapshot has arrived. */
  get synced() {
    return this.arrivals.current !== null;
  }

  /** The tick of the freshest snapshot that could be arriving at nowMs. */
  arrivalTick(nowMs) {
    return (nowMs - this.arrivals.valueAt(nowMs)) / this.msPerTick;
  }

  /** Ticks the render time lags arrivals. */
  get interpolationDelayTicks() {
    return this.delay.current === null ? 2 * this.snapshotInterval : this.delay.current / this.msPerTick;
  }

  /**
   * The tick to draw remote entities at: arrivals less the interpolation delay, but never
   * past the newest snapshot. Where it would pass it, the delay is held (raised by the
   * overrun), its target grows a little and the frame counts as starved.
   */
  renderTick(nowMs) {
    const tick = this.#unheldRenderTick(nowMs);
    if (this.lastRenderTick !== null && tick < this.lastRenderTick) {
      this.heldBackFrames++;
      return this.lastRenderTick;
    }
    this.lastRenderTick = tick;
    return tick;
  }

  #unheldRenderTick(nowMs) {
    const delayMs = this.delay.current === null ? 2 * this.snapshotInterval * this.msPerTick : this.delay.valueAt(nowMs);
    const tick = this.arrivalTick(nowMs) - delayMs / this.msPerTick;
    if (this.newestTick === null || tick <= this.newestTick || this.delay.current === null) return tick;
    const overrunMs = (tick - this.newestTick) * this.msPerTick;
    this.delay.current = delayMs + overrunMs;
    // The held delay slews back from now on, not from the last snapshot's arrival.
    this.delay.lastUpdateMs = nowMs;
    const cap = BOOST_CAP_INTERVALS * this.snapshotInterval * this.msPerTick;
    this.delayBoostMs = Math.min(cap, this.delayBoostMs + BOOST_PER_STARVED_FRAME);
    this.starvedFrames++;
    return this.newestTick;
  }

  /** The server's current tick: from pongs, else from arrivals, else from the anchor. */
  serverTick(nowMs) {
    if (this.server.current === null && !this.synced) {
      return this.anchor ? this.anchor.tick + (nowMs - this.anchor.atMs) / this.msPerTick : 0;
    }
    if (this.server.current === null) return this.arrivalTick(nowMs);
    return (nowMs - this.server.current) / this.msPerTick;
  }
}
