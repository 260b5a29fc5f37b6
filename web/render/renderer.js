// Draws the game on a canvas that fills its box: sized in device pixels (sharp on high-DPI
// screens), re-measured every frame so it follows window resizes and rotation, with the
// camera on the player's own entity.

import { Camera } from './camera.js';
import { kindLayouts } from '../games/arena/kindLayout.js';
import { drawEntity } from '../games/arena/sprites.js';
import { drawBackground } from './background.js';
import { drawStick } from './touchOverlay.js';

const LAYERS = Object.freeze({ drone: 0, player: 1, projectile: 2 });

export class Renderer {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {() => number} devicePixelRatio
   */
  constructor(canvas, devicePixelRatio = () => window.devicePixelRatio || 1) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.devicePixelRatio = devicePixelRatio;
    this.camera = new Camera();
    this.layouts = [];
    this.bounds = null;
    this.viewRadius = 1;
    this.ratio = 1;
  }

  /** Learns the game from a welcome: field layouts, world bounds, view radius. */
  setGame(welcome) {
    const game = welcome.game;
    this.layouts = kindLayouts(game.kinds);
    this.bounds = { minX: game.worldMinX, minY: game.worldMinY, maxX: game.worldMaxX, maxY: game.worldMaxY };
    this.viewRadius = game.viewRadius;
  }

  /** Matches the backing store to the canvas's CSS size × device pixel ratio. */
  resize() {
    const width = this.canvas.clientWidth;
    const height = this.canvas.clientHeight;
    const ratio = this.devicePixelRatio();
    const pixelWidth = Math.max(1, Math.round(width * ratio));
    const pixelHeight = Math.max(1, Math.round(height * ratio));
    if (this.canvas.width !== pixelWidth || this.canvas.height !== pixelHeight) {
      this.canvas.width = pixelWidth;
      this.canvas.height = pixelHeight;
    }
    this.ratio = ratio;
    this.camera.resize(width, height, this.viewRadius);
  }

  /**
   * Draws one frame. `view` is GameSession.view() (or null); `scene` = { ownPlayer,
   * nameOf(player), stick (touch stick or null), dimmed (true while disconnected) }.
   */
  draw(view, scene) {
    this.resize();
    const { ctx, camera } = this;
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    if (view?.own) camera.lookAt(view.own.values[0], view.own.values[1]);
    drawBackground(ctx, camera, this.bounds);
    if (view) {
      const ownID = view.own ? view.own.id : null;
      const base = { camera, ownID, ownPlayer: scene.ownPlayer, nameOf: scene.nameOf };
      const ordered = view.own ? [...view.remote, view.own] : [...view.remote];
      ordered.sort((a, b) => this.#layer(a) - this.#layer(b));
      for (const entity of ordered) {
        const layout = this.layouts[entity.kind];
        if (layout) drawEntity(ctx, entity, { ...base, layout });
      }
    }
    if (scene.dimmed) {
      ctx.fillStyle = 'rgba(5, 8, 14, 0.55)';
      ctx.fillRect(0, 0, camera.width, camera.height);
    }
    if (scene.stick) drawStick(ctx, scene.stick);
  }

  /** Drawing order: drones under players, shots on top (stable, so the own player stays last). */
  #layer(entity) {
    return LAYERS[this.layouts[entity.kind]?.name] ?? LAYERS.projectile;
  }

  /** Where a world point is on screen (CSS px). */
  toScreen(x, y) {
    return { x: this.camera.screenX(x), y: this.camera.screenY(y) };
  }
}
