// The view hash (Swift's StateHash, Sources/Simulation/StateHash.swift): FNV-1a, 32 bits,
// over a little-endian byte string describing a quantized view:
//   the entity count (4 bytes), then for each entity in ascending id order its id (4),
//   its kind (1) and the code of each field of its kind's table (4 each).
// Math.imul multiplies modulo 2^32 exactly as Swift's &*, so both sides agree bit for bit.

export const FNV_OFFSET_BASIS = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

export class Fnv1a32 {
  constructor() {
    this.value = FNV_OFFSET_BASIS;
  }

  addByte(byte) {
    this.value = Math.imul(this.value ^ byte, FNV_PRIME) >>> 0;
  }

  /** Four bytes, least significant first. */
  addUint32(word) {
    this.addByte(word & 0xff);
    this.addByte((word >>> 8) & 0xff);
    this.addByte((word >>> 16) & 0xff);
    this.addByte(word >>> 24);
  }
}

/**
 * The hash of a view: `entities` in ascending id order, each { id, kind, codes } where
 * codes holds one code per field of the kind's table.
 */
export function viewHash(entities) {
  const hash = new Fnv1a32();
  hash.addUint32(entities.length);
  for (const entity of entities) {
    hash.addUint32(entity.id);
    hash.addByte(entity.kind);
    for (const code of entity.codes) hash.addUint32(code);
  }
  return hash.value;
}
