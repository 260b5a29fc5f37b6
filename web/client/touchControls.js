// Phone controls: a finger on the left half of the screen becomes a virtual stick (drag
// from where it landed, eight directions); a finger on the right half aims at where it
// touches and shoots while it stays down (a quick tap still fires at least once).

/** Drags shorter than this (CSS px) do not move. */
export const STICK_DEAD_ZONE = 12;
/** The stick's drawn radius; dragging further only moves the origin along. */
export const STICK_RADIUS = 56;
/** A tap fires for at least this long. */
const MIN_FIRE_MS = 150;
/** cos 67.5°: an axis counts when the drag leans this much along it (eight sectors). */
const AXIS_THRESHOLD = Math.cos((67.5 * Math.PI) / 180);

/** The eight-direction move for a drag (dx, dy) in screen pixels. */
export function stickDirection(dx, dy, deadZone = STICK_DEAD_ZONE) {
  const length = Math.hypot(dx, dy);
  if (length < deadZone) return { moveX: 0, moveY: 0 };
  const moveX = Math.abs(dx / length) > AXIS_THRESHOLD ? Math.sign(dx) : 0;
  const moveY = Math.abs(dy / length) > AXIS_THRESHOLD ? Math.sign(dy) : 0;
  return { moveX, moveY };
}

export class TouchControls {
  /**
   * @param {HTMLElement} surface the canvas
   * @param {() => number} now ms clock
   */
  constructor(surface, now = () => performance.now()) {
    this.surface = surface;
    this.now = now;
    /** { id, origin: {x, y}, point: {x, y} } while a finger steers, else null. */
    this.stick = null;
    /** { id, point } while a finger shoots, else null. */
    this.trigger = null;
    this.fireUntil = -Infinity;
    /** The last point a finger aimed at, kept after it lifts. */
    this.aimPoint = null;
    /** True once the player used touch: the page then shows the touch hints. */
    this.used = false;
    surface.addEventListener('pointerdown', (event) => this.#down(event));
    surface.addEventListener('pointermove', (event) => this.#move(event));
    surface.addEventListener('pointerup', (event) => this.#up(event));
    surface.addEventListener('pointercancel', (event) => this.#up(event));
  }

  release() {
    this.stick = null;
    this.trigger = null;
  }

  /** { moveX, moveY, fire, aimPoint (CSS px or null) }. */
  read() {
    const move = this.stick
      ? stickDirection(this.stick.point.x - this.stick.origin.x, this.stick.point.y - this.stick.origin.y)
      : { moveX: 0, moveY: 0 };
    const fire = this.trigger !== null || this.now() < this.fireUntil;
    return { ...move, fire, aimPoint: this.trigger ? this.trigger.point : null };
  }

  #down(event) {
    if (event.pointerType !== 'touch') return;
    event.preventDefault();
    this.used = true;
    const point = this.#point(event);
    this.surface.setPointerCapture?.(event.pointerId);
    if (point.x < this.surface.clientWidth / 2 && this.stick === null) {
      this.stick = { id: event.pointerId, origin: point, point };
    } else if (this.trigger === null) {
      this.trigger = { id: event.pointerId, point };
      this.aimPoint = point;
      this.fireUntil = this.now() + MIN_FIRE_MS;
    }
  }

  #move(event) {
    if (event.pointerType !== 'touch') return;
    const point = this.#point(event);
    if (this.stick && this.stick.id === event.pointerId) {
      const dx = point.x - this.stick.origin.x;
      const dy = point.y - this.stick.origin.y;
      const length = Math.hypot(dx, dy);
      // Past the rim the origin follows the finger, so reversing responds at once.
      const origin = length > STICK_RADIUS
        ? { x: point.x - (dx / length) * STICK_RADIUS, y: point.y - (dy / length) * STICK_RADIUS }
        : this.stick.origin;
      this.stick = { id: event.pointerId, origin, point };
    } else if (this.trigger && this.trigger.id === event.pointerId) {
      this.trigger = { id: event.pointerId, point };
      this.aimPoint = point;
    }
  }

  #up(event) {
    if (this.stick && this.stick.id === event.pointerId) this.stick = null;
    if (this.trigger && this.trigger.id === event.pointerId) this.trigger = null;
  }

  #point(event) {
    const box = this.surface.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }
}
