// Draws the game on a canvas that fills its box: sized in device pixels (sharp on high-DPI
// screens), re-measured every frame so it follows window resizes and rotation, with the
// camera on the player's own entity. What each entity looks like is the game's
// (`game.renderer`: kind layouts, drawing order, sprites, optionally the floor); this file
// only knows the frame around them.

import { Camera } from './camera.js';
import { drawBackground } from './background.js';
import { drawStick } from './touchOverlay.js';

export class Renderer {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {object} parts the game module's `renderer`: { layouts(kinds), layer(layout),
   *   drawEntity(ctx, entity, scene), drawBackground?(ctx, camera, bounds) } (web/SDK.md)
   * @param {() => number} devicePixelRatio
   */
  constructor(canvas, parts, devicePixelRatio = () => window.devicePixelRatio || 1) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.parts = parts;
    this.drawBackground = parts.drawBackground ?? drawBackground;
    this.devicePixelRatio = devicePixelRatio;
    this.camera = new Camera();
    this.layouts = [];
    /** Per kind: its drawing layer (lower first). */
    this.layers = [];
    this.bounds = null;
    this.viewRadius = 1;
    this.ratio = 1;
    // Made once and reused every frame, so that drawing allocates no more than the game's sprites do.
    this.ordered = [];
    this.scene = { camera: this.camera, layout: null, ownID: null, ownPlayer: null, nameOf: null };
    this.byLayer = (a, b) => (this.layers[a.kind] ?? 0) - (this.layers[b.kind] ?? 0);
  }

  /** Learns the game from a welcome: field layouts, world bounds, view radius. */
  setGame(welcome) {
    const game = welcome.game;
    this.layouts = this.parts.layouts(game.kinds);
    this.layers = this.layouts.map((layout) => this.parts.layer(layout));
    this.bounds = { minX: game.worldMinX, minY: game.worldMinY, maxX: game.worldMaxX, maxY: game.worldMaxY };
    this.viewRadius = game.viewRadius;
  }

  /** Whether the game's renderer asks for the whole world on screen (`frame: 'world'`). */
  get framesWorld() {
    return this.parts.frame === 'world' && this.bounds !== null;
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
    if (this.framesWorld) this.camera.frame(width, height, this.bounds);
    else this.camera.resize(width, height, this.viewRadius);
  }

  /**
   * Draws one frame. `view` is GameSession.view() (or null); `scene` = { ownPlayer,
   * nameOf(player), stick (touch stick or null), dimmed (true while disconnected) }.
   */
  draw(view, scene) {
    this.resize();
    const { ctx, camera } = this;
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    if (view?.own && !this.framesWorld) camera.lookAt(view.own.values[0], view.own.values[1]);
    this.drawBackground(ctx, camera, this.bounds);
    if (view) {
      const entityScene = this.scene;
      entityScene.ownID = view.own ? view.own.id : null;
      entityScene.ownPlayer = scene.ownPlayer;
      entityScene.nameOf = scene.nameOf;
      // Drawing order by layer, stable, so that the own player stays last among its kind.
      const ordered = this.ordered;
      ordered.length = 0;
      for (const entity of view.remote) ordered.push(entity);
      if (view.own) ordered.push(view.own);
      ordered.sort(this.byLayer);
      for (const entity of ordered) {
        const layout = this.layouts[entity.kind];
        if (layout === undefined) continue;
        entityScene.layout = layout;
        this.parts.drawEntity(ctx, entity, entityScene);
      }
      ordered.length = 0;
    }
    if (scene.dimmed) {
      ctx.fillStyle = 'rgba(5, 8, 14, 0.55)';
      ctx.fillRect(0, 0, camera.width, camera.height);
    }
    if (scene.stick) drawStick(ctx, scene.stick);
  }

  /** Where a world point is on screen (CSS px). */
  toScreen(x, y) {
    return { x: this.camera.screenX(x), y: this.camera.screenY(y) };
  }
}
