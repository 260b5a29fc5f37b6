// Bytes per second over a sliding window, for the HUD's kB/s figures: fed the running byte
// total now and then, it reports the rate across the last `windowMs`.

export class RateMeter {
  constructor(windowMs = 2000) {
    this.windowMs = windowMs;
    this.points = [];
  }

  /** Records the running total `bytes` at time nowMs. */
  sample(bytes, nowMs) {
    this.points.push({ bytes, at: nowMs });
    while (this.points.length > 2 && nowMs - this.points[1].at >= this.windowMs) this.points.shift();
  }

  /** Bytes per second over the window (0 until two samples exist). */
  get perSecond() {
    if (this.points.length < 2) return 0;
    const first = this.points[0];
    const last = this.points[this.points.length - 1];
    const elapsed = last.at - first.at;
    return elapsed > 0 ? ((last.bytes - first.bytes) * 1000) / elapsed : 0;
  }

  reset() {
    this.points = [];
  }
}
