// The recordings the server offers (/replays: [{ name, bytes, modified }]) made presentable:
// newest first, with a readable date and size. No DOM.

/** The entries, each { name, bytes, modified } (ms since 1970, or null), newest first. */
export function normalizeRecordings(json) {
  if (!Array.isArray(json)) throw new TypeError('the recording list is not a JSON array');
  const entries = json.map((item) => (typeof item === 'string'
    ? { name: item, bytes: null, modified: null }
    : { name: String(item.name), bytes: Number.isFinite(item.bytes) ? item.bytes : null, modified: Number.isFinite(item.modified) ? item.modified : null }));
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

/** Fetches and normalizes the list. */
export async function fetchRecordings(url = '/replays', fetchFn = fetch) {
  const response = await fetchFn(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return normalizeRecordings(await response.json());
}
