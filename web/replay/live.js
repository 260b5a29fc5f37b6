// Live spectating on the replay page (`replay.html?live=ROOM`): which room the URL names,
// where its spectator socket is, and how the free camera moves. Pure functions, no DOM; the
// page (sdk/replayPage.js) connects them to the keyboard and to ReplaySession, which speaks
// the same messages to /spectate as to /replay (welcome, snapshot, events, replayStatus in;
// replayControl out, of which a live room heeds `follow` and `camera`).

import { engineIOURL, serverAuthority } from '../client/playURL.js';

/** World units the free camera moves per key press. */
export const CAMERA_STEP = 200;

/** The room `?live=ROOM` names: a positive integer, or null (also for `?live` alone: room 1). */
export function liveRoom(search) {
  const params = new URLSearchParams(search);
  if (!params.has('live')) return null;
  const text = params.get('live');
  if (text === '' || text === 'true') return 1;
  return /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : null;
}

/** The spectator socket of `room` for the page at `location`, and its Engine.IO fallback. */
export function spectateURLs(location, room) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return {
    url: `${scheme}://${serverAuthority(location)}/spectate?room=${room}`,
    fallbackURL: engineIOURL(location, { endpoint: 'spectate', room: String(room) }),
  };
}

const DIRECTIONS = new Map([
  ['ArrowLeft', [-1, 0]], ['KeyA', [-1, 0]],
  ['ArrowRight', [1, 0]], ['KeyD', [1, 0]],
  ['ArrowUp', [0, -1]], ['KeyW', [0, -1]],
  ['ArrowDown', [0, 1]], ['KeyS', [0, 1]],
]);

/** The direction a key moves the free camera ([dx, dy]; world y grows down the screen), or null. */
export function cameraDirection(code) {
  return DIRECTIONS.get(code) ?? null;
}

/**
 * The free camera moved one step in `direction` from `camera` ({ x, y }), kept inside the
 * world's bounds (a welcome's `game`: worldMinX…worldMaxX, worldMinY…worldMaxY); whole units.
 */
export function moveCamera(camera, direction, bounds, step = CAMERA_STEP) {
  const clamp = (value, low, high) => Math.min(high, Math.max(low, Math.round(value)));
  return {
    x: clamp(camera.x + direction[0] * step, bounds.worldMinX, bounds.worldMaxX),
    y: clamp(camera.y + direction[1] * step, bounds.worldMinY, bounds.worldMaxY),
  };
}

/** The middle of the world: where a free camera starts when nothing else is known. */
export function worldMiddle(bounds) {
  return { x: Math.round((bounds.worldMinX + bounds.worldMaxX) / 2), y: Math.round((bounds.worldMinY + bounds.worldMaxY) / 2) };
}
