// Every message of the game protocol except snapshots (see snapshot.js): the JS mirror of
// Sources/Wire/Messages/. Layouts are in Sources/Wire/PROTOCOL.md, "Messages"; both sides
// are checked against web/test/vectors/messages.json.
//
// A message is its type byte, then a bit-packed body, then zero padding. Each body is ONE
// serialize function driving writer, reader and counter (see stream.js): it takes the
// value to write (ignored when reading) and returns the value written or read. Decoding is
// as strict as Swift's: wrong or unknown type byte, trailing data, bad padding and
// out-of-range codes all throw WireError, and nothing else is ever thrown for bad bytes.
//
// Values: plain objects with Number fields, except 64-bit resume tokens (BigInt).

import { BitWriter, BitReader, BitCounter, WireError, WireErrorKind } from './bits.js';
import { QuantizedRange } from './quantize.js';

export const PROTOCOL_VERSION = 3;

/** The first byte of each message. Client → server below 0x80, server → client above. */
export const MessageType = Object.freeze({
  hello: 0x01,
  input: 0x02,
  ping: 0x03,
  chat: 0x04,
  replayControl: 0x05,
  probeReply: 0x06,
  welcome: 0x81,
  snapshot: 0x82,
  pong: 0x83,
  events: 0x84,
  replayStatus: 0x85,
  probe: 0x86,
});

const TYPE_BY_BYTE = new Map(Object.entries(MessageType).map(([name, byte]) => [byte, name]));

/** The application close codes and their reasons: Swift's `GameCloseCode` table. */
export const CloseCode = Object.freeze({
  protocolVersionMismatch: Object.freeze({ code: 4000, reason: 'protocol version mismatch' }),
  malformedMessage: Object.freeze({ code: 4001, reason: 'malformed message' }),
  inputFlood: Object.freeze({ code: 4002, reason: 'input flood' }),
  tooSlow: Object.freeze({ code: 4003, reason: 'too slow' }),
  serverFull: Object.freeze({ code: 4004, reason: 'server full' }),
  kicked: Object.freeze({ code: 4005, reason: 'kicked' }),
  unexpectedHello: Object.freeze({ code: 4006, reason: 'hello expected first, and only once' }),
  helloTimeout: Object.freeze({ code: 4007, reason: 'no hello in time' }),
  replayUnavailable: Object.freeze({ code: 4008, reason: 'replay unavailable' }),
});

/** The name of a close code (`tooSlow`), or undefined for one not in the table. */
export function closeCodeName(code) {
  return Object.keys(CloseCode).find((name) => CloseCode[name].code === code);
}

export const MAX_NAME_BYTES = 16;
export const MAX_CHAT_BYTES = 120;
/**
 * The chat rate every server enforces (Swift's `ChatMessage.burst` / `refillSeconds`): a
 * burst of CHAT_BURST lines, then one per CHAT_REFILL_SECONDS. The server drops excess chat
 * silently, so the client keeps to it itself (client/chatBox.js) and can say why.
 */
export const CHAT_BURST = 5;
export const CHAT_REFILL_SECONDS = 2;
export const MAX_INPUTS = 8;
export const MAX_SCHEMA_NAME_BYTES = 32;
const INT32_MAX = 0x7fff_ffff;
const UINT32_MAX = 0xffff_ffff;

// MARK: Bodies (one function per message, as in Swift)

function serializeHello(s, m) {
  const version = s.uint(m.version ?? PROTOCOL_VERSION, 16);
  // Another version's hello is not parsed further: its layout is not ours to know.
  if (s.isReading && version !== PROTOCOL_VERSION) return { version, name: '', resumeToken: null, otherVersion: true };
  const hasToken = s.bool(m.resumeToken !== null && m.resumeToken !== undefined);
  const resumeToken = hasToken ? s.uint(m.resumeToken, 64) : null;
  const name = s.string(m.name ?? '', MAX_NAME_BYTES);
  return { version, name, resumeToken };
}

