// The game messages (web/wire/messages.js) against the golden vectors shared with Swift
// (Tests/WireTests/MessageVectorTests.swift), plus random round trips and fuzzing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { WireError } from '../wire/bits.js';
import {
  PROTOCOL_VERSION, MessageType, CloseCode, closeCodeName, encodeMessage, decodeMessage, measureMessage,
  messageTypeOf, encodeHello, encodeInput, encodePing, encodeChat, encodeReplayControl, truncateUTF8,
  MIN_QUARTERS, MAX_QUARTERS, MAX_NAME_BYTES, MAX_CHAT_BYTES, CHAT_BURST, CHAT_REFILL_SECONDS,
} from '../wire/messages.js';

const file = JSON.parse(readFileSync(new URL('./vectors/messages.json', import.meta.url), 'utf8'));
/** The vectors' first input table (Arena's layout), which inputs are read with unless a vector says otherwise. */
const ARENA_LIKE_INPUTS = file.messages.find((v) => v.name === 'input, one').value.table;
const contextOf = (type) => (type === 'input' ? { table: ARENA_LIKE_INPUTS } : {});
const toHex = (bytes) => Buffer.from(bytes).toString('hex');
const fromHex = (hex) => new Uint8Array(Buffer.from(hex, 'hex'));

/** The vector's value with 64-bit decimal strings turned into BigInts. */
function fromJSON(type, value) {
  if (type === 'hello') return { ...value, resumeToken: value.resumeToken === null ? null : BigInt(value.resumeToken) };
  if (type === 'welcome') return { ...value, resumeToken: BigInt(value.resumeToken) };
  return value;
}

test('the tables agree with Swift', () => {
  assert.equal(PROTOCOL_VERSION, file.protocolVersion);
  assert.deepEqual({ ...MessageType }, file.messageTypes);
  assert.deepEqual(Object.entries(CloseCode).map(([name, c]) => ({ code: c.code, name, reason: c.reason })), file.closeCodes);
  assert.deepEqual({
    maxNameBytes: MAX_NAME_BYTES, maxChatBytes: MAX_CHAT_BYTES, chatBurst: CHAT_BURST, chatRefillSeconds: CHAT_REFILL_SECONDS,
  }, file.limits);
  assert.equal(closeCodeName(4003), 'tooSlow');
  assert.equal(closeCodeName(4999), undefined);
});

for (const vector of file.messages) {
  const value = fromJSON(vector.type, vector.value);
  if (!vector.decodeOnly) {
    test(`encode: ${vector.name}`, () => {
      assert.equal(toHex(encodeMessage(vector.type, value)), vector.hex);
      assert.equal(measureMessage(vector.type, value), vector.hex.length / 2);
    });
  }
  test(`decode: ${vector.name}`, () => {
    // An input message is read with the input fields it was made for.
    const decoded = decodeMessage(fromHex(vector.hex), undefined, vector.type === 'input' ? { table: value.table } : {});
    assert.equal(decoded.type, vector.type);
    assert.deepEqual(decoded.value, value);
  });
}

for (const vector of file.rejections) {
  test(`reject: ${vector.name}`, () => {
    assert.throws(() => decodeMessage(fromHex(vector.hex), vector.type, contextOf(vector.type)), (error) => {
      assert.ok(error instanceof WireError, String(error));
      assert.equal(error.kind, vector.error.kind);
      assert.equal(error.bitOffset, vector.error.bitOffset);
      return true;
    });
  });
}

test('shorthands encode what the vectors say', () => {
  const byName = (name) => file.messages.find((v) => v.name === name).hex;
  assert.equal(toHex(encodeHello({ name: 'alice' })), byName('hello'));
  assert.equal(toHex(encodePing(0xdeadbeef)), byName('ping, large time'));
  assert.equal(toHex(encodeChat('hello world')), byName('chat'));
  const three = file.messages.find((v) => v.name === 'input, three on consecutive ticks');
  assert.equal(toHex(encodeInput(three.value.inputs, three.value.table)), three.hex);
});

test('replay controls encode what the vectors say, and every speed step round-trips', () => {
  const byName = (name) => file.messages.find((v) => v.name === name).hex;
  assert.equal(toHex(encodeReplayControl({ action: 'play' })), byName('replayControl, play'));
  assert.equal(toHex(encodeReplayControl({ action: 'speed', quarters: 32 })), byName('replayControl, speed 8x'));
  assert.equal(toHex(encodeReplayControl({ action: 'seek', tick: 123456 })), byName('replayControl, seek'));
  for (let quarters = MIN_QUARTERS; quarters <= MAX_QUARTERS; quarters++) {
    assert.deepEqual(decodeMessage(encodeReplayControl({ action: 'speed', quarters })).value, { action: 'speed', quarters });
  }
  assert.throws(() => encodeReplayControl({ action: 'speed', quarters: 33 }), RangeError);
  assert.throws(() => encodeMessage('replayStatus', {
    tick: 0, endTick: 0, paused: false, quarters: 4, followed: 0, timeline: { tickRate: 60, keyframeTicks: [5, 5], players: [] },
  }), RangeError);
});

test('user text is cut to whole code points within the byte limit', () => {
  assert.equal(truncateUTF8('abcdefghijklmnopqrstuvwxyz', 16), 'abcdefghijklmnop');
  assert.equal(truncateUTF8('ééééééééé', 16), 'éééééééé');
  assert.equal(truncateUTF8('abcdefghijklmno🎉', 16), 'abcdefghijklmno');
  assert.equal(decodeMessage(encodeHello({ name: 'x'.repeat(40) })).value.name, 'x'.repeat(16));
});

