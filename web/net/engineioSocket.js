// A WebSocket look-alike that runs Engine.IO protocol 4 over HTTP long-polling (fetch), and
// upgrades itself to a WebSocket when the network lets one through. It exists for the
// networks that break WebSocket (proxies, filters): Transport (transport.js) uses it exactly
// like a WebSocket, so reconnects, backoff and close reasons work the same on both.
//
// Contract with the server (Sources/EngineIO): handshake GET → open packet with the sid; then
// one long-poll GET and at most one POST in flight (a second concurrent one kills the
// session, hence the batching queue); the server pings, we pong; every game message is one
// binary packet; the server ends a session with `4{"close":CODE,"reason":"…"}` then `1`,
// which this class turns into a close event with that code, as a WebSocket would report it.
//
// Upgrade: ws(s)://…/engine.io/?EIO=4&transport=websocket&sid=SID, `2probe` → `3probe`,
// then `5`; afterwards packets are WebSocket frames (binary messages unprefixed). A failed
// probe leaves the session on polling, and is tried again later with a growing wait.

import { decodePayload, encodePacket, SEPARATOR } from './engineio.js';

export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSING = 2;
export const CLOSED = 3;

/** Code for a session lost without a close packet (as browsers report a dropped WebSocket). */
const ABNORMAL = 1006;
/** Code for a close packet that came without a `{"close":…}` message before it. */
const NO_STATUS = 1005;

const defaultTimers = { set: (fn, ms) => setTimeout(fn, ms), clear: (id) => clearTimeout(id) };
const utf8 = new TextEncoder();

export class EngineIOSocket {
  static CONNECTING = CONNECTING;
  static OPEN = OPEN;
  static CLOSING = CLOSING;
  static CLOSED = CLOSED;

