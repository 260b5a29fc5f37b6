// The virtual stick under the player's thumb: a ring where the finger landed and a knob
// where it is now.

import { STICK_RADIUS } from '../client/touchControls.js';

export function drawStick(ctx, stick) {
  const { origin, point } = stick;
  ctx.lineWidth = 2;
  ctx.strokeStyle = 'rgba(229, 231, 235, 0.45)';
  ctx.fillStyle = 'rgba(229, 231, 235, 0.08)';
  ctx.beginPath();
  ctx.arc(origin.x, origin.y, STICK_RADIUS, 0, Math.PI * 2);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = 'rgba(79, 209, 197, 0.6)';
  ctx.beginPath();
  ctx.arc(point.x, point.y, 22, 0, Math.PI * 2);
  ctx.fill();
}