test('messageTypeOf rejects empty and unknown messages', () => {
  assert.equal(messageTypeOf(new Uint8Array([0x82])), 'snapshot');
  assert.throws(() => messageTypeOf(new Uint8Array([])), (e) => e.kind === 'endOfData' && e.bitOffset === 0);
  assert.throws(() => messageTypeOf(new Uint8Array([0x7f])), (e) => e.kind === 'unexpectedMessageType' && e.type === 0x7f);
  assert.match(new WireError('unexpectedMessageType', 0, { type: 0x7f }).message, /0x7f/);
});

/** mulberry32, so every random test is reproducible. */
function seeded(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return { next, below: (n) => Math.floor((next() / 2 ** 32) * n) };
}

function randomMessage(r) {
  const text = (max) => truncateUTF8(Array.from({ length: r.below(12) }, () => ['a', 'Z', ' ', 'é', '☃', '🎉'][r.below(6)]).join(''), max);
  switch (r.below(6)) {
    case 0: return ['hello', { version: PROTOCOL_VERSION, name: text(16), resumeToken: r.below(2) ? null : (BigInt(r.next()) << 32n) | BigInt(r.next()) }];
    case 1: {
      const first = r.next();
      let tick = r.next();
      return ['input', { table: ARENA_LIKE_INPUTS, inputs: Array.from({ length: r.below(8) + 1 }, (_, i) => {
        tick = (tick + (r.below(4) === 0 ? r.next() : r.below(3))) >>> 0;
        return { sequence: (first + i) >>> 0, tick, buttons: r.below(256), aim: r.below(4096) << 4, moveX: r.below(3) - 1, moveY: r.below(3) - 1 };
      }) }];
    }
    case 2: return ['ping', { clientTime: r.next() }];
    case 3: return ['pong', { clientTime: r.next(), serverTick: r.next() }];
    case 4: return ['chat', { text: text(120) }];
    default: return ['events', { tick: r.next(), events: Array.from({ length: r.below(5) }, () => {
      const player = r.below(65536);
      switch (r.below(4)) {
        case 0: return { type: 'joined', player, name: text(16) };
        case 1: return { type: 'left', player };
        case 2: return { type: 'killed', killer: r.below(2) ? null : player, victim: r.below(65536) };
        default: return { type: 'chat', player, text: text(120) };
      }
    }) }];
  }
}

test('random messages round trip', () => {
  const r = seeded(1);
  for (let i = 0; i < 2000; i++) {
    const [type, value] = randomMessage(r);
    const bytes = encodeMessage(type, value);
    assert.equal(measureMessage(type, value), bytes.length);
    assert.deepEqual(decodeMessage(bytes, type, type === 'input' ? { table: value.table } : {}).value, value);
  }
});

test('input fields are quantized to their step, clamped to their range, and a code past the top is refused', () => {
  const table = file.messages.find((v) => v.name === "input, another game's fields").value.table;
  const bytes = encodeInput([{ sequence: 1, tick: 2, kick: 9, throttle: 12, dial: -99_999 }], table);
  const [input] = decodeMessage(bytes, 'input', { table }).value.inputs;
  assert.deepEqual(input, { sequence: 1, tick: 2, kick: 1, throttle: 10, dial: -40_000 });
  // throttle's 41 codes take 6 bits: code 63 is not a value.
  const bad = encodeInput([{ sequence: 1, tick: 2, kick: 0, throttle: 100, dial: 0 }], table);
  // type 8 + count 3 + sequence 32 + tick 32 + kick 1 bits: the throttle is bits 76...81.
  bad[9] |= 0xf0;
  bad[10] |= 0x03;
  assert.throws(() => decodeMessage(bad, 'input', { table }), WireError);
});

/** Decoding never throws anything but WireError; a success re-encodes to the same bytes. */
function check(bytes) {
  let decoded;
  try {
    decoded = decodeMessage(bytes, undefined, contextOf(bytes[0] === MessageType.input ? 'input' : undefined));
  } catch (error) {
    assert.ok(error instanceof WireError, `${error} for ${toHex(bytes)}`);
    return;
  }
  if (decoded.type === 'snapshot' || (decoded.type === 'hello' && decoded.value.version !== PROTOCOL_VERSION)) return;
  assert.equal(toHex(encodeMessage(decoded.type, decoded.value)), toHex(bytes));
}

test('fuzz: random bytes, truncations and bit flips only ever throw WireError', () => {
  const r = seeded(2);
  const types = Object.values(MessageType);
  for (let i = 0; i < 5000; i++) {
    const bytes = Uint8Array.from({ length: r.below(40) }, () => r.below(256));
    if (bytes.length > 0 && r.below(4) !== 0) bytes[0] = types[r.below(types.length)];
    check(bytes);
  }
  for (let i = 0; i < 500; i++) {
    const [type, value] = randomMessage(r);
    const bytes = encodeMessage(type, value);
    for (let cut = 0; cut < bytes.length; cut++) {
      assert.throws(() => decodeMessage(bytes.subarray(0, cut), type, contextOf(type)), WireError);
    }
    for (let k = 0; k < 5; k++) {
      const flipped = bytes.slice();
      const bit = r.below(bytes.length * 8);
      flipped[bit >>> 3] ^= 1 << (bit & 7);
      check(flipped);
    }
  }
});
