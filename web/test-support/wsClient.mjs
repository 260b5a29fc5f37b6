// A minimal RFC 6455 client over node's `net` and `tls`, for tests that need what a browser
// will not do: choose the local address, send any header (a forged X-Forwarded-For, no
// Origin or a foreign one), stay silent, and watch how and when the connection ends. No npm
// package. Frames out are masked with a fresh key each; pings are answered with pongs (unless
// told not to); close frames and the socket's end are recorded with their times.

import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
export const Opcode = Object.freeze({ continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 });

/**
 * Opens `url` (ws:// or wss://). Resolves with a WebSocketClient once the server answered
 * 101 with the right Sec-WebSocket-Accept; rejects with `error.status` and `error.response`
 * (the head of the answer) when it answered anything else.
 *
 * @param {string} url
 * @param {object} [options]
 * @param {Record<string,string>} [options.headers] extra request headers (Origin, X-Forwarded-For, ...)
 * @param {string} [options.localAddress] the address to connect from (any of 127/8 on Linux loopback)
 * @param {string|Buffer} [options.ca] the certificate to trust for wss:// (verified, not ignored)
 * @param {boolean} [options.answerPings] answer pings with pongs (default true)
 * @param {number} [options.timeoutMs] for the connection and handshake
 */
export function connectWebSocket(url, { headers = {}, localAddress, ca, answerPings = true, timeoutMs = 5000 } = {}) {
  const target = new URL(url);
  const secure = target.protocol === 'wss:';
  const port = Number(target.port || (secure ? 443 : 80));
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const key = randomBytes(16).toString('base64');
  return new Promise((resolve, reject) => {
    const socket = secure
      ? tls.connect({ host, port, localAddress, ca, servername: net.isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'] })
      : net.connect({ host, port, localAddress });
    const timer = setTimeout(() => fail(new Error(`${url}: no handshake within ${timeoutMs} ms`)), timeoutMs);
    let head = Buffer.alloc(0);
    const fail = (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    socket.once('error', fail);
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      const lines = [
        `GET ${target.pathname}${target.search} HTTP/1.1`,
        `Host: ${target.host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${key}`,
        'Sec-WebSocket-Version: 13',
        ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    const onData = (chunk) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > 16_384) fail(new Error(`${url}: handshake answer too long`));
        return;
      }
      socket.off('data', onData);
      socket.off('error', fail);
      clearTimeout(timer);
      const text = head.subarray(0, end).toString('latin1');
      const [statusLine, ...headerLines] = text.split('\r\n');
      const status = Number(statusLine.split(' ')[1]);
      const answer = new Map(headerLines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
      }));
      const expected = createHash('sha1').update(key + GUID).digest('base64');
      if (status !== 101 || answer.get('sec-websocket-accept') !== expected) {
        socket.destroy();
        const error = new Error(`${url}: handshake refused: ${statusLine}`);
        error.status = status;
        error.response = text;
        reject(error);
        return;
      }
      resolve(new WebSocketClient(socket, head.subarray(end + 4), { answerPings, localPort: socket.localPort }));
    };
    socket.on('data', onData);
  });
}

