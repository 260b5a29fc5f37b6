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
// Estimates slew towards their target at `slewRate` (ms per ms) and jump only when they are
// off by more than `jumpMs`, so rendering does not stutter when the network changes; the
// interpolation delay never jumps. Ticks here are continuous numbers (the world model
// unwraps the wire's 32-bit ticks).

/** A window of recent samples (ms) and a smoothed offset that follows their minimum. */
export class OffsetTracker {
  constructor({ windowSize = 120, slewRate = 0.05, jumpMs = 250 } = {}) {
    this.windowSize = windowSize;
    this.slewRate = slewRate;
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

  /** Moves `current` towards `target` by the slew allowed since the last update. */
  follow(target, atMs) {
    this.target = target;
    if (this.current === null || Math.abs(target - this.current) > this.jumpMs) {
      this.current = target;
    } else {
      const allowed = Math.max(0, atMs - this.lastUpdateMs) * this.slewRate;
      this.current += Math.max(-allowed, Math.min(allowed, target - this.current));
    }
    this.lastUpdateMs = atMs;
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

export class ServerClock {
  /**
   * @param {object} options
   * @param {number} options.tickRate server ticks per second (from the welcome)
   * @param {number} options.snapshotInterval ticks between snapshots (from the welcome)
   * @param {number} options.jitterQuantile which arrival delay the interpolation delay covers
   * @param {number} options.pongWindow pongs considered when picking the lowest RTT
   * @param {{ tick: number, atMs: number }} options.anchor a tick known at a local time
   */
  constructor({ tickRate, snapshotInterval = 1, jitterQuantile = 0.95, pongWindow = 10, anchor = null }) {
    this.msPerTick = 1000 / tickRate;
    /** { tick, atMs }: the welcome's tick, the only estimate before any snapshot or pong. */
    this.anchor = anchor;
    this.snapshotInterval = snapshotInterval;
    this.jitterQuantile = jitterQuantile;
    this.pongWindow = pongWindow;
    this.arrivals = new OffsetTracker();
    this.server = new OffsetTracker({ windowSize: 1 });
    this.pongs = [];
    /** Most recent round trip, ms; null before the first pong. */
    this.rttMs = null;
    /** Smoothed round trip (exponential average), ms. */
    this.smoothedRttMs = null;
    /** Arrival jitter covered by the delay, ms. */
    this.jitterMs = 0;
    /** The interpolation delay in ms, changing at most 5 % of real time (never jumping). */
    this.delay = new OffsetTracker({ windowSize: 1, slewRate: 0.05, jumpMs: Infinity });
  }

  /** A snapshot of `tick` (continuous) arrived at local time arrivalMs. */
  observeSnapshot(tick, arrivalMs) {
    this.arrivals.observe(arrivalMs - tick * this.msPerTick, arrivalMs);
    this.jitterMs = this.arrivals.spread(this.jitterQuantile);
    const interval = this.snapshotInterval * this.msPerTick;
    this.delay.follow(Math.min(30 * interval, 2 * interval + this.jitterMs), arrivalMs);
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
    return (nowMs - this.arrivals.current) / this.msPerTick;
  }

  /** Ticks the render time lags arrivals. */
  get interpolationDelayTicks() {
    return this.delay.current === null ? 2 * this.snapshotInterval : this.delay.current / this.msPerTick;
  }

  /** The tick to draw remote entities at: arrivals less the interpolation delay. */
  renderTick(nowMs) {
    return this.arrivalTick(nowMs) - this.interpolationDelayTicks;
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
