// Chat without a DOM (web/client/chatBox.js and its use in the sessions): the rate limiter
// against the server's rule on a fake clock, truncation by UTF-8 bytes at character
// boundaries, the bounded log, senders' names from the scoreboard in event order, the
// Enter / Escape state machine, the game session's send path and the replay's chat across
// seeks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CHAT_BURST, CHAT_REFILL_SECONDS, MAX_CHAT_BYTES, decodeMessage, encodeChat, encodeMessage } from '../wire/messages.js';
import {
  CHAT_LINES, ChatBox, ChatLog, ChatMode, ChatRateLimiter, NOTICE_MS, chatText, truncateChat, utf8Length,
} from '../client/chatBox.js';
import { Scoreboard } from '../client/scoreboard.js';
import { GameSession } from '../client/session.js';
import { ReplaySession } from '../replay/replaySession.js';
import { arenaGame } from '../games/arena/index.js';
import { FakeTimers } from '../test-support/fakeTimers.mjs';
import { fakeTransport } from '../test-support/fakeTransport.mjs';

const snapshots = JSON.parse(readFileSync(new URL('./vectors/snapshots.json', import.meta.url), 'utf8'));
const fromHex = (hex) => new Uint8Array(Buffer.from(hex, 'hex'));

// MARK: Rate

test('the limiter allows a burst of 5, then one line per 2 s, as the server does', () => {
  assert.equal(CHAT_BURST, 5);
  assert.equal(CHAT_REFILL_SECONDS, 2);
  const clock = new FakeTimers();
  const limiter = new ChatRateLimiter();
  for (let i = 0; i < 5; i++) assert.equal(limiter.take(clock.now), true, `line ${i + 1} of the burst`);
  assert.equal(limiter.take(clock.now), false, 'the sixth at once is refused');
  assert.equal(limiter.waitMs(clock.now), 2000);
  clock.advance(1999);
  assert.equal(limiter.take(clock.now), false, 'not before 2 s');
  assert.equal(limiter.waitMs(clock.now), 1);
  clock.advance(1);
  assert.equal(limiter.take(clock.now), true, 'one back after 2 s');
  assert.equal(limiter.take(clock.now), false, 'and only one');
  clock.advance(4000);
  assert.equal(limiter.take(clock.now), true);
  assert.equal(limiter.take(clock.now), true, 'two back after 4 s');
  assert.equal(limiter.take(clock.now), false);
  clock.advance(60_000);
  for (let i = 0; i < 5; i++) assert.equal(limiter.take(clock.now), true, 'a long pause refills the whole burst');
  assert.equal(limiter.take(clock.now), false, 'never more than the burst');
});

// MARK: Text

test('truncation counts UTF-8 bytes and never splits a character', () => {
  assert.equal(MAX_CHAT_BYTES, 120);
  const ascii = 'x'.repeat(130);
  assert.equal(truncateChat(ascii), 'x'.repeat(120));
  assert.equal(truncateChat('x'.repeat(120)), 'x'.repeat(120), 'exactly the limit is kept whole');
  // 119 bytes, then a two-byte é: it does not fit whole, so it goes.
  assert.equal(truncateChat(`${'x'.repeat(119)}é`), 'x'.repeat(119));
  assert.equal(truncateChat(`${'x'.repeat(118)}é`), `${'x'.repeat(118)}é`);
  // Four-byte emoji: 30 of them are 120 bytes; the 31st goes.
  assert.equal(truncateChat('😀'.repeat(31)), '😀'.repeat(30));
  assert.equal(truncateChat(`xx${'😀'.repeat(30)}`), `xx${'😀'.repeat(29)}`);
  // A flag (two code points, 8 bytes) and e + combining acute are single characters.
  assert.equal(truncateChat(`${'x'.repeat(116)}🇫🇷`), 'x'.repeat(116));
  assert.equal(truncateChat(`${'x'.repeat(118)}e\u0301`), 'x'.repeat(118));
  assert.equal(truncateChat('ab', 1), 'a');
  for (const text of ['😀'.repeat(40), `${'é'.repeat(70)}`, `${'日本'.repeat(30)}`]) {
    const cut = truncateChat(text);
    assert.ok(utf8Length(cut) <= MAX_CHAT_BYTES);
    assert.ok(text.startsWith(cut));
    assert.equal(decodeMessage(encodeChat(cut)).value.text, cut, 'what is sent is what was cut');
  }
});

