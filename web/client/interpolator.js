// Remote entities drawn between the two snapshots around render time. Each snapshot is kept
// as a map of entity states; `sample(renderTick)` finds the snapshots a (tick ≤ render time)
// and b (the next one) and blends every entity present in both:
//
// - `linear` fields (positions) lerp;
// - `angle` fields lerp the short way round their period (1,023 → 1 passes through 0);
// - `step` fields (health, score, ids) keep a's value until b takes over.
//
// An entity only in a (it left the view or was destroyed at b) is drawn as it was in a; one
// only in b (it entered at b) is not drawn before b. A position that jumps further than the
// kind could travel (a respawn) is not smeared across the screen: it switches at b. Before
// the oldest snapshot the oldest is drawn, and past the newest the newest is held, never
// extrapolated (the `lastSample` says which happened, for the HUD; `starvedSamples` counts
// the samples that held the newest snapshot because render time had reached it — the clock
// keeps render time from passing it, see clock.js).

export const FieldMode = Object.freeze({ linear: 'linear', angle: 'angle', step: 'step' });

/** a + (b − a)·t along the shorter way round a circle of `period` units; result in 0 ..< period. */
export function lerpWrapped(a, b, t, period) {
  let arc = (b - a) % period;
  if (arc > period / 2) arc -= period;
  else if (arc < -period / 2) arc += period;
  const value = (a + arc * t) % period;
  return value < 0 ? value + period : value;
}

export class Interpolator {
  /**
   * @param {object} options
   * @param {Array<Array<{ mode: string, period?: number }>>} options.fieldModes per kind, per field
   * @param {Array<number>} options.maxSpeeds per kind: units per tick beyond which a move is a teleport
   * @param {number[]} options.positionFields the x and y field indices (the same in every kind)
   * @param {number} options.capacity snapshots kept at most
   */
  constructor({ fieldModes, maxSpeeds = [], positionFields = [0, 1], capacity = 120 }) {
    this.fieldModes = fieldModes;
    this.maxSpeeds = maxSpeeds;
    this.positionFields = positionFields;
    this.capacity = capacity;
    /** Oldest first: { tick, byID: Map(id → { id, kind, values }) }. */
    this.snapshots = [];
    /** What the last sample did: { tick, from, to, t, held: 'before' | 'after' | null }. */
    this.lastSample = null;
    /** Samples that held the newest snapshot (render time at or past it). */
    this.starvedSamples = 0;
  }

  /** Adds the view after a snapshot: `entities` as { id, kind, values }. Ticks must increase. */
  push(tick, entities) {
    const newest = this.snapshots[this.snapshots.length - 1];
    if (newest && tick <= newest.tick) this.snapshots = this.snapshots.filter((s) => s.tick < tick);
    this.snapshots.push({ tick, byID: new Map(entities.map((e) => [e.id, e])) });
    if (this.snapshots.length > this.capacity) this.snapshots.shift();
  }

  clear() {
    this.snapshots = [];
    this.lastSample = null;
  }

  get newestTick() {
    return this.snapshots.length === 0 ? null : this.snapshots[this.snapshots.length - 1].tick;
  }

  /**
   * The entities at renderTick: [{ id, kind, values }], values as floats where blended.
   * Snapshots older than the one in use are discarded: render time only moves forward.
   * `exclude` skips one id (the predicted player).
   */
  sample(renderTick, exclude = null) {
    const snapshots = this.snapshots;
    if (snapshots.length === 0) {
      this.lastSample = null;
      return [];
    }
    let index = 0;
    while (index + 1 < snapshots.length && snapshots[index + 1].tick <= renderTick) index++;
    if (index > 0) {
      snapshots.splice(0, index);
      index = 0;
    }
    const a = snapshots[0];
    const b = snapshots[1];
    if (renderTick < a.tick || b === undefined) {
      const held = renderTick < a.tick ? 'before' : 'after';
      if (held === 'after') this.starvedSamples++;
      this.lastSample = { tick: renderTick, from: a.tick, to: a.tick, t: 0, held };
      return [...a.byID.values()].filter((e) => e.id !== exclude);
    }
    const t = (renderTick - a.tick) / (b.tick - a.tick);
    this.lastSample = { tick: renderTick, from: a.tick, to: b.tick, t, held: null };
    const out = [];
    for (const from of a.byID.values()) {
      if (from.id === exclude) continue;
      const to = b.byID.get(from.id);
      out.push(to === undefined || to.kind !== from.kind ? from : this.blend(from, to, t, b.tick - a.tick));
    }
    return out;
  }

  /** One entity between two states `ticks` apart. */
  blend(from, to, t, ticks) {
    const [xField, yField] = this.positionFields;
    const limit = (this.maxSpeeds[from.kind] ?? Infinity) * ticks;
    const dx = to.values[xField] - from.values[xField];
    const dy = to.values[yField] - from.values[yField];
    if (dx * dx + dy * dy > limit * limit) return from;
    const modes = this.fieldModes[from.kind];
    const values = from.values.map((value, field) => {
      const mode = modes[field];
      const target = to.values[field];
      if (mode.mode === FieldMode.linear) return value + (target - value) * t;
      if (mode.mode === FieldMode.angle) return lerpWrapped(value, target, t, mode.period);
      return value;
    });
    return { id: from.id, kind: from.kind, values };
  }
}
