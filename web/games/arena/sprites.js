// How each kind of Arena entity looks. Sizes are the game's body radii (RADIUS, in
// simulation units) and scale with the camera, with a floor so that small things stay
// visible on a phone. A kind without a sprite is drawn as a grey circle.

import { PLAYER_RADIUS } from './rules.js';

/** Body radii in simulation units (Sources/Arena: playerRadius, droneRadius, projectileRadius). */
export const RADIUS = Object.freeze({ player: PLAYER_RADIUS, drone: 224, projectile: 64 });

export const COLORS = Object.freeze({
  self: '#4fd1c5',
  player: '#f6ad55',
  dead: '#6b7280',
  drone: '#d65db1',
  projectile: '#fde68a',
  ownProjectile: '#a7f3d0',
  label: '#e5e7eb',
  healthGood: '#48bb78',
  healthLow: '#f56565',
  healthBack: 'rgba(0, 0, 0, 0.55)',
});

const TAU = Math.PI * 2;

function angleOf(entity, layout) {
  return layout.angle < 0 ? 0 : (entity.values[layout.angle] / layout.angleUnitsPerTurn) * TAU;
}

/**
 * Draws one entity. `scene` = { camera, layout (kindLayouts entry), ownPlayer (PlayerID),
 * ownID (entity id), nameOf(player) }.
 */
export function drawEntity(ctx, entity, scene) {
  const { camera, layout } = scene;
  const radius = RADIUS[layout.name] ?? 128;
  if (!camera.sees(entity.values[0], entity.values[1], radius * 3)) return;
  const x = camera.screenX(entity.values[0]);
  const y = camera.screenY(entity.values[1]);
  switch (layout.name) {
    case 'player':
      drawPlayer(ctx, entity, x, y, Math.max(6, radius * camera.scale), scene);
      break;
    case 'drone':
      drawDrone(ctx, angleOf(entity, layout), x, y, Math.max(5, radius * camera.scale));
      break;
    case 'projectile': {
      const own = layout.owner >= 0 && entity.values[layout.owner] === scene.ownPlayer;
      drawProjectile(ctx, x, y, Math.max(2, radius * camera.scale), own);
      break;
    }
    default:
      ctx.fillStyle = COLORS.dead;
      ctx.beginPath();
      ctx.arc(x, y, Math.max(3, radius * camera.scale), 0, TAU);
      ctx.fill();
  }
}

function drawPlayer(ctx, entity, x, y, r, scene) {
  const { layout } = scene;
  const self = entity.id === scene.ownID;
  const health = layout.health >= 0 ? entity.values[layout.health] : 1;
  const alive = health > 0;
  const angle = angleOf(entity, layout);
  const color = !alive ? COLORS.dead : self ? COLORS.self : COLORS.player;
  ctx.globalAlpha = alive ? 1 : 0.45;
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate(angle);
  ctx.fillStyle = color;
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.45)';
  ctx.lineWidth = Math.max(1.5, r * 0.1);
  ctx.beginPath();
  ctx.rect(r * 0.4, -r * 0.21, r * 1.7, r * 0.42);
  ctx.fill();
  ctx.stroke();
  ctx.beginPath();
  ctx.arc(0, 0, r, 0, TAU);
  ctx.fill();
  ctx.stroke();
  ctx.restore();
  ctx.globalAlpha = 1;

  const name = layout.player >= 0 ? scene.nameOf(entity.values[layout.player]) : '';
  ctx.fillStyle = COLORS.label;
  ctx.font = '600 12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(alive ? name : `${name} (down)`, x, y - r - 6);

  if (alive && layout.health >= 0) {
    const width = r * 2;
    const fraction = Math.max(0, Math.min(1, health / layout.maxHealth));
    ctx.fillStyle = COLORS.healthBack;
    ctx.fillRect(x - width / 2, y + r + 5, width, 4);
    ctx.fillStyle = fraction > 0.35 ? COLORS.healthGood : COLORS.healthLow;
    ctx.fillRect(x - width / 2, y + r + 5, width * fraction, 4);
  }
}

function drawDrone(ctx, angle, x, y, r) {
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate(angle);
  ctx.fillStyle = COLORS.drone;
  ctx.beginPath();
  ctx.moveTo(r * 1.15, 0);
  ctx.lineTo(-r * 0.8, r * 0.85);
  ctx.lineTo(-r * 0.4, 0);
  ctx.lineTo(-r * 0.8, -r * 0.85);
  ctx.closePath();
  ctx.fill();
  ctx.restore();
}

function drawProjectile(ctx, x, y, r, own) {
  ctx.fillStyle = own ? COLORS.ownProjectile : COLORS.projectile;
  ctx.shadowColor = ctx.fillStyle;
  ctx.shadowBlur = r * 2;
  ctx.beginPath();
  ctx.arc(x, y, r, 0, TAU);
  ctx.fill();
  ctx.shadowBlur = 0;
}
