// Engine.IO protocol 4 polling payloads, the browser's half of Sources/EngineIO: packets as
// { type, data } (type one of open, close, ping, pong, text, binary, upgrade, noop; binary data
// a Uint8Array), joined by the record separator U+001E, binary as `b` + base64. Checked against
// the same vectors as the Swift side (web/test/vectors/engineio.json).

export const SEPARATOR = '\u001e';
const TYPES = ['open', 'close', 'ping', 'pong', 'text', 'upgrade', 'noop'];
const DIGIT = Object.fromEntries(TYPES.map((type, index) => [type, String(index)]));
const EMPTY = new Set(['close', 'upgrade', 'noop']);

function toBase64(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text) {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    throw new Error('binary packet is not valid base64');
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** One packet's text form. */
export function encodePacket({ type, data = '' }) {
  if (type === 'binary') return `b${toBase64(data)}`;
  if (!(type in DIGIT)) throw new Error(`unknown packet type ${type}`);
  return EMPTY.has(type) ? DIGIT[type] : DIGIT[type] + data;
}

/** A polling payload from packets. */
export function encodePayload(packets) {
  return packets.map(encodePacket).join(SEPARATOR);
}

/** One packet from its text form; throws with a reason on anything malformed. */
export function decodePacket(text) {
  if (text.length === 0) throw new Error('an empty packet');
  const data = text.slice(1);
  if (text[0] === 'b') return { type: 'binary', data: fromBase64(data) };
  const type = /^[0-6]$/.test(text[0]) ? TYPES[Number(text[0])] : undefined;
  if (!type) throw new Error(`unknown packet type '${text[0]}'`);
  if (EMPTY.has(type)) {
    if (data.length > 0) throw new Error(`${type} carries no data`);
    return { type, data: '' };
  }
  return { type, data };
}

/** The packets of a polling payload (a GET body); throws on the first malformed one. */
export function decodePayload(text) {
  if (text.length === 0) throw new Error('an empty payload');
  return text.split(SEPARATOR).map(decodePacket);
}