test('a draft is trimmed; a blank one is nothing to send', () => {
  assert.equal(chatText('  hi there \t'), 'hi there');
  assert.equal(chatText('   '), '');
  assert.equal(chatText(''), '');
  assert.equal(utf8Length(chatText(`  ${'ü'.repeat(100)}`)), 120);
});

// MARK: Log and names

test('the log keeps the last 50 lines and counts its changes', () => {
  const log = new ChatLog();
  let changes = 0;
  log.onChange = () => changes++;
  for (let i = 1; i <= 60; i++) log.add({ player: 1, name: 'a', text: `line ${i}`, tick: i });
  assert.equal(CHAT_LINES, 50);
  assert.equal(log.lines.length, 50);
  assert.equal(log.lines[0].text, 'line 11');
  assert.equal(log.lines.at(-1).text, 'line 60');
  assert.equal(changes, 60);
  assert.equal(log.version, 60);
  log.rewind(60);
  assert.equal(changes, 60, 'nothing after tick 60: no change');
  log.rewind(40);
  assert.equal(log.lines.at(-1).text, 'line 40');
  assert.equal(log.lines.length, 30);
  log.clear();
  log.clear();
  assert.deepEqual(log.lines, []);
  assert.equal(changes, 62);
});

test('chat lines are named by the scoreboard in event order', () => {
  const board = new Scoreboard();
  const feed = [];
  const lines = [];
  board.applyEvents([
    { type: 'chat', player: 7, text: 'who am I' },
    { type: 'joined', player: 1, name: 'ann' },
    { type: 'chat', player: 1, text: 'hi' },
    { type: 'chat', player: 1, text: 'bye' },
    { type: 'left', player: 1 },
  ], feed, (line) => lines.push(line));
  assert.deepEqual(lines, [
    { player: 7, name: 'player 7', text: 'who am I' },
    { player: 1, name: 'ann', text: 'hi' },
    { player: 1, name: 'ann', text: 'bye' },
  ]);
  assert.deepEqual(feed, []);
  board.applyEvents([{ type: 'chat', player: 1, text: 'ignored' }], feed);
});

// MARK: Enter and Escape

function box({ connected = true } = {}) {
  const sent = [];
  const chat = new ChatBox({ send: (text) => (connected ? (sent.push(text), true) : false) });
  return { chat, sent };
}

test('Enter opens, Enter in the input sends and closes, Escape cancels', () => {
  const { chat, sent } = box();
  assert.equal(chat.mode, ChatMode.closed);
  assert.deepEqual(chat.key('Escape'), { type: 'none' }, 'Escape while closed does nothing');
  assert.deepEqual(chat.key('a'), { type: 'none' });
  assert.deepEqual(chat.key('Enter', { nowMs: 0 }), { type: 'open' });
  assert.equal(chat.typing, true);
  assert.deepEqual(chat.key('Escape', { inInput: true }), { type: 'close' });
  assert.equal(chat.typing, false);
  assert.deepEqual(sent, []);

  chat.key('Enter');
  assert.deepEqual(chat.key('Enter', { inInput: true, draft: '   ', nowMs: 0 }), { type: 'close' }, 'a blank line just closes');
  assert.deepEqual(sent, []);

  chat.key('Enter');
  assert.deepEqual(chat.key('Enter', { inInput: true, draft: '  gg  ', nowMs: 0 }), { type: 'sent', text: 'gg' });
  assert.equal(chat.typing, false);
  assert.deepEqual(sent, ['gg']);

  chat.key('Enter');
  assert.deepEqual(chat.key('Enter', { inInput: false }), { type: 'open' }, 'Enter outside the input (focus lost) opens it again');
  assert.deepEqual(chat.key('Enter', { inInput: true, draft: 'x'.repeat(200), nowMs: 0 }), { type: 'sent', text: 'x'.repeat(120) });
});

test('over the rate the line is refused with a notice and the input stays open', () => {
  const { chat, sent } = box();
  const clock = new FakeTimers();
  for (let i = 0; i < 5; i++) {
    chat.open();
    assert.equal(chat.submit(`line ${i}`, clock.now).type, 'sent');
  }
  chat.open();
  clock.advance(500);
  assert.deepEqual(chat.submit('one more', clock.now), { type: 'refused', text: 'slow down — next message in 2 s' });
  assert.equal(chat.typing, true, 'the draft stays for another try');
  assert.equal(chat.noticeAt(clock.now), 'slow down — next message in 2 s');
  assert.equal(chat.noticeAt(clock.now + NOTICE_MS), null, 'the notice goes after a while');
  clock.advance(1000);
  assert.equal(chat.submit('one more', clock.now).text, 'slow down — next message in 1 s');
  clock.advance(500);
  assert.deepEqual(chat.submit('one more', clock.now), { type: 'sent', text: 'one more' });
  assert.equal(chat.noticeAt(clock.now), null, 'sending clears the notice');
  assert.equal(sent.length, 6);
});

