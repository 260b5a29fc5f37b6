// Arena's controls: the player's intent each tick, from whichever device is in use: moves
// from the keyboard and the touch stick, shooting from the mouse, the space bar or a touch,
// and the aim as the protocol's 16-bit binary angle (client/aim.js) from the player's spot
// on screen towards the mouse or the aiming finger. The devices themselves are the SDK's
// (client/keyboardMouse.js, client/touchControls.js); this file only says what they mean.

import { binaryAngle } from '../../client/aim.js';
import { KeyboardMouseControls } from '../../client/keyboardMouse.js';
import { TouchControls } from '../../client/touchControls.js';

/** The game module's `createControls`: Arena's controls over the page's keyboard, mouse and touch. */
export function createControls({ keyTarget, surface }) {
  return new Controls(new KeyboardMouseControls(keyTarget, surface), new TouchControls(surface));
}

export class Controls {
  /**
   * @param {import('../../client/keyboardMouse.js').KeyboardMouseControls} keyboard
   * @param {import('../../client/touchControls.js').TouchControls} touch
   */
  constructor(keyboard, touch) {
    this.keyboard = keyboard;
    this.touch = touch;
    this.aim = 0;
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
   * { moveX, moveY, fire, aim } given where the player is drawn (CSS px). Without a pointer
   * to aim at, a moving player aims where it goes; otherwise the aim stays put.
   */
  read(playerScreen) {
    const keys = this.keyboard.read();
    const touch = this.touch.read();
    const moveX = Math.sign(keys.moveX + touch.moveX);
    const moveY = Math.sign(keys.moveY + touch.moveY);
    const target = touch.aimPoint ?? (this.touch.used ? null : this.keyboard.pointer);
    if (target && playerScreen) {
      const dx = target.x - playerScreen.x;
      const dy = target.y - playerScreen.y;
      if (dx !== 0 || dy !== 0) this.aim = binaryAngle(Math.atan2(dy, dx));
    } else if (moveX !== 0 || moveY !== 0) {
      this.aim = binaryAngle(Math.atan2(moveY, moveX));
    }
    return { moveX, moveY, fire: keys.fire || touch.fire, aim: this.aim };
  }
}
