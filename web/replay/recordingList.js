// The recordings the server offers (/replays: [{ name, bytes, modified, … }]) made
// presentable: newest first, with a readable date, size and what the match was. No DOM.

const finite = (value) => (Number.isFinite(value) ? value : null);

/**
 * The entries, newest first, each { name, bytes, modified } (ms since 1970, or null) and what
 * the server read from the file: `complete` (the match ended cleanly: true, false, or null when
 * not described), `seconds` and `players` (complete matches), `names`, and `error` (unreadable).
 */
export function normalizeRecordings(json) {
  if (!Array.isArray(json)) throw new TypeError('the recording list is not a JSON array');
  const entries = json.map((item) => {
    if (typeof item === 'string') return { name: item, bytes: null, modified: null, complete: null, seconds: null, players: null, names: [], error: null };
    const ticks = finite(item.ticks);
    const tickRate = finite(item.tickRate);
    return {
      name: String(item.name),
      bytes: finite(item.bytes),
      modified: finite(item.modified),
      complete: typeof item.complete === 'boolean' ? item.complete : null,
      seconds: ticks !== null && tickRate ? ticks / tickRate : null,
      players: finite(item.players),
      names: Array.isArray(item.names) ? item.names.map(String) : [],
      error: typeof item.error === 'string' ? item.error : null,
    };
  });
  return entries.sort((a, b) => (b.modified ?? -Infinity) - (a.modified ?? -Infinity) || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/** "812 B", "12.3 kB", "4.1 MB". */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return '';
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** "2026-11-22 14:05" in local time, or '' when unknown. */
export function formatDate(ms, timeZoneOffsetMinutes = new Date(ms).getTimezoneOffset()) {
  if (ms === null || ms === undefined) return '';
  const local = new Date(ms - timeZoneOffsetMinutes * 60_000);
  return local.toISOString().slice(0, 16).replace('T', ' ');
}

/** "0:42" or "12:05": minutes and seconds of match time. */
export function formatDuration(seconds) {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** One line on the match: "3 players · 2:15 · ann, bo, cy", "still running or cut off", "unreadable: …". */
export function describeRecording(entry) {
  if (entry.error) return `unreadable: ${entry.error}`;
  if (entry.complete === false) return 'still running or cut off';
  if (entry.complete !== true) return '';
  const parts = [`${entry.players} player${entry.players === 1 ? '' : 's'}`, formatDuration(entry.seconds ?? 0)];
  if (entry.names.length > 0) parts.push(entry.names.join(', ') + (entry.players > entry.names.length ? ', …' : ''));
  return parts.join(' · ');
}

/** Fetches and normalizes the list. */
export async function fetchRecordings(url = '/replays', fetchFn = fetch) {
  const response = await fetchFn(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return normalizeRecordings(await response.json());
}
