// Arena's part of the drawing: where each kind keeps the fields its sprites read
// (kindLayout.js), the order kinds are drawn in, and the sprites (sprites.js). The SDK's
// Renderer (render/renderer.js) does the rest: canvas size, camera, floor, dimming, the
// touch stick.

import { kindLayouts } from './kindLayout.js';
import { drawEntity } from './sprites.js';

/** Drawing order by kind name: drones under players, shots on top. */
const LAYERS = Object.freeze({ drone: 0, player: 1, projectile: 2 });

export const arenaRenderer = Object.freeze({
  layouts: kindLayouts,
  layer: (layout) => LAYERS[layout.name] ?? LAYERS.projectile,
  drawEntity,
});
