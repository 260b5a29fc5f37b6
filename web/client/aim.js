// The protocol's aim: a 16-bit binary angle (65,536 per turn, 0 along +x, a quarter turn
// along +y, which is down on screen). Any game's controls turn a direction on screen into
// it; the SDK's self-test scripts aim with it too.

/** Radians to the protocol's 16-bit binary angle (nearest, wrapping). */
export function binaryAngle(radians) {
  return Math.round((radians / (2 * Math.PI)) * 65536) & 0xffff;
}
