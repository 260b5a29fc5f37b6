// A real Transport over fake WebSockets and a fake clock, for the session tests (the game's
// and the replay page's): each socket records what it was sent, `receive` delivers bytes to
// the newest one, and timers (reconnect back-off) wait in `timers` until a test runs them.

import { Transport } from '../net/transport.js';
import { Backoff } from '../net/backoff.js';

export function fakeTransport(url) {
  const clock = { now: 1000 };
  const sockets = [];
  const timers = [];
  const transport = new Transport({
    url,
    openSocket: () => {
      const socket = {
        sent: [],
        send(bytes) { this.sent.push(bytes); },
        close(code, reason) { this.closedWith = { code, reason }; this.onclose({ code, reason }); },
      };
      sockets.push(socket);
      return socket;
    },
    backoff: new Backoff({ initialMs: 500, jitter: 0 }),
    timers: { set: (fn, ms) => timers.push({ fn, ms }), clear: () => {} },
    now: () => clock.now,
  });
  const receive = (bytes) => sockets.at(-1).onmessage({ data: bytes.slice().buffer });
  return { transport, sockets, clock, timers, receive };
}
