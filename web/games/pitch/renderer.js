// How Pitch looks: the pitch itself as the floor (grass stripes, lines, centre circle, the
// two goals), players as team-coloured discs with their names, the ball, and the match
// entity as the top banner (score, phase and clock) with a big headline for the countdown,
// goals, half-time and the result. The SDK's Renderer (render/renderer.js) does the frame:
// canvas size, camera framing the whole pitch (renderer.frame), dimming, the touch stick.

import {
  WIDTH, HEIGHT, CENTRE_X, CENTRE_Y, GOAL_TOP, GOAL_BOTTOM, PLAYER_RADIUS, BALL_RADIUS,
} from './rules.js';
import { bannerText, secondsLeft } from './banner.js';

export const COLORS = Object.freeze({
  outside: '#0b1410',
  grass: '#2f7d32',
  grassStripe: '#2a7030',
  line: 'rgba(255, 255, 255, 0.85)',
  net: 'rgba(255, 255, 255, 0.35)',
  teams: ['#e53e3e', '#3182ce'],
  goalBacks: ['rgba(229, 62, 62, 0.25)', 'rgba(49, 130, 206, 0.25)'],
  self: '#ffffff',
  outline: 'rgba(0, 0, 0, 0.5)',
  label: '#f7fafc',
  ball: '#fdfdfd',
  bannerBack: 'rgba(10, 14, 20, 0.78)',
  bannerText: '#f7fafc',
  headline: '#ffffff',
  headlineShadow: 'rgba(0, 0, 0, 0.6)',
});

/** How deep the goals reach behind the end lines, in simulation units (30 world units). */
export const GOAL_DEPTH = 480;
/** Centre circle radius (100 world units) and stripe width (100 world units). */
const CENTRE_CIRCLE = 1600;
const STRIPE = 1600;
/** Penalty areas: 180 world units deep, 440 tall, centred. */
const BOX_DEPTH = 2880;
const BOX_HALF = 3520;
const TAU = Math.PI * 2;

/** Drawing order by kind name: players, then the ball over them, then the banner. */
const LAYERS = Object.freeze({ player: 1, ball: 2, match: 3 });

/** Per kind, the indices of the fields the sprites read (-1 when the kind lacks one). */
export function kindLayouts(kinds) {
  return kinds.map((kind) => {
    const index = (name) => kind.fields.findIndex((field) => field.name === name);
    return {
      name: kind.name,
      team: index('team'),
      player: index('player'),
      phase: index('phase'),
      ticksLeft: index('ticksLeft'),
      red: index('red'),
      blue: index('blue'),
      number: index('number'),
    };
  });
}

/** The floor: the pitch at its place in the world, whatever the camera shows of it. */
export function drawBackground(ctx, camera) {
  const { width, height } = camera;
  ctx.fillStyle = COLORS.outside;
  ctx.fillRect(0, 0, width, height);
  const left = camera.screenX(0);
  const top = camera.screenY(0);
  const right = camera.screenX(WIDTH);
  const bottom = camera.screenY(HEIGHT);
  const s = camera.scale;
  ctx.fillStyle = COLORS.grass;
  ctx.fillRect(left, top, right - left, bottom - top);
  ctx.fillStyle = COLORS.grassStripe;
  for (let x = 0; x < WIDTH; x += 2 * STRIPE) ctx.fillRect(camera.screenX(x), top, STRIPE * s, bottom - top);

  // The goals behind the end lines, tinted by the team that defends them.
  const goalTop = camera.screenY(GOAL_TOP);
  const goalHeight = (GOAL_BOTTOM - GOAL_TOP) * s;
  ctx.fillStyle = COLORS.goalBacks[0];
  ctx.fillRect(left - GOAL_DEPTH * s, goalTop, GOAL_DEPTH * s, goalHeight);
  ctx.fillStyle = COLORS.goalBacks[1];
  ctx.fillRect(right, goalTop, GOAL_DEPTH * s, goalHeight);
  ctx.strokeStyle = COLORS.net;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let y = GOAL_TOP; y <= GOAL_BOTTOM; y += 320) {
    const sy = camera.screenY(y);
    ctx.moveTo(left - GOAL_DEPTH * s, sy);
    ctx.lineTo(left, sy);
    ctx.moveTo(right, sy);
    ctx.lineTo(right + GOAL_DEPTH * s, sy);
  }
  ctx.stroke();

  ctx.strokeStyle = COLORS.line;
  ctx.lineWidth = Math.max(1.5, 48 * s);
  ctx.beginPath();
  ctx.rect(left, top, right - left, bottom - top);
  ctx.moveTo(camera.screenX(CENTRE_X), top);
  ctx.lineTo(camera.screenX(CENTRE_X), bottom);
  ctx.rect(left, camera.screenY(CENTRE_Y - BOX_HALF), BOX_DEPTH * s, 2 * BOX_HALF * s);
  ctx.rect(right - BOX_DEPTH * s, camera.screenY(CENTRE_Y - BOX_HALF), BOX_DEPTH * s, 2 * BOX_HALF * s);
  ctx.rect(left - GOAL_DEPTH * s, goalTop, GOAL_DEPTH * s, goalHeight);
  ctx.rect(right, goalTop, GOAL_DEPTH * s, goalHeight);
  ctx.stroke();
  ctx.beginPath();
  ctx.arc(camera.screenX(CENTRE_X), camera.screenY(CENTRE_Y), CENTRE_CIRCLE * s, 0, TAU);
  ctx.stroke();
  ctx.fillStyle = COLORS.line;
  ctx.beginPath();
  ctx.arc(camera.screenX(CENTRE_X), camera.screenY(CENTRE_Y), Math.max(2, 80 * s), 0, TAU);
  ctx.fill();
}