/**
 * `m.table` is the game's input fields (the welcome's `game.inputs`), which both writing and
 * reading follow; an input is { sequence, tick, ...one number per field, by name }.
 */
function serializeInput(s, m) {
  const table = m.table ?? [];
  const ranges = table.map(inputRange);
  const inputs = m.inputs ?? [];
  const count = s.ranged(inputs.length, 1, MAX_INPUTS);
  const first = s.uint(inputs[0]?.sequence ?? 0, 32);
  const out = [];
  let previousTick = 0;
  for (let i = 0; i < count; i++) {
    const input = inputs[i] ?? {};
    const sequence = (first + i) >>> 0;
    if (!s.isReading && input.sequence !== sequence) {
      throw new RangeError('input sequences must be consecutive, oldest first');
    }
    const tick = i === 0 ? s.uint(input.tick, 32) : s.relative(input.tick, (previousTick + 1) >>> 0, 32);
    const decoded = { sequence, tick };
    for (let f = 0; f < table.length; f++) {
      const range = ranges[f];
      const code = s.ranged(s.isReading ? 0 : range.encode(input[table[f].name] ?? 0), 0, range.maxCode);
      decoded[table[f].name] = range.decode(code);
    }
    out.push(decoded);
    previousTick = tick;
  }
  return { table, inputs: out };
}

/** The QuantizedRange of an input field, made once per field object. */
const INPUT_RANGES = new WeakMap();
export function inputRange(field) {
  let range = INPUT_RANGES.get(field);
  if (!range) {
    range = new QuantizedRange(field);
    if (typeof field === 'object' && field !== null) INPUT_RANGES.set(field, range);
  }
  return range;
}

/** What a late player's stand-in inputs do with a field (InputField.WhenLate). */
export const WHEN_LATE = Object.freeze(['release', 'hold', 'keep']);

function serializePing(s, m) {
  return { clientTime: s.uint(m.clientTime, 32) };
}

/** The server's round-trip probe and the client's reply share one body: the probe's token. */
function serializeProbe(s, m) {
  return { token: s.uint(m.token, 32) };
}

function serializePong(s, m) {
  return { clientTime: s.uint(m.clientTime, 32), serverTick: s.uint(m.serverTick, 32) };
}

function serializeChat(s, m) {
  return { text: s.string(m.text ?? '', MAX_CHAT_BYTES) };
}

function serializeWelcome(s, m) {
  return {
    playerID: s.uint(m.playerID, 16),
    entityID: s.uint(m.entityID, 32),
    tickRate: s.ranged(m.tickRate, 1, 0xffff),
    snapshotInterval: s.ranged(m.snapshotInterval, 1, 0xff),
    hashInterval: s.uint(m.hashInterval, 16),
    currentTick: s.uint(m.currentTick, 32),
    resumeToken: s.uint(m.resumeToken, 64),
    game: serializeGameSchema(s, m.game ?? {}),
  };
}