  /**
   * @param {string} url http(s)://host/engine.io/ with the endpoint's own query (token, or
   *   endpoint=replay&file=…); EIO, transport, t and sid are added here
   * @param {object} options
   * @param {typeof fetch} options.fetch
   * @param {Function|null} options.WebSocket constructor for the upgrade; null never upgrades
   * @param {{ set: Function, clear: Function }} options.timers
   * @param {boolean} options.upgrade whether to try the WebSocket upgrade at all
   * @param {number} options.probeTimeoutMs a probe not answered by then has failed
   * @param {number} options.upgradeRetryMs the wait before the first retry of a failed probe (doubles, capped)
   * @param {() => string} options.cacheBuster the handshake's `t`
   */
  constructor(url, {
    fetch: fetchFn = globalThis.fetch?.bind(globalThis),
    WebSocket: WebSocketClass = globalThis.WebSocket ?? null,
    timers = defaultTimers,
    upgrade = true,
    probeTimeoutMs = 5000,
    upgradeRetryMs = 15_000,
    maxUpgradeRetryMs = 300_000,
    cacheBuster = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`,
  } = {}) {
    this.url = url;
    this.fetch = fetchFn;
    this.WebSocketClass = WebSocketClass;
    this.timers = timers;
    this.upgradeEnabled = upgrade;
    this.probeTimeoutMs = probeTimeoutMs;
    this.upgradeRetryMs = upgradeRetryMs;
    this.maxUpgradeRetryMs = maxUpgradeRetryMs;
    this.cacheBuster = cacheBuster;
    this.readyState = CONNECTING;
    this.binaryType = 'arraybuffer';
    /** 'polling' until an upgrade succeeds, then 'websocket'. */
    this.transport = 'polling';
    this.sid = null;
    this.pingInterval = 25_000;
    this.pingTimeout = 20_000;
    this.maxPayload = 1_000_000;
    /** Probes tried and failed, for the HUD and the tests. */
    this.upgradeAttempts = 0;
    this.upgradeFailures = 0;
    this.onopen = null;
    this.onmessage = null;
    this.onerror = null;
    this.onclose = null;
    /** Encoded packets waiting for the next POST: { text, bytes } (bytes: binary payload size). */
    this.queue = [];
    this.posting = false;
    this.polling = false;
    /** Between `3probe` and `5`: packets wait, no new GET starts. */
    this.pausing = false;
    this.ws = null;
    this.probe = null;
    this.closeInfo = null;
    this.sendingClose = false;
    this.pingTimer = null;
    this.upgradeTimer = null;
    this.aborter = typeof AbortController === 'function' ? new AbortController() : null;
    this.#handshake();
  }

  /** Bytes of binary messages queued but not yet handed to a POST (or to the upgraded WebSocket's buffer). */
  get bufferedAmount() {
    const queued = this.queue.reduce((sum, packet) => sum + packet.bytes, 0);
    return queued + (this.transport === 'websocket' && this.ws ? this.ws.bufferedAmount : 0);
  }

  /** Sends one binary message (Uint8Array or ArrayBuffer). */
  send(data) {
    if (this.readyState === CONNECTING) throw new Error('InvalidStateError: still connecting');
    if (this.readyState !== OPEN) return;
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    this.#sendPacket({ type: 'binary', data: bytes }, bytes.length);
  }

  /** Ends the session: the close packet goes out, and a clean close event follows. */
  close(code = NO_STATUS, reason = '') {
    if (this.readyState === CLOSING || this.readyState === CLOSED) return;
    const wasOpen = this.readyState === OPEN;
    this.readyState = CLOSING;
    if (wasOpen) {
      this.sendingClose = true;
      this.#sendPacket({ type: 'close' }, 0);
    }
    this.#finish({ code, reason, wasClean: true });
  }

  // MARK: Polling

  #query(extra) {
    const address = new URL(this.url);
    address.searchParams.set('EIO', '4');
    address.searchParams.set('transport', extra.transport ?? 'polling');
    for (const [key, value] of Object.entries(extra)) {
      if (key !== 'transport') address.searchParams.set(key, value);
    }
    return address;
  }

  #sessionURL() {
    // After the handshake only the session matters: the endpoint's query was for the handshake.
    const address = new URL(this.url);
    address.search = '';
    address.searchParams.set('EIO', '4');
    address.searchParams.set('transport', 'polling');
    address.searchParams.set('sid', this.sid);
    return address.toString();
  }

  async #request(url, init) {
    const response = await this.fetch(url, { cache: 'no-store', signal: this.aborter?.signal, ...init });
    const text = await response.text();
    if (!response.ok) {
      const error = new Error(`HTTP ${response.status}${summary(text)}`);
      error.status = response.status;
      throw error;
    }
    return text;
  }

  async #handshake() {
    let text;
    try {
      text = await this.#request(this.#query({ t: this.cacheBuster() }).toString(), { method: 'GET' });
    } catch (error) {
      this.#fail(`handshake failed: ${error.message}`);
      return;
    }
    if (this.readyState !== CONNECTING) return;
    let packets;
    let open;
    try {
      packets = decodePayload(text);
      if (packets[0].type !== 'open') throw new Error(`the first packet is ${packets[0].type}, not open`);
      open = JSON.parse(packets[0].data);
      if (typeof open.sid !== 'string' || open.sid === '') throw new Error('the open packet has no sid');
    } catch (error) {
      this.#fail(`bad handshake: ${error.message}`);
      return;
    }
    this.sid = open.sid;
    this.pingInterval = positive(open.pingInterval, this.pingInterval);
    this.pingTimeout = positive(open.pingTimeout, this.pingTimeout);
    this.maxPayload = positive(open.maxPayload, this.maxPayload);
    this.readyState = OPEN;
    this.#armPingTimer();
    this.onopen?.({ type: 'open' });
    this.#handlePackets(packets.slice(1));
    this.#poll();
    if (this.upgradeEnabled && Array.isArray(open.upgrades) && open.upgrades.includes('websocket')) this.#tryUpgrade();
  }

  async #poll() {
    if (this.readyState !== OPEN || this.polling || this.pausing || this.transport !== 'polling') return;
    this.polling = true;
    let text;
    try {
      text = await this.#request(this.#sessionURL(), { method: 'GET' });
    } catch (error) {
      this.polling = false;
      this.#fail(`long-poll failed: ${error.message}`);
      return;
    }
    this.polling = false;
    if (this.readyState !== OPEN) return;
    try {
      this.#handlePackets(decodePayload(text));
    } catch (error) {
      this.#fail(`unreadable payload: ${error.message}`);
      return;
    }
    this.#poll();
  }

  #sendPacket(packet, bytes) {
    if (this.transport === 'websocket' && this.ws) {
      this.ws.send(packet.type === 'binary' ? packet.data : encodePacket(packet));
      return;
    }
    this.queue.push({ packet, text: encodePacket(packet), bytes });
    this.#flush();
  }

  /** POSTs everything queued as one payload (bounded by maxPayload), unless a POST is in flight. */
  async #flush() {
    if (this.posting || this.queue.length === 0) return;
    // After close() only the queue's last packets (the close packet among them) still go out.
    if (this.readyState !== OPEN && !this.sendingClose) return;
    if (this.pausing && !this.sendingClose) return;
    const batch = [];
    let size = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0].text;
      const added = utf8.encode(next).length + (batch.length > 0 ? 1 : 0);
      if (batch.length > 0 && size + added > this.maxPayload) break;
      batch.push(this.queue.shift().text);
      size += added;
    }
    this.posting = true;
    try {
      await this.#request(this.#sessionURL(), {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        body: batch.join(SEPARATOR),
        // Never aborted: POSTs are answered at once, and the close packet must still go out.
        signal: undefined,
      });
    } catch (error) {
      this.posting = false;
      this.#fail(`sending failed: ${error.message}`);
      return;
    }
    this.posting = false;
    if (this.pausing && this.probe?.answered) {
      this.#completeUpgrade();
      return;
    }
    this.#flush();
  }

  // MARK: Packets (either transport)

  #handlePackets(packets) {
    for (const packet of packets) {
      if (this.readyState !== OPEN) return;
      this.#handlePacket(packet);
    }
  }

  #handlePacket(packet) {
    switch (packet.type) {
      case 'ping':
        this.#armPingTimer();
        this.#sendPacket({ type: 'pong' }, 0);
        break;
      case 'binary':
        this.onmessage?.({ type: 'message', data: toArrayBuffer(packet.data) });
        break;
      case 'text':
        this.#textMessage(packet.data);
        break;
      case 'close': {
        const info = this.closeInfo ?? { code: NO_STATUS, reason: '' };
        this.#finish({ ...info, wasClean: true });
        break;
      }
      default:
        // noop (the upgrade's release of a held GET), a stray open or pong: nothing to do.
        break;
    }
  }

  /** The game speaks binary only; a text message matters when it names the close to come. */
  #textMessage(text) {
    try {
      const value = JSON.parse(text);
      if (value && Number.isInteger(value.close)) {
        this.closeInfo = { code: value.close, reason: typeof value.reason === 'string' ? value.reason : '' };
      }
    } catch {
      // Not JSON: not ours to interpret.
    }
  }

  #armPingTimer() {
    if (this.pingTimer !== null) this.timers.clear(this.pingTimer);
    this.pingTimer = this.timers.set(() => {
      this.pingTimer = null;
      this.#fail('ping timeout');
    }, this.pingInterval + this.pingTimeout);
  }

  // MARK: Upgrade

  #tryUpgrade() {
    this.upgradeTimer = null;
    if (this.readyState !== OPEN || this.transport !== 'polling' || this.probe || !this.WebSocketClass) return;
    this.upgradeAttempts++;
    const address = new URL(this.#sessionURL());
    address.searchParams.set('transport', 'websocket');
    address.protocol = address.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws;
    try {
      ws = new this.WebSocketClass(address.toString());
    } catch {
      this.#probeFailed(null);
      return;
    }
    ws.binaryType = 'arraybuffer';
    const probe = { ws, answered: false, timer: null };
    this.probe = probe;
    probe.timer = this.timers.set(() => this.#probeFailed(probe), this.probeTimeoutMs);
    ws.onopen = () => ws.send('2probe');
    ws.onmessage = (event) => {
      if (this.probe === probe && !probe.answered) {
        if (event.data !== '3probe') {
          this.#probeFailed(probe);
          return;
        }
        probe.answered = true;
        this.timers.clear(probe.timer);
        // Hold new packets and GETs; once no POST is in flight, `5` switches the session over.
        this.pausing = true;
        if (!this.posting) this.#completeUpgrade();
      } else if (this.ws === ws) {
        this.#webSocketFrame(event.data);
      }
    };
    ws.onerror = () => {};
    ws.onclose = (event) => {
      if (this.probe === probe) this.#probeFailed(probe);
      else if (this.ws === ws && this.readyState === OPEN) {
        const info = this.closeInfo ?? { code: ABNORMAL, reason: event?.reason || 'the WebSocket closed' };
        this.#finish({ ...info, wasClean: this.closeInfo !== null });
      }
    };
  }

  #completeUpgrade() {
    const { ws } = this.probe;
    this.probe = null;
    this.pausing = false;
    if (this.readyState !== OPEN) {
      ws.close();
      return;
    }
    ws.send(encodePacket({ type: 'upgrade' }));
    this.ws = ws;
    this.transport = 'websocket';
    // What was queued during the pause goes out on the WebSocket, in order.
    const queued = this.queue;
    this.queue = [];
    for (const { packet, text } of queued) ws.send(packet.type === 'binary' ? packet.data : text);
  }

  #probeFailed(probe) {
    if (probe !== null && this.probe !== probe) return;
    this.upgradeFailures++;
    if (probe) {
      this.timers.clear(probe.timer);
      probe.ws.onopen = probe.ws.onmessage = probe.ws.onclose = null;
      try {
        probe.ws.close();
      } catch {
        // already closed
      }
    }
    this.probe = null;
    if (this.pausing) {
      this.pausing = false;
      this.#flush();
      this.#poll();
    }
    if (this.readyState !== OPEN) return;
    const wait = Math.min(this.maxUpgradeRetryMs, this.upgradeRetryMs * 2 ** (this.upgradeFailures - 1));
    this.upgradeTimer = this.timers.set(() => this.#tryUpgrade(), wait);
  }

  #webSocketFrame(data) {
    if (this.readyState !== OPEN) return;
    if (typeof data !== 'string') {
      this.onmessage?.({ type: 'message', data: data instanceof ArrayBuffer ? data : toArrayBuffer(new Uint8Array(data)) });
      return;
    }
    try {
      const packet = decodePayload(data)[0];
      if (packet.type !== 'binary') this.#handlePacket(packet);
    } catch (error) {
      this.#fail(`unreadable frame: ${error.message}`);
    }
  }

  // MARK: Ending

  /** Something broke: an error event, then an unclean close, as a browser reports a failed WebSocket. */
  #fail(message) {
    if (this.readyState === CLOSED) return;
    const opened = this.readyState !== CONNECTING;
    this.onerror?.({ type: 'error', message });
    // A session that opened and told us why it ends keeps that reason.
    const info = opened && this.closeInfo ? this.closeInfo : { code: ABNORMAL, reason: message };
    this.#finish({ ...info, wasClean: false });
  }

  #finish(event) {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    if (this.pingTimer !== null) this.timers.clear(this.pingTimer);
    if (this.upgradeTimer !== null) this.timers.clear(this.upgradeTimer);
    this.pingTimer = this.upgradeTimer = null;
    if (this.probe) {
      this.timers.clear(this.probe.timer);
      this.probe.ws.onclose = null;
      try { this.probe.ws.close(); } catch { /* already closed */ }
      this.probe = null;
    }
    if (this.ws) {
      const ws = this.ws;
      ws.onclose = null;
      ws.onmessage = null;
      try { ws.close(); } catch { /* already closed */ }
    }
    this.aborter?.abort();
    // Asynchronous like a WebSocket's close event: callers finish their own close() first.
    queueMicrotask(() => this.onclose?.({ type: 'close', ...event }));
  }
}

function positive(value, fallback) {
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function toArrayBuffer(bytes) {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

function summary(text) {
  const trimmed = (text ?? '').trim().slice(0, 120);
  return trimmed ? `: ${trimmed}` : '';
}
