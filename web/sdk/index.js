// The client SDK's entry point: what a game's page imports. The game-agnostic parts live in
// net/ (transport, reconnects, Engine.IO fallback), wire/ (the protocol), client/ (session,
// clock, world and hashes, interpolation, prediction, chat, scoreboard, device plumbing),
// render/ (canvas frame, camera, HUD, chat panel, status banner) and replay/ (the replay
// session and player bar); this file gathers the pieces a page needs. A game supplies a
// game module (web/SDK.md) and never edits these folders; none of them imports a game.

export { startGamePage } from './gamePage.js';
export { startReplayPage } from './replayPage.js';
export { GameSession, SessionState } from '../client/session.js';
export { ReplaySession } from '../replay/replaySession.js';
export { Transport, TransportState } from '../net/transport.js';
export { ClientWorld } from '../client/world.js';
export { Predictor } from '../client/predictor.js';
export { Interpolator, FieldMode } from '../client/interpolator.js';
export { Renderer } from '../render/renderer.js';
export { KeyboardMouseControls } from '../client/keyboardMouse.js';
export { TouchControls } from '../client/touchControls.js';
export { binaryAngle } from '../client/aim.js';