/** GameSchema: name, version, world bounds, view radius, then every kind's field table. */
function serializeGameSchema(s, g) {
  const name = s.string(g.name ?? '', MAX_SCHEMA_NAME_BYTES);
  const version = s.uint(g.version, 16);
  const [worldMinX, worldMaxX] = serializeSpan(s, g.worldMinX, g.worldMaxX);
  const [worldMinY, worldMaxY] = serializeSpan(s, g.worldMinY, g.worldMaxY);
  const viewRadius = s.ranged(g.viewRadius, 0, INT32_MAX);
  const kindsIn = g.kinds ?? [];
  const kindCount = s.ranged(kindsIn.length, 1, 256);
  const kinds = [];
  for (let kind = 0; kind < kindCount; kind++) {
    const table = kindsIn[kind] ?? {};
    const tableName = s.string(table.name ?? '', MAX_SCHEMA_NAME_BYTES);
    const fieldsIn = table.fields ?? [];
    const fieldCount = s.ranged(fieldsIn.length, 2, 8);
    const fields = [];
    for (let f = 0; f < fieldCount; f++) fields.push(serializeField(s, fieldsIn[f] ?? {}));
    kinds.push({ kind, name: tableName, fields });
  }
  const inputsIn = g.inputs ?? [];
  const inputCount = s.ranged(inputsIn.length, 0, 8);
  const inputs = [];
  for (let f = 0; f < inputCount; f++) {
    const field = inputsIn[f] ?? {};
    const read = serializeField(s, field);
    const whenLate = WHEN_LATE[s.ranged(s.isReading ? 0 : WHEN_LATE.indexOf(field.whenLate), 0, WHEN_LATE.length - 1)];
    inputs.push({ ...read, whenLate });
  }
  return { name, version, worldMinX, worldMinY, worldMaxX, worldMaxY, viewRadius, kinds, inputs };
}

/** A field of an entity kind or of the inputs: name, min, max − min, step − 1 (as Swift's `serializeField`). */
function serializeField(s, field) {
  const name = s.string(field.name ?? '', MAX_SCHEMA_NAME_BYTES);
  const [min, max] = serializeSpan(s, field.min, field.max);
  const start = s.bitCount;
  const stepCode = s.varUint(s.isReading ? 0 : field.step - 1);
  s.require(stepCode <= UINT32_MAX, () => new WireError(WireErrorKind.valueOutOfRange, start,
    { value: BigInt(stepCode), limit: BigInt(UINT32_MAX) }));
  return { name, min, max, step: stepCode + 1 };
}

/** min as 32 bits (two's complement), then max − min as 32 bits unsigned. */
function serializeSpan(s, min, max) {
  const minValue = s.uint(s.isReading ? 0 : min >>> 0, 32) | 0;
  const start = s.bitCount;
  const span = s.uint(s.isReading ? 0 : max - min, 32);
  const limit = INT32_MAX - minValue;
  s.require(span <= limit, () => new WireError(WireErrorKind.valueOutOfRange, start,
    { value: BigInt(span), limit: BigInt(limit) }));
  return [minValue, minValue + span];
}

const EVENT_TAGS = Object.freeze(['joined', 'left', 'killed', 'chat']);

function serializeEvents(s, m) {
  const tick = s.uint(m.tick, 32);
  const eventsIn = m.events ?? [];
  const start = s.bitCount;
  const count = s.varUint(eventsIn.length);
  s.require(count <= UINT32_MAX, () => new WireError(WireErrorKind.valueOutOfRange, start,
    { value: BigInt(count), limit: BigInt(UINT32_MAX) }));
  const events = [];
  for (let i = 0; i < count; i++) events.push(serializeEvent(s, eventsIn[i] ?? {}));
  return { tick, events };
}

function serializeEvent(s, e) {
  const type = EVENT_TAGS[s.ranged(s.isReading ? 0 : EVENT_TAGS.indexOf(e.type), 0, 3)];
  switch (type) {
    case 'joined':
      return { type, player: s.uint(e.player, 16), name: s.string(e.name ?? '', MAX_NAME_BYTES) };
    case 'left':
      return { type, player: s.uint(e.player, 16) };
    case 'killed': {
      const hasKiller = s.bool(e.killer !== null && e.killer !== undefined);
      const killer = hasKiller ? s.uint(e.killer, 16) : null;
      return { type, killer, victim: s.uint(e.victim, 16) };
    }
    default:
      return { type, player: s.uint(e.player, 16), text: s.string(e.text ?? '', MAX_CHAT_BYTES) };
  }
}

/** Replay speeds in quarters of real time: 1 = 0.25×, 4 = 1×, 32 = 8×. */
export const MIN_QUARTERS = 1;
export const MAX_QUARTERS = 32;
const REPLAY_ACTIONS = Object.freeze(['play', 'pause', 'speed', 'seek', 'follow', 'camera']);