export class WebSocketClient {
  constructor(socket, rest, { answerPings, localPort }) {
    this.socket = socket;
    this.answerPings = answerPings;
    /** The TCP port this end uses (what a server logs as the peer's port when it is the peer). */
    this.localPort = localPort;
    this.openedAt = performance.now();
    this.buffer = Buffer.alloc(0);
    this.fragments = null;
    /** Binary and text messages received, in order, as Buffers (text too). */
    this.messages = [];
    this.pings = 0;
    this.pongs = 0;
    /** The server's close frame as { code, reason, at }, or null. */
    this.closeFrame = null;
    /** When the socket closed (ms since open, performance.now based), or null while open. */
    this.closedAfterMs = null;
    this.error = null;
    this.onMessage = () => {};
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        this.closedAfterMs = performance.now() - this.openedAt;
        resolve({ afterMs: this.closedAfterMs, closeFrame: this.closeFrame, error: this.error });
      });
    });
    socket.on('error', (error) => {
      this.error = error;
    });
    socket.on('data', (chunk) => this.#receive(chunk));
    if (rest.length > 0) this.#receive(rest);
  }

  get isOpen() {
    return this.closedAfterMs === null;
  }

  sendBinary(bytes) {
    this.#send(Opcode.binary, Buffer.from(bytes));
  }

  sendText(text) {
    this.#send(Opcode.text, Buffer.from(text, 'utf8'));
  }

  /** Starts the closing handshake; the `closed` promise resolves when the socket is gone. */
  close(code = 1000, reason = '') {
    const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
    payload.writeUInt16BE(code, 0);
    payload.write(reason, 2);
    this.#send(Opcode.close, payload);
    setTimeout(() => this.socket.destroy(), 2000).unref();
    return this.closed;
  }

  /** Resolves with the first message (received so far or later) that `predicate` accepts. */
  waitForMessage(predicate, timeoutMs = 5000) {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such message within ${timeoutMs} ms (${this.messages.length} received)`)), timeoutMs);
      const previous = this.onMessage;
      this.onMessage = (message) => {
        previous(message);
        if (predicate(message)) {
          clearTimeout(timer);
          this.onMessage = previous;
          resolve(message);
        }
      };
    });
  }

  destroy() {
    this.socket.destroy();
  }

  #send(opcode, payload) {
    if (this.socket.destroyed) return;
    const length = payload.length;
    const extra = length < 126 ? 0 : length < 65_536 ? 2 : 8;
    const header = Buffer.alloc(2 + extra + 4);
    header[0] = 0x80 | opcode;
    if (extra === 0) {
      header[1] = 0x80 | length;
    } else if (extra === 2) {
      header[1] = 0x80 | 126;
      header.writeUInt16BE(length, 2);
    } else {
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(BigInt(length), 2);
    }
    const mask = randomBytes(4);
    mask.copy(header, 2 + extra);
    const masked = Buffer.alloc(length);
    for (let i = 0; i < length; i++) masked[i] = payload[i] ^ mask[i & 3];
    this.socket.write(Buffer.concat([header, masked]));
  }

  #receive(chunk) {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const fin = (this.buffer[0] & 0x80) !== 0;
      const opcode = this.buffer[0] & 0x0f;
      let length = this.buffer[1] & 0x7f;
      let offset = 2;
      if (this.buffer[1] & 0x80) {
        this.error = new Error('the server sent a masked frame');
        this.socket.destroy();
        return;
      }
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffer.length < offset + length) return;
      const payload = Buffer.from(this.buffer.subarray(offset, offset + length));
      this.buffer = this.buffer.subarray(offset + length);
      this.#frame(fin, opcode, payload);
    }
  }

  #frame(fin, opcode, payload) {
    switch (opcode) {
      case Opcode.ping:
        this.pings++;
        if (this.answerPings) this.#send(Opcode.pong, payload);
        return;
      case Opcode.pong:
        this.pongs++;
        return;
      case Opcode.close: {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        const reason = payload.length > 2 ? payload.subarray(2).toString('utf8') : '';
        if (this.closeFrame === null) {
          this.closeFrame = { code, reason, atMs: performance.now() - this.openedAt };
          this.#send(Opcode.close, payload.subarray(0, Math.min(payload.length, 2)));
        }
        this.socket.end();
        return;
      }
      case Opcode.continuation:
        if (this.fragments === null) return;
        this.fragments.push(payload);
        if (fin) {
          this.#message(Buffer.concat(this.fragments));
          this.fragments = null;
        }
        return;
      default:
        if (fin) this.#message(payload);
        else this.fragments = [payload];
    }
  }

  #message(bytes) {
    this.messages.push(bytes);
    this.onMessage(bytes);
  }
}
