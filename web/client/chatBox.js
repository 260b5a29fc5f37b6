// Chat for any game on this protocol, without any DOM (render/chatPanel.js draws it): the
// recent lines with their senders' names, the chat rate the server enforces, the text rules
// (at most MAX_CHAT_BYTES of UTF-8, never a split character, nothing blank) and what Enter
// and Escape do. The server drops chat over its rate without a word, so the client keeps to
// the same rate itself and says why a line was not sent instead of losing it.

import { CHAT_BURST, CHAT_REFILL_SECONDS, MAX_CHAT_BYTES } from '../wire/messages.js';

/** Lines kept (and shown, scrolled) at most. */
export const CHAT_LINES = 50;
/** How long a notice ("slow down …") stays up. */
export const NOTICE_MS = 3000;

const utf8 = new TextEncoder();
const graphemes = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

/** The text's size in UTF-8 bytes: what the protocol's limit counts. */
export function utf8Length(text) {
  return utf8.encode(text).length;
}

/**
 * The longest prefix of whole characters (grapheme clusters, as Swift's truncation counts
 * them, so a flag or an accented letter is never cut in two) whose UTF-8 fits in maxBytes.
 */
export function truncateChat(text, maxBytes = MAX_CHAT_BYTES) {
  if (utf8Length(text) <= maxBytes) return text;
  const pieces = graphemes ? Array.from(graphemes.segment(text), (part) => part.segment) : Array.from(text);
  let used = 0;
  let out = '';
  for (const piece of pieces) {
    const size = utf8Length(piece);
    if (used + size > maxBytes) break;
    used += size;
    out += piece;
  }
  return out;
}

/** What would be sent for a draft: trimmed and cut to the limit; '' when nothing is left. */
export function chatText(draft) {
  return truncateChat(draft.trim());
}

/**
 * The server's chat budget, mirrored (Swift's PlaySession.admitChat): it holds at most
 * `burst` lines, each line spends one, and one comes back every `refillMs`. Time is passed in.
 */
export class ChatRateLimiter {
  constructor({ burst = CHAT_BURST, refillMs = CHAT_REFILL_SECONDS * 1000 } = {}) {
    this.refillMs = refillMs;
    this.capMs = burst * refillMs;
    this.budgetMs = this.capMs;
    this.at = null;
  }

  /** Ms until a line may go (0: now). */
  waitMs(nowMs) {
    this.#refill(nowMs);
    return Math.max(0, this.refillMs - this.budgetMs);
  }

  /** Spends one line if the budget has it; false (and nothing spent) when over the rate. */
  take(nowMs) {
    if (this.waitMs(nowMs) > 0) return false;
    this.budgetMs -= this.refillMs;
    return true;
  }

  #refill(nowMs) {
    if (this.at !== null) this.budgetMs = Math.min(this.capMs, this.budgetMs + Math.max(0, nowMs - this.at));
    this.at = nowMs;
  }
}

/**
 * The recent lines, oldest first, at most `limit`: { id, player, name, text, tick, own }.
 * `version` grows with every change and `onChange` is called, so a view redraws only then.
 */
export class ChatLog {
  constructor(limit = CHAT_LINES) {
    this.limit = limit;
    this.lines = [];
    this.version = 0;
    this.nextID = 1;
    this.onChange = () => {};
  }

  /** Adds a line; the sender's name is the one known when it was said. */
  add({ player, name, text, tick = 0, own = false }) {
    this.lines.push({ id: this.nextID++, player, name, text, tick, own });
    if (this.lines.length > this.limit) this.lines.shift();
    this.#changed();
  }

  clear() {
    if (this.lines.length === 0) return;
    this.lines = [];
    this.#changed();
  }

  /** Drops the lines said after `tick` (a replay went back: they will be said again). */
  rewind(tick) {
    const kept = this.lines.filter((line) => line.tick <= tick);
    if (kept.length === this.lines.length) return;
    this.lines = kept;
    this.#changed();
  }

  #changed() {
    this.version++;
    this.onChange();
  }
}

export const ChatMode = Object.freeze({ closed: 'closed', typing: 'typing' });

/**
 * What Enter and Escape do, and sending. Closed: Enter opens the input. Typing: Enter sends
 * the draft and closes (a blank draft just closes), Escape closes without sending. A line
 * over the rate, or one the connection could not take, is not sent: the input stays open
 * with its draft and a notice says why. Read-only (a replay) never opens.
 */
export class ChatBox {
  /**
   * @param {object} options
   * @param {(text: string) => boolean} options.send sends a line; false when not connected
   * @param {boolean} options.readOnly
   * @param {ChatRateLimiter} options.limiter
   */
  constructor({ send = () => false, readOnly = false, limiter = new ChatRateLimiter() } = {}) {
    this.send = send;
    this.readOnly = readOnly;
    this.limiter = limiter;
    this.mode = ChatMode.closed;
    /** { text, untilMs } while a notice is up, else null. */
    this.notice = null;
  }

  get typing() {
    return this.mode === ChatMode.typing;
  }

  /**
   * A key press: `key` as KeyboardEvent.key, `inInput` whether it went to the chat input,
   * `draft` the input's text. Returns the action for the view: { type: 'open' | 'close' |
   * 'sent' | 'refused' | 'none', text? }.
   */
  key(key, { inInput = false, draft = '', nowMs = 0 } = {}) {
    if (this.readOnly) return { type: 'none' };
    if (key === 'Escape' && this.typing) return this.cancel();
    if (key !== 'Enter') return { type: 'none' };
    if (this.typing && inInput) return this.submit(draft, nowMs);
    return this.open();
  }

  open() {
    if (this.readOnly) return { type: 'none' };
    this.mode = ChatMode.typing;
    return { type: 'open' };
  }

  cancel() {
    this.mode = ChatMode.closed;
    return { type: 'close' };
  }

  /** Sends `draft` if it has text and the rate allows; see the class comment. */
  submit(draft, nowMs) {
    const text = chatText(draft);
    if (text === '') return this.cancel();
    const waitMs = this.limiter.waitMs(nowMs);
    if (waitMs > 0) return this.#refuse(`slow down — next message in ${Math.ceil(waitMs / 1000)} s`, nowMs);
    if (!this.send(text)) return this.#refuse('not connected — message not sent', nowMs);
    this.limiter.take(nowMs);
    this.notice = null;
    this.mode = ChatMode.closed;
    return { type: 'sent', text };
  }

  /** The notice to show at nowMs, or null. */
  noticeAt(nowMs) {
    return this.notice !== null && nowMs < this.notice.untilMs ? this.notice.text : null;
  }

  #refuse(text, nowMs) {
    this.notice = { text, untilMs: nowMs + NOTICE_MS };
    return { type: 'refused', text };
  }
}
