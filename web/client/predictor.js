// Client-side prediction of the player's own entity. Every input the client sends is also
// applied here at once, with the game's exact integer movement rule, so the player moves
// without waiting a round trip. Each snapshot reports the last input sequence the server
// applied and the entity's authoritative position after it: the predictor drops the inputs
// the server confirmed, replays the rest on top of the server's position and compares the
// result with what it had predicted. With the same inputs applied once each, the two are
// identical; any difference is a correction, counted, and hidden by a visual offset that
// decays over `smoothingMs` (unless it is too large to be a misprediction, e.g. a respawn).

import { isNewer } from '../wire/integers.js';

export class Predictor {
  /**
   * @param {object} options
   * @param {(state: object, input: object) => object} options.step
   *   one tick of movement: must be the server's rule, integer for integer. `state` is the
   *   entity's fields by name (x, y and whatever else the rule reads, e.g. a velocity),
   *   `input` the game's input fields by name; it returns the fields it changes.
   * @param {number} options.maxPending inputs kept unconfirmed at most (older ones are dropped)
   * @param {number} options.smoothingMs time constant of the correction offset's decay
   * @param {number} options.snapDistance a correction this large is applied at once
   */
  constructor({ step, maxPending = 240, smoothingMs = 100, snapDistance = 1024 }) {
    this.step = step;
    this.maxPending = maxPending;
    this.smoothingMs = smoothingMs;
    this.snapDistance = snapDistance;
    /** Inputs sent and not yet confirmed, oldest first. */
    this.pending = [];
    /** The server's position after its last applied input, or null before the first snapshot. */
    this.base = null;
    /** Predicted position after every pending input. */
    this.current = null;
    /** Predicted position before the newest pending input (for drawing between ticks). */
    this.previous = null;
    /** Whether the server lets the entity move (e.g. false while dead): then no prediction. */
    this.canMove = true;
    this.corrections = 0;
    /** The largest correction so far, in simulation units (the distance prediction was off). */
    this.largestCorrection = 0;
    /** Visual offset still to decay, in the entity's units. */
    this.offset = { x: 0, y: 0 };
  }

  /** Applies a freshly sent input ({ sequence, moveX, moveY, ... }). */
  addInput(input) {
    this.pending.push(input);
    if (this.pending.length > this.maxPending) this.pending.shift();
    if (this.current === null) return;
    this.previous = this.current;
    if (this.canMove) this.current = this.#step(this.current, input);
  }

  /**
   * A snapshot says the server applied inputs up to `lastInputSequence` (0 = none yet) and
   * the entity is at `server` (its fields by name, x and y among them: whatever the game's
   * `step` reads); `canMove` false means the server ignores movement.
   * Returns the correction { dx, dy } applied, or null if the prediction held.
   */
  reconcile(server, lastInputSequence, canMove = true) {
    if (lastInputSequence !== 0) {
      while (this.pending.length > 0 && !isNewer(this.pending[0].sequence, lastInputSequence, 32)) this.pending.shift();
    }
    const before = this.current;
    const wasMoving = this.canMove;
    this.base = { ...server };
    this.canMove = canMove;
    this.#replay();
    if (before === null || !canMove || !wasMoving) {
      this.offset = { x: 0, y: 0 };
      return null;
    }
    const dx = before.x - this.current.x;
    const dy = before.y - this.current.y;
    if (dx === 0 && dy === 0) return null;
    this.corrections++;
    this.largestCorrection = Math.max(this.largestCorrection, Math.hypot(dx, dy));
    if (Math.hypot(dx, dy) >= this.snapDistance) this.offset = { x: 0, y: 0 };
    else this.offset = { x: this.offset.x + dx, y: this.offset.y + dy };
    return { dx, dy };
  }

  /** Ages the visual offset by elapsedMs. */
  decay(elapsedMs) {
    const keep = Math.exp(-Math.max(0, elapsedMs) / this.smoothingMs);
    this.offset = { x: this.offset.x * keep, y: this.offset.y * keep };
    if (Math.abs(this.offset.x) < 0.05 && Math.abs(this.offset.y) < 0.05) this.offset = { x: 0, y: 0 };
  }

  /**
   * Where to draw the entity: between `previous` and `current` by `alpha` (0...1, the
   * fraction of the input tick elapsed since the newest input), plus the decaying offset.
   */
  displayPosition(alpha = 1) {
    if (this.current === null) return null;
    const from = this.previous ?? this.current;
    const t = Math.max(0, Math.min(1, alpha));
    return {
      x: from.x + (this.current.x - from.x) * t + this.offset.x,
      y: from.y + (this.current.y - from.y) * t + this.offset.y,
    };
  }

  /** Forgets everything (a new connection). */
  reset() {
    this.pending = [];
    this.base = null;
    this.current = null;
    this.previous = null;
    this.canMove = true;
    this.offset = { x: 0, y: 0 };
  }

  /** The game's step, whose result may name only the fields it changed. */
  #step(state, input) {
    return { ...state, ...this.step(state, input) };
  }

  #replay() {
    let state = this.base;
    let previous = state;
    if (this.canMove) {
      for (const input of this.pending) {
        previous = state;
        state = this.#step(state, input);
      }
    }
    this.previous = previous;
    this.current = state;
  }
}
