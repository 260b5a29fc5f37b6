// Arena's game module: everything the game-agnostic client SDK needs to know about Arena
// beyond the schema the welcome carries (the interface is web/SDK.md's "game module"): how
// each field is interpolated, how fast each kind can move (faster is a teleport), the
// movement rule the predictor re-runs (rules.js, the Swift rule's mirror), how entities are
// drawn (renderer.js) and how the devices become inputs (controls.js). Everything is looked
// up by the names in the welcome's schema. The headless members (all but `renderer` and
// `createControls`) are all a session in node needs.

import { FieldMode } from '../../client/interpolator.js';
import { movePlayer, aimAngle, UNITS_PER_WORLD_UNIT } from './rules.js';
import { arenaRenderer } from './renderer.js';
import { createControls } from './controls.js';

/** Bit 0 of an input's buttons. */
export const FIRE_BUTTON = 1;

const ANGLE_FIELDS = new Set(['aim', 'heading']);
const POSITION_FIELDS = new Set(['x', 'y']);

/** Units per tick beyond which a move between snapshots is a teleport (respawn), by kind. */
const MAX_SPEED = Object.freeze({ player: 160, drone: 120, projectile: 400 });

export const arenaGame = Object.freeze({
  id: 'arena',
  name: 'Arena',
  unitsPerWorldUnit: UNITS_PER_WORLD_UNIT,
  playerKindName: 'player',
  fireButton: FIRE_BUTTON,
  /** The start form's help lines. */
  help: Object.freeze({
    keys: 'Move: WASD or arrows · Aim: mouse · Shoot: click or space · Chat: Enter · HUD: H',
    touch: 'Drag on the left to move · Touch on the right to aim and shoot · Chat: the Chat button',
  }),
  /** The player field that shows where it aims, and its value for an input's 16-bit aim. */
  aimFieldName: 'aim',
  aimValue: aimAngle,

  /** Per kind, per field: { mode, period }. */
  fieldModes(kinds) {
    return kinds.map((kind) => kind.fields.map((field) => {
      if (POSITION_FIELDS.has(field.name)) return { mode: FieldMode.linear };
      if (ANGLE_FIELDS.has(field.name)) return { mode: FieldMode.angle, period: field.max - field.min + 1 };
      return { mode: FieldMode.step };
    }));
  },

  maxSpeeds(kinds) {
    return kinds.map((kind) => MAX_SPEED[kind.name] ?? Infinity);
  },

  /**
   * The input fields (the welcome's `game.inputs`: buttons, aim, moveX, moveY) for the
   * controls' intent { moveX, moveY, fire, aim }.
   */
  input(intent) {
    return {
      buttons: intent.fire ? FIRE_BUTTON : 0,
      aim: intent.aim & 0xffff,
      moveX: Math.sign(intent.moveX) | 0,
      moveY: Math.sign(intent.moveY) | 0,
    };
  },

  /** One tick of the player's movement, exactly as the server moves it. */
  step(state, input) {
    return movePlayer(state.x, state.y, input);
  },

  /** Whether the server moves this player entity (the dead stand still). */
  canMove(world, entity) {
    return world.value(entity, 'health') > 0;
  },

  renderer: arenaRenderer,
  createControls,
});