/** A player's label: its name, else its id. */
function labelOf(entity, layout, scene) {
  if (layout.player < 0) return '';
  const player = entity.values[layout.player];
  const name = scene.nameOf ? scene.nameOf(player) : '';
  return name ? name : `#${player}`;
}

function drawPlayer(ctx, entity, scene) {
  const { camera, layout } = scene;
  if (!camera.sees(entity.values[0], entity.values[1], PLAYER_RADIUS * 3)) return;
  const x = camera.screenX(entity.values[0]);
  const y = camera.screenY(entity.values[1]);
  const r = Math.max(6, PLAYER_RADIUS * camera.scale);
  const team = layout.team >= 0 ? entity.values[layout.team] : 0;
  const self = entity.id === scene.ownID;
  ctx.fillStyle = COLORS.teams[team] ?? COLORS.teams[0];
  ctx.strokeStyle = self ? COLORS.self : COLORS.outline;
  ctx.lineWidth = self ? Math.max(2.5, r * 0.22) : Math.max(1.5, r * 0.12);
  ctx.beginPath();
  ctx.arc(x, y, r, 0, TAU);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = COLORS.label;
  ctx.font = '600 12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(labelOf(entity, layout, scene), x, y - r - 5);
}

function drawBall(ctx, entity, { camera }) {
  if (!camera.sees(entity.values[0], entity.values[1], BALL_RADIUS * 3)) return;
  const r = Math.max(4, BALL_RADIUS * camera.scale);
  ctx.fillStyle = COLORS.ball;
  ctx.strokeStyle = COLORS.outline;
  ctx.lineWidth = Math.max(1, r * 0.18);
  ctx.beginPath();
  ctx.arc(camera.screenX(entity.values[0]), camera.screenY(entity.values[1]), r, 0, TAU);
  ctx.fill();
  ctx.stroke();
}

/** The match's fields by name, from an entity and its kind layout. */
export function matchOf(entity, layout) {
  const value = (index) => (index >= 0 ? entity.values[index] : 0);
  return {
    phase: value(layout.phase),
    ticksLeft: value(layout.ticksLeft),
    red: value(layout.red),
    blue: value(layout.blue),
    number: value(layout.number),
  };
}

/** The last banner's inputs and words: they change a few times a second, frames come at 60 Hz. */
const lastBanner = { phase: -1, seconds: -1, red: -1, blue: -1, number: -1, text: null };

/** The banner's words for the match entity, recomputed only when what they show changed. */
function bannerFor(entity, layout) {
  const values = entity.values;
  const at = (index) => (index >= 0 ? values[index] : 0);
  const phase = at(layout.phase);
  const seconds = secondsLeft(at(layout.ticksLeft));
  const red = at(layout.red);
  const blue = at(layout.blue);
  const number = at(layout.number);
  const last = lastBanner;
  if (last.text === null || last.phase !== phase || last.seconds !== seconds || last.red !== red
      || last.blue !== blue || last.number !== number) {
    last.phase = phase;
    last.seconds = seconds;
    last.red = red;
    last.blue = blue;
    last.number = number;
    last.text = bannerText(matchOf(entity, layout));
  }
  return last.text;
}

/** The banner in screen space: a strip at the top centre and, when there is one, the headline. */
function drawBanner(ctx, entity, { camera, layout }) {
  const text = bannerFor(entity, layout);
  const centre = camera.width / 2;
  ctx.font = '700 20px system-ui, sans-serif';
  const width = Math.max(ctx.measureText(text.score).width, 220) + 48;
  ctx.fillStyle = COLORS.bannerBack;
  ctx.fillRect(centre - width / 2, 8, width, 58);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillStyle = COLORS.bannerText;
  ctx.fillText(text.score, centre, 14);
  ctx.font = '500 14px system-ui, sans-serif';
  ctx.fillText(text.status, centre, 42);
  if (text.headline === null) return;
  const size = text.headline.length <= 2 ? 96 : 56;
  ctx.font = `800 ${size}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = COLORS.headlineShadow;
  // Above the centre spot, clear of the kick-off.
  const y = camera.height * 0.3;
  ctx.fillText(text.headline, centre + 3, y + 3);
  ctx.fillStyle = COLORS.headline;
  ctx.fillText(text.headline, centre, y);
}

/** Draws one entity by its kind's name; a kind Pitch does not know is skipped. */
export function drawEntity(ctx, entity, scene) {
  switch (scene.layout.name) {
    case 'player':
      drawPlayer(ctx, entity, scene);
      break;
    case 'ball':
      drawBall(ctx, entity, scene);
      break;
    case 'match':
      drawBanner(ctx, entity, scene);
      break;
    default:
      break;
  }
}

export const pitchRenderer = Object.freeze({
  /** The whole pitch on screen, whoever the player is (the SDK's camera frames the world). */
  frame: 'world',
  layouts: kindLayouts,
  layer: (layout) => LAYERS[layout.name] ?? 0,
  drawEntity,
  drawBackground,
});