function serializeReplayControl(s, m) {
  const action = REPLAY_ACTIONS[s.ranged(s.isReading ? 0 : REPLAY_ACTIONS.indexOf(m.action), 0, 5)];
  switch (action) {
    case 'speed':
      return { action, quarters: s.ranged(m.quarters, MIN_QUARTERS, MAX_QUARTERS) };
    case 'seek':
      return { action, tick: s.uint(m.tick, 32) };
    case 'follow':
      return { action, player: s.uint(m.player, 16) };
    case 'camera':
      // Two's complement in 32 bits: a free camera's centre in raw world units.
      return { action, x: s.uint((m.x ?? 0) >>> 0, 32) | 0, y: s.uint((m.y ?? 0) >>> 0, 32) | 0 };
    default:
      return { action };
  }
}

function serializeReplayStatus(s, m) {
  const tick = s.uint(m.tick, 32);
  const endTick = s.uint(m.endTick, 32);
  const paused = s.bool(m.paused);
  const quarters = s.ranged(m.quarters, MIN_QUARTERS, MAX_QUARTERS);
  const followed = s.uint(m.followed, 16);
  const hasTimeline = s.bool(m.timeline !== null && m.timeline !== undefined);
  const timeline = hasTimeline ? serializeReplayTimeline(s, m.timeline ?? {}) : null;
  return { tick, endTick, paused, quarters, followed, timeline };
}

/** The recording's tick rate, keyframe ticks as ascending gaps (first as itself, then tick − previous − 1), players. */
function serializeReplayTimeline(s, t) {
  const tickRate = s.ranged(t.tickRate, 1, 0xffff);
  const ticksIn = t.keyframeTicks ?? [];
  const count = serializeCount(s, ticksIn.length);
  const keyframeTicks = [];
  let previous = null;
  for (let i = 0; i < count; i++) {
    const start = s.bitCount;
    const gapIn = s.isReading ? 0 : (previous === null ? ticksIn[i] : ticksIn[i] - previous - 1);
    if (!s.isReading && !(gapIn >= 0)) throw new RangeError('keyframe ticks must be strictly ascending');
    const gap = s.varUint(gapIn);
    const limit = UINT32_MAX - (previous === null ? 0 : previous + 1);
    s.require(gap <= limit, () => new WireError(WireErrorKind.valueOutOfRange, start,
      { value: BigInt(gap), limit: BigInt(Math.max(0, limit)) }));
    const tick = previous === null ? gap : previous + 1 + gap;
    keyframeTicks.push(tick);
    previous = tick;
  }
  const playersIn = t.players ?? [];
  const playerCount = serializeCount(s, playersIn.length);
  const players = [];
  for (let i = 0; i < playerCount; i++) {
    const player = playersIn[i] ?? {};
    players.push({ id: s.uint(player.id, 16), name: s.string(player.name ?? '', MAX_NAME_BYTES) });
  }
  return { tickRate, keyframeTicks, players };
}

/** A list's length as a `varuint`, at most 2³² − 1. */
function serializeCount(s, length) {
  const start = s.bitCount;
  const count = s.varUint(length);
  s.require(count <= UINT32_MAX, () => new WireError(WireErrorKind.valueOutOfRange, start,
    { value: BigInt(count), limit: BigInt(UINT32_MAX) }));
  return count;
}

const SERIALIZERS = new Map([
  [MessageType.hello, serializeHello],
  [MessageType.input, serializeInput],
  [MessageType.ping, serializePing],
  [MessageType.chat, serializeChat],
  [MessageType.welcome, serializeWelcome],
  [MessageType.pong, serializePong],
  [MessageType.events, serializeEvents],
  [MessageType.replayControl, serializeReplayControl],
  [MessageType.replayStatus, serializeReplayStatus],
  [MessageType.probe, serializeProbe],
  [MessageType.probeReply, serializeProbe],
]);

