// Maps world coordinates (simulation units) to the canvas (CSS pixels). The camera sits on
// the followed point; the zoom makes the longer side of the screen span the player's view
// square, so a phone in portrait and a wide monitor both see as far as the server shows.

export class Camera {
  constructor() {
    this.x = 0;
    this.y = 0;
    /** CSS pixels per simulation unit. */
    this.scale = 1;
    this.width = 0;
    this.height = 0;
  }

  /** Fits the view square (±viewRadius around the camera) to a width × height screen. */
  resize(width, height, viewRadius) {
    this.width = width;
    this.height = height;
    this.scale = Math.max(width, height) / (2 * Math.max(1, viewRadius));
  }

  /**
   * Fits the whole world (`bounds`) to a width × height screen with a small margin, centred:
   * for a game whose world is one screen (Pitch), where following the player would waste it.
   */
  frame(width, height, bounds) {
    this.width = width;
    this.height = height;
    const spanX = Math.max(1, bounds.maxX - bounds.minX);
    const spanY = Math.max(1, bounds.maxY - bounds.minY);
    this.scale = 0.94 * Math.min(width / spanX, height / spanY);
    this.lookAt((bounds.minX + bounds.maxX) / 2, (bounds.minY + bounds.maxY) / 2);
  }

  lookAt(x, y) {
    this.x = x;
    this.y = y;
  }

  screenX(worldX) {
    return (worldX - this.x) * this.scale + this.width / 2;
  }

  screenY(worldY) {
    return (worldY - this.y) * this.scale + this.height / 2;
  }

  /** Whether a circle of `radius` around (x, y) touches the screen. */
  sees(x, y, radius) {
    const r = radius * this.scale;
    const sx = this.screenX(x);
    const sy = this.screenY(y);
    return sx + r >= 0 && sy + r >= 0 && sx - r <= this.width && sy - r <= this.height;
  }
}
