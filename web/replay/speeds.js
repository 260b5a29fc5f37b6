// Playback speeds, in the protocol's unit: quarters of real time (1 = 0.25×, 4 = 1×, 32 = 8×),
// so every speed the page offers is an exact integer on the wire and in the server's pacing.

import { MIN_QUARTERS, MAX_QUARTERS } from '../wire/messages.js';

/** The speeds the selector offers, slowest first. */
export const SPEED_STEPS = Object.freeze([1, 2, 3, 4, 6, 8, 12, 16, 24, 32]);

/** Normal speed. */
export const DEFAULT_QUARTERS = 4;

/** "0.25×", "1×", "1.5×", "8×". */
export function speedLabel(quarters) {
  return `${quarters / 4}×`;
}

/** A speed in quarters from a factor (2 → 8), rounded to a whole quarter within 0.25×…8×. */
export function quartersFromFactor(factor) {
  if (!Number.isFinite(factor)) return DEFAULT_QUARTERS;
  return Math.min(MAX_QUARTERS, Math.max(MIN_QUARTERS, Math.round(factor * 4)));
}

/** The offered step `direction` (+1 faster, −1 slower) away from `quarters`, staying in range. */
export function stepSpeed(quarters, direction) {
  const index = SPEED_STEPS.findIndex((step) => step >= quarters);
  const at = index < 0 ? SPEED_STEPS.length - 1 : index;
  const exact = SPEED_STEPS[at] === quarters;
  const next = direction > 0 ? (exact ? at + 1 : at) : at - 1;
  return SPEED_STEPS[Math.min(SPEED_STEPS.length - 1, Math.max(0, next))];
}
