// The replay's timeline as numbers: where a tick sits on the bar, which tick a point of the
// bar means, the keyframe marks, and how ticks read as time. Pure functions, no DOM.

/** Where `tick` sits on a bar from 0 to endTick, as 0…1. */
export function tickToFraction(tick, endTick) {
  if (!(endTick > 0)) return 0;
  return Math.min(1, Math.max(0, tick / endTick));
}

/** The whole tick a point of the bar (0…1) means. */
export function fractionToTick(fraction, endTick) {
  if (!(endTick > 0) || !Number.isFinite(fraction)) return 0;
  return Math.round(Math.min(1, Math.max(0, fraction)) * endTick);
}

/** The tick under a pointer at clientX over a bar spanning left…left + width (CSS px). */
export function tickAtPointer(clientX, left, width, endTick) {
  return fractionToTick(width > 0 ? (clientX - left) / width : 0, endTick);
}

/** One mark per keyframe within 0…endTick: { tick, percent } (percent of the bar, 0…100). */
export function keyframeMarks(keyframeTicks, endTick) {
  return keyframeTicks
    .filter((tick) => tick <= endTick)
    .map((tick) => ({ tick, percent: tickToFraction(tick, endTick) * 100 }));
}

/** The last keyframe at or before `tick` (what a seek restores before simulating on), or null. */
export function keyframeAtOrBefore(keyframeTicks, tick) {
  let low = 0;
  let high = keyframeTicks.length - 1;
  let found = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (keyframeTicks[middle] <= tick) {
      found = keyframeTicks[middle];
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** Ticks as a clock: "0:07", "12:34", "1:02:03". */
export function formatTime(ticks, tickRate) {
  const seconds = tickRate > 0 ? Math.max(0, Math.floor(ticks / tickRate)) : 0;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** "0:07 / 1:30 · tick 420 of 5400". */
export function positionLabel(tick, endTick, tickRate) {
  const shown = Math.max(0, Math.floor(tick));
  return `${formatTime(shown, tickRate)} / ${formatTime(endTick, tickRate)} · tick ${shown} of ${endTick}`;
}
