// Pitch's game module: everything the game-agnostic client SDK needs to know about Pitch
// beyond the schema the welcome carries (web/SDK.md's "game module"): how each field is
// interpolated, how fast each kind can move (faster is a teleport, e.g. a kick-off), the
// movement rule the predictor re-runs (rules.js, the Swift rule's mirror), when the server
// moves players at all (the match entity's phase), how things are drawn (renderer.js) and
// how the devices become inputs (controls.js).
//
// `step(state, input)` takes the own entity's fields by name ({ x, y, vx, vy, score, team,
// player }) and Pitch's input fields ({ moveX, moveY, kick }, Sources/Pitch/PitchInput.swift)
// and returns the fields it changes.

import { FieldMode } from '../../client/interpolator.js';
import { movePlayer, playersMove, UNITS_PER_WORLD_UNIT } from './rules.js';
import { pitchRenderer } from './renderer.js';
import { createControls } from './controls.js';

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
  /** The scoreboard shows goals (a player's `score` field); Pitch has no kills. */
  scoreColumns: Object.freeze([{ title: 'Goals', key: 'score' }]),
  /** The start form's help lines. */
  help: Object.freeze({
    keys: 'Run: WASD or arrows · Kick: space or click, near the ball · Chat: Enter · HUD: H',
    touch: 'Drag on the left to run · Touch on the right to kick · Chat: the Chat button',
  }),
  /** Pitch's input fields for the controls' intent (a fire is a kick; there is no aim). */
  input(intent) {
    return { moveX: Math.sign(intent.moveX) | 0, moveY: Math.sign(intent.moveY) | 0, kick: intent.kick ?? (intent.fire ? 1 : 0) };
  },
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

  /** One tick of the own player's movement, exactly as the server moves it: x, y, vx, vy. */
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
