// The players' WebSocket address for the page at `location`: wss:// when the page came over
// https (browsers refuse ws:// from a secure page), and the join token, if the page's own URL
// carries one (`?token=...`, handed out by the game's backend), passed on as /play's `token`
// query parameter, the only place a browser can put it on a WebSocket handshake. A page may
// be pointed at another game server with `?server=HOST:PORT` (a matchmaker hands out one
// server of a fleet: an Agones GameServerAllocation's address and port); that server must
// then allow the page's origin (`game-server --allow-origin`).

/** `HOST`, `HOST:PORT` or `[IPv6]:PORT`, nothing else (no path, no credentials, no scheme). */
const AUTHORITY = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(:\d{1,5})?$/;

/** The host (and port) the page plays on: `?server=` if it is a valid authority, else the page's own. */
export function serverAuthority(location) {
  const server = new URLSearchParams(location.search).get('server');
  if (server && AUTHORITY.test(server)) {
    const port = server.match(/:(\d{1,5})$/);
    if (!port || Number(port[1]) <= 65535) return server;
  }
  return location.host;
}

/**
 * @param {{ protocol: string, host: string, search: string }} location the page's location
 * @returns {string}
 */
export function playURL(location) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const token = new URLSearchParams(location.search).get('token');
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}://${serverAuthority(location)}/play${query}`;
}

/**
 * The Engine.IO address the transport falls back to where WebSocket does not get through:
 * /engine.io/ on the page's own host, with the same join token (EngineIOSocket adds EIO,
 * transport and the cache-buster). `extra` adds the endpoint's own query (the replay's).
 */
export function engineIOURL(location, extra = {}) {
  const scheme = location.protocol === 'https:' ? 'https' : 'http';
  const query = new URLSearchParams(extra);
  const token = new URLSearchParams(location.search).get('token');
  if (token) query.set('token', token);
  const text = query.toString();
  return `${scheme}://${serverAuthority(location)}/engine.io/${text ? `?${text}` : ''}`;
}
