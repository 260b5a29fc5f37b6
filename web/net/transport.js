// The connection under a game session: binary frames in and out, byte counters for the HUD,
// and reconnection with exponential backoff when the connection drops for a reason that
// trying again can fix. It knows nothing of the game's messages: it hands every message's
// bytes to `onMessage`, and the session dispatches on the first byte.
//
// The connection is a WebSocket, or, where WebSocket does not get through (no WebSocket in
// the page, an attempt that fails before opening or stays silent), an Engine.IO session
// (engineioSocket.js) with the same interface; transportChoice.js decides which. Socket
// errors are counted and kept (`errors`, `lastError`), never swallowed, for the HUD and the
// banner. Inputs go through `sendLatest`, which holds back (newest wins) while the socket's
// buffer is above a small bound, so that they never pile up behind a congested connection.

import { Backoff } from './backoff.js';
import { describeClose } from './closeReasons.js';
import { EngineIOSocket } from './engineioSocket.js';
import { Carrier, TransportChoice, carrierLabel } from './transportChoice.js';

export const TransportState = Object.freeze({
  idle: 'idle',
  connecting: 'connecting',
  open: 'open',
  /** Dropped; a new attempt is scheduled (see `retryAt`). */
  reconnecting: 'reconnecting',
  /** Closed for good: by us, or for a reason retrying cannot fix. */
  closed: 'closed',
});

/** Our own close code for a client-side abort (the private-use range for applications). */
export const CLIENT_ABORT_CODE = 4900;
/** Buffered bytes above which an input is held back, replaced by any newer one. */
export const INPUT_BUFFER_BOUND = 64;
/** A WebSocket that opened and has sent nothing after this long is given up (and polling tried). */
export const SILENT_MS = 4000;
const MAX_ERRORS = 20;
const SOCKET_OPEN = 1;

