// Pitch's game module: everything the game-agnostic client SDK needs to know about Pitch
// beyond the schema the welcome carries (web/SDK.md's "game module"): how each field is
// interpolated, how fast each kind can move (faster is a teleport, e.g. a kick-off), the
// movement rule the predictor re-runs (rules.js, the Swift rule's mirror), when the server
// moves players at all (the match entity's phase), how things are drawn (renderer.js) and
// how the devices become inputs (controls.js).
//
// The SDK's input and prediction contract is being generalised; this module is written to
// the target one, kept in `step` and `createControls` alone: `step(state, input)` takes the
// own entity's fields by name ({ x, y, vx, vy, score, team, player }) and the game's input
// ({ moveX, moveY, kick }) and returns the same keys. `fireButton` (the kick's bit in
// today's fixed input) and the controls' `fire`/`aim` only bridge to today's SDK.

import { FieldMode } from '../../client/interpolator.js';
import { movePlayer, playersMove, UNITS_PER_WORLD_UNIT } from './rules.js';
import { pitchRenderer } from './renderer.js';
import { createControls } from './controls.js';

/** Bit 0 of today's input buttons: the kick (Sources/Pitch/PitchInput.swift). */
export const KICK_BUTTON = 1;

const POSITION_FIELDS = new Set(['x', 'y']);

/**
 * Units per tick beyond which a move between snapshots is a teleport, by kind: a player
 * tops out at 60 per axis (kick-offs jump), the ball at 1,023 per axis (a goal's return to
 * the centre jumps), the match never moves.
 */
const MAX_SPEED = Object.freeze({ player: 128, ball: 1500, match: Infinity });

/** The match entity's phase as the client sees it, or undefined when it is not in view. */
export function matchPhase(world) {
  const kind = world.kindIndex('match');
  if (kind < 0) return undefined;
  for (const entity of world.entities) {
    if (entity.kind === kind) return world.value(entity, 'phase');
  }
  return undefined;
}

export const pitchGame = Object.freeze({
  id: 'pitch',
  name: 'Pitch',
  unitsPerWorldUnit: UNITS_PER_WORLD_UNIT,
  playerKindName: 'player',
  fireButton: KICK_BUTTON,
  /** Pitch players have no aim field. */
  aimFieldName: null,
  aimValue: () => 0,

  /** Per kind, per field: positions linear, everything else (velocities, scores, the clock) stepped. */
  fieldModes(kinds) {
    return kinds.map((kind) => kind.fields.map((field) => (
      POSITION_FIELDS.has(field.name) ? { mode: FieldMode.linear } : { mode: FieldMode.step })));
  },

  maxSpeeds(kinds) {
    return kinds.map((kind) => MAX_SPEED[kind.name] ?? Infinity);
  },

  /**
   * One tick of the own player's movement, exactly as the server moves it; only x, y, vx, vy
   * change. Today's SDK passes only { x, y }: the velocity then starts from rest at each
   * reconciliation (a rougher prediction, but finite) until it passes the entity's fields.
   */
  step(state, input) {
    const moved = movePlayer(state.x, state.y, state.vx ?? 0, state.vy ?? 0, input.moveX, input.moveY);
    return { ...state, x: moved.x, y: moved.y, vx: moved.vx, vy: moved.vy };
  },

  /**
   * Whether the server moves players now: in waiting and the two halves, not during the
   * countdown, half-time, a goal's pause or the results. Without a match entity in view
   * (never, with Pitch's view radius) the player is predicted as if it could move.
   */
  canMove(world, _entity) {
    const phase = matchPhase(world);
    return phase === undefined ? true : playersMove(phase);
  },

  renderer: pitchRenderer,
  createControls,
});
