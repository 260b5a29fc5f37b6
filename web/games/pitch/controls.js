// Pitch's controls: moves from WASD/arrows and the touch stick, a kick from the space bar,
// the left mouse button or a touch on the right half of the screen. The devices are the
// SDK's (client/keyboardMouse.js, client/touchControls.js); this file only says what they
// mean. Pitch has no aim.

import { KeyboardMouseControls } from '../../client/keyboardMouse.js';
import { TouchControls } from '../../client/touchControls.js';

/** The game module's `createControls`: Pitch's controls over the page's keyboard, mouse and touch. */
export function createControls({ keyTarget, surface }) {
  return new Controls(new KeyboardMouseControls(keyTarget, surface), new TouchControls(surface));
}

export class Controls {
  /**
   * @param {{ read(): { moveX: number, moveY: number, fire: boolean }, release(): void }} keyboard
   * @param {{ read(): { moveX: number, moveY: number, fire: boolean }, release(): void, stick: object | null }} touch
   */
  constructor(keyboard, touch) {
    this.keyboard = keyboard;
    this.touch = touch;
  }

  release() {
    this.keyboard.release();
    this.touch.release();
  }

  /** The touch stick while a finger steers (the SDK draws it), else null. */
  get stick() {
    return this.touch.stick;
  }

  /**
   * `{ moveX, moveY, kick }` (each move -1...1, kick 0 or 1). `playerScreen` is unused: a kick
   * goes where the ball is, not where the pointer is. The result also carries `fire` (kick
   * as a flag) and `aim` 0, which the SDK's fixed input reads until it takes the game's own
   * fields.
   */
  read(_playerScreen) {
    const keys = this.keyboard.read();
    const touch = this.touch.read();
    const kick = keys.fire || touch.fire ? 1 : 0;
    return {
      moveX: Math.sign(keys.moveX + touch.moveX),
      moveY: Math.sign(keys.moveY + touch.moveY),
      kick,
      fire: kick === 1,
      aim: 0,
    };
  }
}