export class Transport {
  /**
   * @param {object} options
   * @param {string} options.url ws:// or wss:// address
   * @param {string|null} options.fallbackURL http(s)://host/engine.io/?… for Engine.IO, or null for none
   * @param {(url: string) => WebSocket} options.openSocket how to make a socket (tests pass a fake)
   * @param {(url: string) => EngineIOSocket} options.openFallback how to make an Engine.IO socket
   * @param {boolean} options.webSocketAvailable whether the page has WebSocket at all
   * @param {number} options.silentMs see SILENT_MS
   * @param {Backoff} options.backoff
   * @param {number} options.connectTimeoutMs an attempt that has not opened by then is abandoned
   * @param {{ set: Function, clear: Function }} options.timers setTimeout/clearTimeout
   * @param {() => number} options.now ms clock (for `retryAt`)
   */
  constructor({
    url,
    fallbackURL = null,
    openSocket = (address) => new WebSocket(address),
    openFallback = (address) => new EngineIOSocket(address),
    webSocketAvailable = typeof globalThis.WebSocket === 'function',
    silentMs = SILENT_MS,
    backoff = new Backoff(),
    connectTimeoutMs = 10_000,
    timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (id) => clearTimeout(id) },
    now = () => performance.now(),
  }) {
    /** The address of the current (or last) attempt: `webSocketURL` or `fallbackURL`. */
    this.url = url;
    this.webSocketURL = url;
    this.fallbackURL = fallbackURL;
    this.openSocket = openSocket;
    this.openFallback = openFallback;
    this.silentMs = silentMs;
    this.choice = new TransportChoice({ webSocketAvailable, fallbackAvailable: fallbackURL !== null });
    /** The carrier of the current (or last) attempt (transportChoice.js's Carrier). */
    this.kind = this.choice.kind;
    /** Connection attempts made, for the tests that check no reconnect loop. */
    this.attempts = 0;
    /** Socket errors (onerror), newest last, as { text, atMs }; and how many in all. */
    this.errors = [];
    this.errorCount = 0;
    /** The input held back while the socket was congested (newest wins), or null. */
    this.heldInput = null;
    this.inputsReplaced = 0;
    this.heard = false;
    this.backoff = backoff;
    this.connectTimeoutMs = connectTimeoutMs;
    this.timers = timers;
    this.now = now;
    this.state = TransportState.idle;
    this.socket = null;
    /** The last close, described (closeReasons.js), or null. */
    this.lastClose = null;
    /**
     * Why the last connection that had opened ended: what the player wants to know while
     * later attempts fail with a plain "connection lost".
     */
    this.lastDrop = null;
    /** Attempts that failed since the last successful open. */
    this.failedAttempts = 0;
    this.wasOpen = false;
    /** When the scheduled reconnect fires (ms on `now`), or null. */
    this.retryAt = null;
    this.bytesReceived = 0;
    this.bytesSent = 0;
    this.messagesReceived = 0;
    this.messagesSent = 0;
    this.onOpen = () => {};
    /** (bytes: Uint8Array) for every binary message. */
    this.onMessage = () => {};
    /** (description, retryInMs or null) when a socket closes. */
    this.onClose = () => {};
    /** (state) on every state change. */
    this.onStateChange = () => {};
    this.timer = null;
    this.abortDescription = null;
  }

  /** Opens the connection (again). Does nothing while one is open or being opened. */
  connect() {
    if (this.state === TransportState.connecting || this.state === TransportState.open) return;
    this.#clearTimer();
    this.retryAt = null;
    this.abortDescription = null;
    this.wasOpen = false;
    this.heard = false;
    this.heldInput = null;
    this.kind = this.choice.kind;
    this.url = this.kind === Carrier.engineIO ? this.fallbackURL : this.webSocketURL;
    this.attempts++;
    this.#setState(TransportState.connecting);
    let socket;
    try {
      socket = this.kind === Carrier.engineIO ? this.openFallback(this.url) : this.openSocket(this.url);
    } catch (error) {
      this.#recordError(`cannot connect: ${error.message}`);
      if (this.kind === Carrier.webSocket) this.choice.failedBeforeOpen();
      this.#closed(null, { code: 1006, name: null, text: `cannot connect: ${error.message}`, retry: true, detail: '' });
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => this.#opened(socket);
    socket.onmessage = (event) => this.#received(socket, event.data);
    socket.onclose = (event) => this.#closed(socket, this.abortDescription ?? describeClose(event.code, event.reason));
    socket.onerror = (event) => this.#errored(socket, event);
    this.timer = this.timers.set(() => {
      if (this.socket === socket && this.state === TransportState.connecting) {
        if (this.kind === Carrier.webSocket) this.choice.failedBeforeOpen();
        this.abort({ text: 'the server did not answer in time', retry: true });
      }
    }, this.connectTimeoutMs);
  }

  /** What carries the game: "WebSocket", "long-polling" or "long-polling → WebSocket". */
  get carrier() {
    return carrierLabel(this.kind, this.socket?.transport ?? null);
  }

  /** The newest socket error, or null. */
  get lastError() {
    return this.errors.at(-1) ?? null;
  }

  /** Bytes the socket holds that have not gone out yet. */
  get bufferedAmount() {
    return this.socket?.bufferedAmount ?? 0;
  }

  /** Sends one binary message; false if not open (or the socket is not writable). */
  send(bytes) {
    if (!this.#writable()) return false;
    this.#write(bytes);
    return true;
  }

  /**
   * Sends a message that supersedes the previous one of its kind (inputs): at once while the
   * socket's buffer is at most INPUT_BUFFER_BOUND bytes, else held, replacing whatever was
   * held, until `flushHeld` finds room. Returns 'sent', 'held' or false (not open).
   */
  sendLatest(bytes) {
    if (!this.#writable()) return false;
    if (this.heldInput !== null || this.bufferedAmount > INPUT_BUFFER_BOUND) {
      if (this.heldInput !== null) this.inputsReplaced++;
      this.heldInput = bytes;
      this.flushHeld();
      return this.heldInput === null ? 'sent' : 'held';
    }
    this.#write(bytes);
    return 'sent';
  }

  /** Sends the held input if the buffer has room now; true if it went out. */
  flushHeld() {
    if (this.heldInput === null || !this.#writable() || this.bufferedAmount > INPUT_BUFFER_BOUND) return false;
    const bytes = this.heldInput;
    this.heldInput = null;
    this.#write(bytes);
    return true;
  }

  #writable() {
    return this.state === TransportState.open && this.socket !== null && (this.socket.readyState ?? SOCKET_OPEN) === SOCKET_OPEN;
  }

  #write(bytes) {
    this.socket.send(bytes);
    this.bytesSent += bytes.length;
    this.messagesSent++;
  }

  /**
   * Closes from our side because something went wrong here (a protocol error the client
   * detected). `description` ({ text, retry }) is what the player is told; with retry the
   * usual backoff follows.
   */
  abort({ text, retry }) {
    if (this.socket === null) return;
    this.abortDescription = { code: CLIENT_ABORT_CODE, name: null, text, retry, detail: '', byClient: true };
    this.socket.close(CLIENT_ABORT_CODE, text.slice(0, 120));
  }

  /** Closes for good: no reconnection. */
  close() {
    this.#clearTimer();
    this.retryAt = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) socket.close(1000, 'bye');
    this.#setState(TransportState.closed);
  }

  /** Skips the wait of a scheduled reconnect (or reconnects after a final close). */
  retryNow() {
    if (this.state === TransportState.reconnecting || this.state === TransportState.closed) {
      this.#setState(TransportState.idle);
      this.connect();
    }
  }

  /** The connection proved healthy (the server accepted us): backoff starts over. */
  markHealthy() {
    this.backoff.reset();
  }

  #opened(socket) {
    if (socket !== this.socket) return;
    this.#clearTimer();
    this.wasOpen = true;
    this.failedAttempts = 0;
    if (this.kind === Carrier.webSocket && this.choice.fallbackAvailable) {
      this.timer = this.timers.set(() => {
        this.timer = null;
        if (this.socket !== socket || this.heard) return;
        this.choice.stayedSilent();
        this.abort({ text: 'the WebSocket opened but nothing came through', retry: true });
      }, this.silentMs);
    }
    this.#setState(TransportState.open);
    this.onOpen();
  }

  #errored(socket, event) {
    if (socket !== this.socket) return;
    this.#recordError(event?.message || (this.kind === Carrier.webSocket ? 'WebSocket error' : 'Engine.IO error'));
    if (!this.wasOpen && this.kind === Carrier.webSocket) this.choice.failedBeforeOpen();
  }

  #recordError(text) {
    this.errorCount++;
    this.errors.push({ text, atMs: this.now() });
    if (this.errors.length > MAX_ERRORS) this.errors.shift();
  }

  #received(socket, data) {
    if (socket !== this.socket || !(data instanceof ArrayBuffer)) return;
    if (!this.heard && this.timer !== null && this.state === TransportState.open) this.#clearTimer();
    this.heard = true;
    this.bytesReceived += data.byteLength;
    this.messagesReceived++;
    this.onMessage(new Uint8Array(data));
  }

  #closed(socket, description) {
    if (socket !== this.socket) return;
    this.#clearTimer();
    this.socket = null;
    this.heldInput = null;
    if (!this.wasOpen && this.kind === Carrier.webSocket) this.choice.failedBeforeOpen();
    this.lastClose = description;
    if (this.wasOpen) this.lastDrop = description;
    else this.failedAttempts++;
    if (description.retry) {
      const delay = this.backoff.next();
      this.retryAt = this.now() + delay;
      this.#setState(TransportState.reconnecting);
      this.timer = this.timers.set(() => {
        this.timer = null;
        this.#setState(TransportState.idle);
        this.connect();
      }, delay);
      this.onClose(description, delay);
    } else {
      this.retryAt = null;
      this.#setState(TransportState.closed);
      this.onClose(description, null);
    }
  }

  #clearTimer() {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  #setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.onStateChange(state);
  }
}