test('a line the connection cannot take is not sent and costs nothing', () => {
  const { chat, sent } = box({ connected: false });
  chat.open();
  for (let i = 0; i < 7; i++) {
    assert.deepEqual(chat.submit('hello?', 0), { type: 'refused', text: 'not connected — message not sent' });
  }
  assert.equal(chat.limiter.waitMs(0), 0, 'no budget spent');
  assert.deepEqual(sent, []);
});

test('a read-only chat box (a replay) never opens', () => {
  const chat = new ChatBox({ readOnly: true });
  assert.deepEqual(chat.key('Enter'), { type: 'none' });
  assert.deepEqual(chat.open(), { type: 'none' });
  assert.equal(chat.typing, false);
});

// MARK: In the sessions

test('the game session sends chat on its transport and lists relayed lines by name', () => {
  const { transport, sockets, clock, receive } = fakeTransport('ws://example.test/play');
  const session = new GameSession({ transport, game: arenaGame, name: 'tester', now: () => clock.now });
  session.start();
  assert.equal(session.sendChat('too early'), false, 'not sent before playing');
  sockets[0].onopen();
  receive(fromHex(snapshots.welcome));
  const own = session.welcome.playerID;
  assert.equal(session.sendChat('hello'), true);
  const chats = sockets[0].sent.map((bytes) => decodeMessage(bytes)).filter((m) => m.type === 'chat');
  assert.deepEqual(chats, [{ type: 'chat', value: { text: 'hello' } }]);
  receive(encodeMessage('events', {
    tick: 50,
    events: [
      { type: 'joined', player: own, name: 'tester' },
      { type: 'joined', player: own + 1, name: 'rival' },
      { type: 'chat', player: own + 1, text: 'hi' },
      { type: 'chat', player: own, text: 'hello' },
    ],
  }));
  assert.deepEqual(session.chat.lines.map(({ name, text, own: mine, tick }) => ({ name, text, mine, tick })), [
    { name: 'rival', text: 'hi', mine: false, tick: 50 },
    { name: 'tester', text: 'hello', mine: true, tick: 50 },
  ]);
  // A new welcome (a reconnect) keeps the conversation.
  receive(fromHex(snapshots.welcome));
  assert.equal(session.chat.lines.length, 2);
});

test('the replay lists the recorded chat; a seek empties it, going back drops what is ahead', () => {
  const { transport, sockets, clock, receive } = fakeTransport('ws://example.test/replay?file=a.rec');
  const session = new ReplaySession({ transport, game: arenaGame, now: () => clock.now });
  session.start();
  sockets[0].onopen();
  const welcome = decodeMessage(fromHex(snapshots.welcome)).value;
  const welcomeAt = (tick) => encodeMessage('welcome', { ...welcome, currentTick: tick });
  const said = (tick, text) => encodeMessage('events', { tick, events: [{ type: 'chat', player: 1, text }] });
  const texts = () => session.chat.lines.map((line) => line.text);

  receive(welcomeAt(0));
  receive(encodeMessage('events', { tick: 0, events: [{ type: 'joined', player: 1, name: 'ann' }] }));
  receive(said(100, 'one'));
  receive(said(200, 'two'));
  assert.deepEqual(session.chat.lines.map((line) => `${line.name}: ${line.text}`), ['ann: one', 'ann: two']);

  // A speed change, follow or resume: a welcome at the same place keeps the chat.
  receive(welcomeAt(210));
  assert.deepEqual(texts(), ['one', 'two']);

  // A welcome further back (as when Play at the end starts over: the server seeks by itself).
  receive(welcomeAt(150));
  assert.deepEqual(texts(), ['one'], 'the line at 200 is ahead of the position now');
  receive(said(200, 'two'));
  assert.deepEqual(texts(), ['one', 'two'], 'said again, shown once');

  // A seek (either way) starts the list over at its welcome, not before.
  session.seek(500);
  receive(said(201, 'in flight'));
  assert.deepEqual(texts(), ['one', 'two', 'in flight']);
  receive(welcomeAt(500));
  assert.deepEqual(texts(), []);
  receive(said(520, 'later'));
  receive(welcomeAt(520));
  assert.deepEqual(texts(), ['later'], 'only the welcome right after the seek empties it');
});
