// The words of Pitch's top banner, from the match entity's fields alone: a pure function,
// so the node tests can check every phase without a canvas (renderer.js draws them).

import { Phase, TICKS_PER_SECOND } from './rules.js';

/** Whole seconds left, rounded up: a clock shows 0:01 until the phase really ends. */
export function secondsLeft(ticksLeft) {
  return Math.ceil(Math.max(0, ticksLeft) / TICKS_PER_SECOND);
}

/** m:ss of `ticksLeft` at 60 ticks per second. */
export function clockText(ticksLeft) {
  const seconds = secondsLeft(ticksLeft);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The final result in words: who won, or a draw, with the score. */
export function resultText(red, blue) {
  if (red > blue) return `RED WINS ${red} : ${blue}`;
  if (blue > red) return `BLUE WINS ${blue} : ${red}`;
  return `DRAW ${red} : ${blue}`;
}

/**
 * The banner for a match `{ phase, ticksLeft, red, blue, number }`:
 * `{ score, status, headline }`, where `score` is always "RED r : b BLUE", `status` the
 * phase with its clock, and `headline` the big centred text (the countdown's number, GOAL!,
 * the result) or null.
 */
export function bannerText({ phase, ticksLeft, red, blue, number }) {
  const score = `RED ${red} : ${blue} BLUE`;
  switch (phase) {
    case Phase.waiting:
      return { score, status: 'Waiting for players', headline: null };
    case Phase.countdown:
      return { score, status: `Match ${number} · kick-off in ${clockText(ticksLeft)}`, headline: String(secondsLeft(ticksLeft)) };
    case Phase.firstHalf:
      return { score, status: `1st half · ${clockText(ticksLeft)}`, headline: null };
    case Phase.halftime:
      return { score, status: `Half-time · 2nd half in ${clockText(ticksLeft)}`, headline: 'HALF-TIME' };
    case Phase.secondHalf:
      return { score, status: `2nd half · ${clockText(ticksLeft)}`, headline: null };
    case Phase.goal:
      return { score, status: 'Goal!', headline: 'GOAL!' };
    case Phase.ended:
      return { score, status: `Full time · next match in ${clockText(ticksLeft)}`, headline: resultText(red, blue) };
    default:
      return { score, status: '', headline: null };
  }
}
