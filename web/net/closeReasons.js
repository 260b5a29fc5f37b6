// Why a connection closed, in words a player understands, and whether trying again can help.
// The game's own codes come from the protocol's table (CloseCode in web/wire/messages.js,
// Swift's GameCloseCode); the rest are the standard WebSocket codes a browser reports.

import { CloseCode, closeCodeName } from '../wire/messages.js';

/** Per game close code: what to tell the player, and whether reconnecting makes sense. */
const GAME_CODES = Object.freeze({
  protocolVersionMismatch: { text: 'this page is out of date: reload it', retry: false },
  malformedMessage: { text: 'the server could not read this client', retry: false },
  inputFlood: { text: 'too many messages were sent', retry: true },
  tooSlow: { text: 'the connection was too slow to keep up', retry: true },
  serverFull: { text: 'the server is full', retry: true },
  kicked: { text: 'you were removed from the game', retry: false },
  unexpectedHello: { text: 'the client broke the protocol', retry: false },
  helloTimeout: { text: 'the client did not introduce itself in time', retry: true },
  replayUnavailable: { text: 'this replay cannot be shown', retry: false },
});

const WEBSOCKET_CODES = Object.freeze({
  1000: { text: 'the connection was closed', retry: false },
  1001: { text: 'the server is shutting down', retry: true },
  1002: { text: 'a WebSocket protocol error occurred', retry: true },
  1003: { text: 'the server refused the data it was sent', retry: false },
  1006: { text: 'the connection was lost', retry: true },
  1007: { text: 'the server received invalid data', retry: false },
  1008: { text: 'the server refused this client', retry: false },
  1009: { text: 'a message was too big', retry: false },
  1011: { text: 'the server hit an internal error', retry: true },
  1012: { text: 'the server is restarting', retry: true },
  1013: { text: 'the server is overloaded: try again later', retry: true },
});

/**
 * Describes a close: { code, name, text, retry, detail }. `name` is the protocol's name for
 * a game code (`tooSlow`), `text` a sentence for the player, and `detail` the server's
 * reason string when it adds something beyond the standard one.
 */
export function describeClose(code, reason = '') {
  const name = closeCodeName(code);
  if (name !== undefined) {
    const standard = CloseCode[name].reason;
    const detail = reason && reason !== standard ? reason : '';
    return { code, name, ...GAME_CODES[name], detail };
  }
  const known = WEBSOCKET_CODES[code] ?? { text: `the connection closed (code ${code})`, retry: true };
  return { code, name: null, ...known, detail: saysMore(reason, known.text) ? reason : '' };
}

/** Whether `reason` has a word that `text` lacks (1001's "server shutting down" does not). */
function saysMore(reason, text) {
  const words = new Set(text.toLowerCase().split(/\W+/));
  return reason.toLowerCase().split(/\W+/).some((word) => word !== '' && !words.has(word));
}

/**
 * One line for the status banner: the sentence, then the server's own words if any, and the
 * close code's number (what a developer searches for, and what a player reports) unless the
 * client itself closed (`byClient`: its own abort code says nothing more than the sentence).
 */
export function closeMessage(description) {
  const code = Number.isInteger(description.code) && !description.byClient ? `close code ${description.code}` : '';
  const parts = [description.detail, code].filter(Boolean);
  return `Disconnected: ${description.text}${parts.length > 0 ? ` (${parts.join('; ')})` : ''}.`;
}
