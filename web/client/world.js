// The client's world model: the protocol's ViewReconstructor (web/wire/snapshot.js) plus
// what a game client needs around it. It applies the welcome and every snapshot, checks
// every view hash the server sends (a mismatch is counted and kept, never ignored),
// unwraps the wire's 32-bit ticks into a continuous timeline, and hands each applied view to
// the interpolator. Field and kind lookups go by the names in the game schema, so nothing
// here depends on one game's table order.

import { ViewReconstructor } from '../wire/snapshot.js';
import { sequenceDistance } from '../wire/integers.js';
import { Interpolator } from './interpolator.js';

export class ClientWorld {
  /**
   * @param {object} game the game's client description (see games/arena/index.js): fieldModes(kinds),
   *   maxSpeeds(kinds)
   */
  constructor(game) {
    this.game = game;
    this.view = new ViewReconstructor();
    this.interpolator = null;
    this.welcome = null;
    /** The last applied snapshot's tick on the continuous timeline, or null. */
    this.tick = null;
    /** The same tick as the wire sent it (32 bits). */
    this.rawTick = null;
    this.snapshotsApplied = 0;
    this.lastSnapshotBytes = 0;
    /** Snapshots that failed to decode or apply: { tick, message }. */
    this.errors = [];
  }

  /** Starts over with a decoded welcome. */
  applyWelcome(welcome) {
    this.welcome = welcome;
    this.view.applyWelcome(welcome);
    const kinds = welcome.game.kinds;
    this.interpolator = new Interpolator({
      fieldModes: this.game.fieldModes(kinds),
      maxSpeeds: this.game.maxSpeeds(kinds),
      positionFields: [0, 1],
    });
    this.tick = null;
    this.rawTick = null;
  }

  /**
   * Applies one snapshot message. Returns the reconstructor's result with the continuous
   * tick added; throws (WireError or SnapshotError) without changing anything if the
   * snapshot does not fit.
   */
  applySnapshot(bytes) {
    const result = this.view.applySnapshot(bytes);
    this.tick = this.rawTick === null ? result.tick : this.tick + sequenceDistance(this.rawTick, result.tick, 32);
    this.rawTick = result.tick;
    this.snapshotsApplied++;
    this.lastSnapshotBytes = bytes.length;
    this.interpolator.push(this.tick, this.view.entities);
    return { ...result, timelineTick: this.tick };
  }

  /** A wire tick (from a pong) on the continuous timeline, near the last snapshot's. */
  timelineTick(rawTick) {
    if (this.rawTick === null) return rawTick;
    return this.tick + sequenceDistance(this.rawTick, rawTick >>> 0, 32);
  }

  get entities() {
    return this.view.entities;
  }

  entity(id) {
    return this.view.entity(id);
  }

  get kinds() {
    return this.welcome ? this.welcome.game.kinds : [];
  }

  get lastInputSequence() {
    return this.view.lastInputSequence;
  }

  get hashesChecked() {
    return this.view.hashesChecked;
  }

  get hashMismatches() {
    return this.view.hashMismatches;
  }

  get lastMismatchTick() {
    return this.view.lastMismatchTick;
  }

  /** The index of the kind called `name`, or -1. */
  kindIndex(name) {
    return this.kinds.findIndex((kind) => kind.name === name);
  }

  /** The index of field `name` in kind `kind`'s table, or -1. */
  fieldIndex(kind, name) {
    const table = this.kinds[kind];
    return table ? table.fields.findIndex((field) => field.name === name) : -1;
  }

  /** An entity's value of the field called `name`, or undefined. */
  value(entity, name) {
    const index = this.fieldIndex(entity.kind, name);
    return index < 0 ? undefined : entity.values[index];
  }
}
