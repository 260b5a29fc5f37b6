// The floor: a grid every 64 world units that scrolls with the camera, and the world's
// edge. Outside the world is darker.

const GRID = 1024;
const FLOOR = '#111827';
const OUTSIDE = '#07090f';
const LINE = 'rgba(148, 163, 184, 0.12)';
const EDGE = '#ef4444';

export function drawBackground(ctx, camera, bounds) {
  const { width, height } = camera;
  ctx.fillStyle = bounds ? OUTSIDE : FLOOR;
  ctx.fillRect(0, 0, width, height);
  if (!bounds) return;
  const left = camera.screenX(bounds.minX);
  const top = camera.screenY(bounds.minY);
  const right = camera.screenX(bounds.maxX);
  const bottom = camera.screenY(bounds.maxY);
  ctx.fillStyle = FLOOR;
  ctx.fillRect(left, top, right - left, bottom - top);

  ctx.strokeStyle = LINE;
  ctx.lineWidth = 1;
  ctx.beginPath();
  const halfWidth = width / 2 / camera.scale;
  const halfHeight = height / 2 / camera.scale;
  const firstX = Math.max(bounds.minX, Math.ceil((camera.x - halfWidth) / GRID) * GRID);
  const lastX = Math.min(bounds.maxX, camera.x + halfWidth);
  for (let x = firstX; x <= lastX; x += GRID) {
    const sx = Math.round(camera.screenX(x)) + 0.5;
    ctx.moveTo(sx, Math.max(0, top));
    ctx.lineTo(sx, Math.min(height, bottom));
  }
  const firstY = Math.max(bounds.minY, Math.ceil((camera.y - halfHeight) / GRID) * GRID);
  const lastY = Math.min(bounds.maxY, camera.y + halfHeight);
  for (let y = firstY; y <= lastY; y += GRID) {
    const sy = Math.round(camera.screenY(y)) + 0.5;
    ctx.moveTo(Math.max(0, left), sy);
    ctx.lineTo(Math.min(width, right), sy);
  }
  ctx.stroke();

  ctx.strokeStyle = EDGE;
  ctx.lineWidth = 3;
  ctx.strokeRect(left, top, right - left, bottom - top);
}
