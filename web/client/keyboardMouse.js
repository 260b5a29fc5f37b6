// Desktop controls: by default WASD or the arrow keys move, the mouse aims, a click or the
// space bar shoots; a game may pass its own keys. Keys are read by `code` (the physical key),
// so AZERTY players use the same places. Everything is released when the window loses
// focus, so a player never keeps running after switching tabs.

/** Key code → [moveX, moveY]. */
export const DEFAULT_MOVE_KEYS = Object.freeze({
  KeyW: [0, -1], ArrowUp: [0, -1],
  KeyS: [0, 1], ArrowDown: [0, 1],
  KeyA: [-1, 0], ArrowLeft: [-1, 0],
  KeyD: [1, 0], ArrowRight: [1, 0],
});

export const DEFAULT_FIRE_KEYS = Object.freeze(['Space']);

export class KeyboardMouseControls {
  /**
   * @param {EventTarget} keyTarget where key events are heard (window)
   * @param {HTMLElement} surface the canvas the mouse aims over
   * @param {object} keys { moveKeys: code → [moveX, moveY], fireKeys: codes that fire }
   */
  constructor(keyTarget, surface, { moveKeys = DEFAULT_MOVE_KEYS, fireKeys = DEFAULT_FIRE_KEYS } = {}) {
    this.surface = surface;
    this.moveKeys = moveKeys;
    this.fireKeys = new Set(fireKeys);
    this.held = new Set();
    this.mouseDown = false;
    /** The mouse in CSS pixels relative to the surface, or null before it moved. */
    this.pointer = null;
    this.enabled = true;
    keyTarget.addEventListener('keydown', (event) => this.#key(event, true));
    keyTarget.addEventListener('keyup', (event) => this.#key(event, false));
    keyTarget.addEventListener('blur', () => this.release());
    surface.addEventListener('pointermove', (event) => this.#pointer(event));
    surface.addEventListener('pointerdown', (event) => {
      if (!this.#isMouse(event)) return;
      this.#pointer(event);
      if (event.button === 0) this.mouseDown = true;
    });
    keyTarget.addEventListener('pointerup', (event) => {
      if (this.#isMouse(event) && event.button === 0) this.mouseDown = false;
    });
    surface.addEventListener('contextmenu', (event) => event.preventDefault());
  }

  /** Lets go of every key and button. */
  release() {
    this.held.clear();
    this.mouseDown = false;
  }

  /** { moveX, moveY, fire } from what is held now. */
  read() {
    let moveX = 0;
    let moveY = 0;
    for (const code of this.held) {
      const move = this.moveKeys[code];
      if (move) {
        moveX += move[0];
        moveY += move[1];
      }
    }
    const fire = this.mouseDown || [...this.held].some((code) => this.fireKeys.has(code));
    return { moveX: Math.sign(moveX), moveY: Math.sign(moveY), fire };
  }

  #key(event, down) {
    if (!this.enabled || isTyping(event.target)) return;
    if (!Object.hasOwn(this.moveKeys, event.code) && !this.fireKeys.has(event.code)) return;
    event.preventDefault();
    if (down) this.held.add(event.code);
    else this.held.delete(event.code);
  }

  #pointer(event) {
    if (!this.#isMouse(event)) return;
    const box = this.surface.getBoundingClientRect();
    this.pointer = { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  #isMouse(event) {
    return event.pointerType === 'mouse' || event.pointerType === 'pen';
  }
}

/** Whether a key went to a text field (then it is typing, not playing). */
function isTyping(target) {
  return target instanceof Element && target.matches('input, textarea, select, [contenteditable]');
}
