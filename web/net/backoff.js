// Exponential backoff for reconnecting: each failed attempt doubles the wait up to a cap,
// with random jitter so that a server restart is not met by every client at the same moment.

export class Backoff {
  /**
   * @param {object} options
   * @param {number} options.initialMs the first wait
   * @param {number} options.maxMs the longest wait
   * @param {number} options.factor growth per attempt
   * @param {number} options.jitter fraction of the wait drawn at random, 0...1 (0.2 = ±10 %)
   * @param {() => number} options.random uniform in 0 ..< 1
   */
  constructor({ initialMs = 500, maxMs = 15_000, factor = 2, jitter = 0.2, random = Math.random } = {}) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.factor = factor;
    this.jitter = jitter;
    this.random = random;
    this.attempts = 0;
  }

  /** The wait before the next attempt, in ms; counts the attempt. */
  next() {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** this.attempts);
    this.attempts++;
    const spread = base * this.jitter;
    return Math.round(Math.min(this.maxMs, base - spread / 2 + spread * this.random()));
  }

  /** After a connection that worked: the next failure waits initialMs again. */
  reset() {
    this.attempts = 0;
  }
}
