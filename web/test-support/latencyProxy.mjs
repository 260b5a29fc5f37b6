// A TCP proxy on loopback that delays each direction like a real network: every chunk is held
// for a one-way delay plus uniform jitter and never overtakes the one before (as TCP keeps
// order), so a browser test can run at a given round trip. The bots have the same model in
// Swift (Simulations/BotKit/SimulatedLink.swift). Everything passes through unchanged: the page,
// WebSocket upgrades and long-polling alike.

import { createServer, connect } from 'node:net';

/**
 * Starts the proxy on an ephemeral port in front of 127.0.0.1:`targetPort`.
 * @param {{ targetPort: number, delayMs: number, jitterMs?: number, seed?: number }} options
 * @returns {Promise<{ port: number, close(): Promise<void>, chunks(): number }>}
 */
export function startLatencyProxy({ targetPort, delayMs, jitterMs = 0, seed = 1 }) {
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32: a seeded, repeatable jitter.
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state / 2 ** 32;
  };
  let chunks = 0;
  const sockets = new Set();

  /**
   * Pipes `from` into `to` through the delay, in order: one queue per direction, drained by
   * one timer at a time (separate timers per chunk could fire out of order).
   */
  function delayed(from, to) {
    let lastDue = 0;
    const queue = [];
    let timer = null;
    let ended = false;
    const flush = () => {
      timer = null;
      const now = Date.now();
      while (queue.length > 0 && queue[0].due <= now) {
        const { chunk } = queue.shift();
        if (chunk === null) to.end(); else if (!to.destroyed) to.write(chunk);
      }
      if (queue.length > 0) timer = setTimeout(flush, Math.max(1, queue[0].due - now));
    };
    const push = (chunk) => {
      const due = chunk === null ? lastDue : Math.max(lastDue, Date.now() + delayMs + (random() * 2 - 1) * jitterMs);
      lastDue = due;
      queue.push({ due, chunk });
      if (timer === null) timer = setTimeout(flush, Math.max(1, queue[0].due - Date.now()));
    };
    from.on('data', (chunk) => {
      chunks++;
      push(chunk);
    });
    from.on('end', () => {
      if (!ended) push(null);
      ended = true;
    });
    from.on('error', () => to.destroy());
  }

  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    delayed(client, upstream);
    delayed(upstream, client);
    const forget = () => { sockets.delete(client); sockets.delete(upstream); };
    client.on('close', () => { forget(); upstream.destroy(); });
    upstream.on('close', () => { forget(); client.destroy(); });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({
      port: server.address().port,
      chunks: () => chunks,
      close: () => new Promise((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
    }));
  });
}
