// The players' WebSocket address for the page at `location`: wss:// when the page came over
// https (browsers refuse ws:// from a secure page), and the join token, if the page's own URL
// carries one (`?token=...`, handed out by the game's backend), passed on as /play's `token`
// query parameter, the only place a browser can put it on a WebSocket handshake.

/**
 * @param {{ protocol: string, host: string, search: string }} location the page's location
 * @returns {string}
 */
export function playURL(location) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const token = new URLSearchParams(location.search).get('token');
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}://${location.host}/play${query}`;
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
  return `${scheme}://${location.host}/engine.io/${text ? `?${text}` : ''}`;
}
