// The chat panel over the canvas: the recent lines (client/chatBox.js's ChatLog) and, on the
// game page, an input that Enter opens, Enter sends and Escape (or leaving it) closes, with a
// byte counter, since the limit is in UTF-8 bytes, not characters. The list is redrawn only
// when the log changes (its onChange), never per frame. Names and text come from other
// players, so they are only ever set as text, never as markup. On the replay page it is
// read-only: no input, and a caption says whose chat it is.

import { MAX_CHAT_BYTES } from '../wire/messages.js';
import { truncateChat, utf8Length } from '../client/chatBox.js';

/** Whether a key went to a control that Enter belongs to (a text field, a button, a link). */
function ownsEnter(target) {
  return target instanceof Element && target.matches('input, textarea, select, button, a[href], [contenteditable]');
}

export class ChatPanel {
  /**
   * @param {object} elements { root, list (ol), notice, form, input, counter, button }: all
   *   but root and list absent on a read-only page
   * @param {import('../client/chatBox.js').ChatBox} box
   * @param {import('../client/chatBox.js').ChatLog} log
   * @param {object} options
   * @param {EventTarget} options.keyTarget where Enter opens the input (window)
   * @param {() => void} options.onOpen called as the input opens (the game lets go of its keys)
   * @param {() => number} options.now ms clock
   */
  constructor({ root, list, notice = null, form = null, input = null, counter = null, button = null }, box, log,
    { keyTarget = null, onOpen = () => {}, now = () => performance.now() } = {}) {
    Object.assign(this, { root, list, notice, form, input, counter, button, box, now, onOpen });
    this.shownIDs = [];
    this.noticeTimer = null;
    this.setLog(log);
    if (box.readOnly || !input) return;
    input.maxLength = MAX_CHAT_BYTES;
    keyTarget?.addEventListener('keydown', (event) => {
      // A held Enter's repeats would reopen the input it just sent from.
      if (event.key !== 'Enter' || event.repeat || event.isComposing || ownsEnter(event.target)) return;
      event.preventDefault();
      this.#apply(box.key('Enter', { nowMs: now() }));
    });
    input.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      this.#apply(box.key('Escape', { inInput: true }));
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#apply(box.key('Enter', { inInput: true, draft: input.value, nowMs: now() }));
    });
    input.addEventListener('input', () => this.#limitDraft());
    // Clicking or tapping away closes it (the draft stays in the field for next time).
    input.addEventListener('blur', () => {
      if (box.typing) this.#apply(box.cancel());
    });
    button?.addEventListener('pointerdown', (event) => event.preventDefault());
    button?.addEventListener('click', () => this.#apply(box.typing ? box.cancel() : box.open()));
    this.#limitDraft();
  }

  /** Shows another log (a new session's), redrawn whenever it changes. */
  setLog(log) {
    if (this.log) this.log.onChange = () => {};
    this.log = log;
    log.onChange = () => this.#render();
    this.#render();
  }

  /** What the list shows, as { name, text, own }: for the autotest reports. */
  shownLines() {
    return [...this.list.children].map((item) => ({
      name: item.querySelector('.name')?.textContent ?? '',
      text: item.querySelector('.text')?.textContent ?? '',
      own: item.classList.contains('self'),
    }));
  }

  #apply(action) {
    switch (action.type) {
      case 'open':
        this.onOpen();
        this.#setTyping(true);
        break;
      case 'sent':
        this.input.value = '';
        this.#limitDraft();
        this.#setTyping(false);
        break;
      case 'close':
        this.#setTyping(false);
        break;
      case 'refused':
        this.#showNotice();
        break;
      default:
        break;
    }
  }

  #setTyping(typing) {
    this.root.classList.toggle('typing', typing);
    this.form.hidden = !typing;
    this.button?.setAttribute('aria-pressed', String(typing));
    if (typing) {
      this.input.focus();
    } else {
      this.#hideNotice();
      if (this.root.ownerDocument.activeElement === this.input) this.input.blur();
    }
    this.list.scrollTop = this.list.scrollHeight;
  }

  /** Keeps the draft within MAX_CHAT_BYTES (maxlength counts UTF-16 units, not bytes) and updates the counter. */
  #limitDraft() {
    let bytes = utf8Length(this.input.value);
    if (bytes > MAX_CHAT_BYTES) {
      this.input.value = truncateChat(this.input.value);
      bytes = utf8Length(this.input.value);
    }
    this.counter.textContent = `${bytes}/${MAX_CHAT_BYTES}`;
    this.counter.classList.toggle('full', bytes >= MAX_CHAT_BYTES);
  }

  #showNotice() {
    const nowMs = this.now();
    const text = this.box.noticeAt(nowMs);
    if (!this.notice || text === null) return;
    this.notice.textContent = text;
    this.notice.hidden = false;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => this.#hideNotice(), this.box.notice.untilMs - nowMs);
  }

  #hideNotice() {
    clearTimeout(this.noticeTimer);
    if (this.notice) this.notice.hidden = true;
  }

  /**
   * Brings the list up to the log. The log only ever grows at its end and loses lines at its
   * start (ids ascending, contiguous), so usually a few items go and a few come; anything
   * else (cleared, rewound) rebuilds the list.
   */
  #render() {
    const lines = this.log.lines;
    const shown = this.shownIDs;
    let dropped = 0;
    while (dropped < shown.length && shown[dropped] < (lines[0]?.id ?? Infinity)) dropped++;
    const kept = shown.length - dropped;
    const isPrefix = kept === 0 || (kept <= lines.length && lines[0].id === shown[dropped] && lines[kept - 1].id === shown.at(-1));
    if (isPrefix) {
      for (let i = 0; i < dropped; i++) this.list.firstElementChild.remove();
      this.list.append(...lines.slice(kept).map((line) => this.#item(line)));
    } else {
      this.list.replaceChildren(...lines.map((line) => this.#item(line)));
    }
    this.shownIDs = lines.map((line) => line.id);
    this.root.classList.toggle('empty', lines.length === 0);
    this.list.scrollTop = this.list.scrollHeight;
  }

  #item(line) {
    const doc = this.list.ownerDocument;
    const item = doc.createElement('li');
    if (line.own) item.className = 'self';
    const name = doc.createElement('span');
    name.className = 'name';
    name.textContent = line.name;
    const text = doc.createElement('span');
    text.className = 'text';
    text.textContent = line.text;
    item.append(name, text);
    return item;
  }
}
