// The WebSocket under a game session: binary frames in and out, byte counters for the HUD,
// and reconnection with exponential backoff when the connection drops for a reason that
// trying again can fix. It knows nothing of the game's messages: it hands every message's
// bytes to `onMessage`, and the session dispatches on the first byte.

import { Backoff } from './backoff.js';
import { describeClose } from './closeReasons.js';

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

export class Transport {
  /**
   * @param {object} options
   * @param {string} options.url ws:// or wss:// address
   * @param {(url: string) => WebSocket} options.openSocket how to make a socket (tests pass a fake)
   * @param {Backoff} options.backoff
   * @param {number} options.connectTimeoutMs an attempt that has not opened by then is abandoned
   * @param {{ set: Function, clear: Function }} options.timers setTimeout/clearTimeout
   * @param {() => number} options.now ms clock (for `retryAt`)
   */
  constructor({
    url,
    openSocket = (address) => new WebSocket(address),
    backoff = new Backoff(),
    connectTimeoutMs = 10_000,
    timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (id) => clearTimeout(id) },
    now = () => performance.now(),
  }) {
    this.url = url;
    this.openSocket = openSocket;
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
    this.#setState(TransportState.connecting);
    let socket;
    try {
      socket = this.openSocket(this.url);
    } catch (error) {
      this.#closed(null, { code: 1006, name: null, text: `cannot connect: ${error.message}`, retry: true, detail: '' });
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => this.#opened(socket);
    socket.onmessage = (event) => this.#received(socket, event.data);
    socket.onclose = (event) => this.#closed(socket, this.abortDescription ?? describeClose(event.code, event.reason));
    socket.onerror = () => {};
    this.timer = this.timers.set(() => {
      if (this.socket === socket && this.state === TransportState.connecting) {
        this.abort({ text: 'the server did not answer in time', retry: true });
      }
    }, this.connectTimeoutMs);
  }

  /** Sends one binary message; false if not open. */
  send(bytes) {
    if (this.state !== TransportState.open) return false;
    this.socket.send(bytes);
    this.bytesSent += bytes.length;
    this.messagesSent++;
    return true;
  }

  /**
   * Closes from our side because something went wrong here (a protocol error the client
   * detected). `description` ({ text, retry }) is what the player is told; with retry the
   * usual backoff follows.
   */
  abort({ text, retry }) {
    if (this.socket === null) return;
    this.abortDescription = { code: CLIENT_ABORT_CODE, name: null, text, retry, detail: '' };
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
    this.#setState(TransportState.open);
    this.onOpen();
  }

  #received(socket, data) {
    if (socket !== this.socket || !(data instanceof ArrayBuffer)) return;
    this.bytesReceived += data.byteLength;
    this.messagesReceived++;
    this.onMessage(new Uint8Array(data));
  }

  #closed(socket, description) {
    if (socket !== this.socket) return;
    this.#clearTimer();
    this.socket = null;
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