// MARK: Encoding and decoding

/**
 * Encodes a message by type name (`'hello'`, `'input'`…; not `'snapshot'`, which only the
 * server writes) and returns its bytes.
 */
export function encodeMessage(typeName, value) {
  const type = MessageType[typeName];
  const serialize = SERIALIZERS.get(type);
  if (!serialize) throw new RangeError(`cannot encode a ${typeName} message`);
  const writer = new BitWriter(64);
  writer.writeUint(type, 8);
  serialize(writer, value);
  return writer.finish();
}

/** The exact size in bytes encodeMessage would produce. */
export function measureMessage(typeName, value) {
  const counter = new BitCounter(8);
  SERIALIZERS.get(MessageType[typeName])(counter, value);
  return counter.byteCount;
}

/** The type name of a message's first byte; throws WireError for an empty or unknown one. */
export function messageTypeOf(bytes) {
  if (bytes.length === 0) throw new WireError(WireErrorKind.endOfData, 0, { bitsWanted: 8 });
  const name = TYPE_BY_BYTE.get(bytes[0]);
  if (!name) throw new WireError(WireErrorKind.unexpectedMessageType, 0, { type: bytes[0] });
  return name;
}

/**
 * Decodes a whole message (type byte included) of any type but snapshot and returns
 * { type, value }. With `expected` (a type name) any other type is rejected. A snapshot
 * is returned as { type: 'snapshot', bytes } for the ViewReconstructor (snapshot.js).
 * `context` seeds the value: an input message is read with `{ table }`, the game's inputs.
 */
export function decodeMessage(bytes, expected, context = {}) {
  const type = messageTypeOf(bytes);
  if (expected !== undefined && type !== expected) {
    throw new WireError(WireErrorKind.unexpectedMessageType, 0, { type: bytes[0] });
  }
  if (type === 'snapshot') return { type, bytes };
  const reader = new BitReader(bytes);
  reader.readUint(8);
  const value = SERIALIZERS.get(MessageType[type])(reader, context);
  if (!value.otherVersion) reader.finish();
  delete value.otherVersion;
  return { type, value };
}

// Shorthands for what a browser client sends.

export function encodeHello({ name = '', resumeToken = null, version = PROTOCOL_VERSION } = {}) {
  return encodeMessage('hello', { version, name: truncateUTF8(name, MAX_NAME_BYTES), resumeToken });
}

/**
 * inputs: oldest first, consecutive sequences, 1...8 of them, each { sequence, tick, and a
 * value per field of `table` (the welcome's `game.inputs`) by name }.
 */
export function encodeInput(inputs, table) {
  return encodeMessage('input', { table, inputs });
}

export function encodePing(clientTime) {
  return encodeMessage('ping', { clientTime: clientTime >>> 0 });
}

/** The answer to the server's round-trip probe: sent as soon as the probe is read. */
export function encodeProbeReply(token) {
  return encodeMessage('probeReply', { token: token >>> 0 });
}

export function encodeChat(text) {
  return encodeMessage('chat', { text: truncateUTF8(text, MAX_CHAT_BYTES) });
}

/** A replay viewer's request: { action: 'play' | 'pause' } or with quarters / tick / player. */
export function encodeReplayControl(control) {
  return encodeMessage('replayControl', control);
}

const utf8 = new TextEncoder();

/**
 * The longest prefix of whole code points whose UTF-8 fits in maxBytes (Swift cuts at
 * whole characters; for the ASCII and simple text people type the two agree).
 */
export function truncateUTF8(text, maxBytes) {
  if (utf8.encode(text).length <= maxBytes) return text;
  let used = 0;
  let out = '';
  for (const codePoint of text) {
    const size = utf8.encode(codePoint).length;
    if (used + size > maxBytes) break;
    used += size;
    out += codePoint;
  }
  return out;
}
