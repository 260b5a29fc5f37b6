// The client side of snapshots: the JS mirror of Sources/Simulation/ViewReconstructor.swift
// and of the layout in Sources/Wire/Messages/SnapshotHeader.swift (PROTOCOL.md, "Snapshot").
//
// A ViewReconstructor applies a welcome, then every snapshot in order, and keeps the world
// they describe. It trusts nothing: each snapshot must be a delta from exactly the last one
// applied (or full), may only name entities the view holds (or, entering, does not), and
// must decode strictly; otherwise it throws WireError or SnapshotError and the view is left
// as it was. A view hash, when present, is checked: mismatches are counted
// (hashMismatches, lastMismatchTick) and returned in the result, never ignored.

import { BitReader, WireError, WireErrorKind } from './bits.js';
import { QuantizedRange } from './quantize.js';
import { decodeMessage, MessageType } from './messages.js';
import { viewHash } from './hash.js';

/** Fields narrower than this always send raw codes in the changed section. */
export const DELTA_CODING_MIN_BITS = 6;

const UINT32_MAX = 0xffff_ffff;

/** Snapshots that decode but do not fit the view: Swift's SnapshotError, same names. */
export const SnapshotErrorKind = Object.freeze({
  notWelcomed: 'notWelcomed',
  baselineMismatch: 'baselineMismatch',
  unknownEntity: 'unknownEntity',
  duplicateEntity: 'duplicateEntity',
  emptyChangeMask: 'emptyChangeMask',
  unchangedField: 'unchangedField',
});

export class SnapshotError extends Error {
  /** @param {string} kind one of SnapshotErrorKind; details: { id, field, expected, received } */
  constructor(kind, details = {}) {
    super(`${kind} ${JSON.stringify(details)}`);
    this.name = 'SnapshotError';
    this.kind = kind;
    Object.assign(this, details);
  }
}

function outOfRange(bitOffset, value, limit) {
  return new WireError(WireErrorKind.valueOutOfRange, bitOffset, { value: BigInt(value), limit: BigInt(limit) });
}

// MARK: Layout (SnapshotHeader.swift)

/** Width of a delta's baselineCheck: the low bits of its baseline tick (SnapshotHeader.baselineCheckBits). */
export const BASELINE_CHECK_BITS = 8;

/**
 * The baseline tick a delta's check names, seen from a client whose last applied tick is
 * `reference` (0 when it has none): the tick nearest it with those low bits.
 */
export function baselineTickFromCheck(check, reference) {
  const span = 2 ** BASELINE_CHECK_BITS;
  const up = (check - reference) & (span - 1);
  const distance = up >= span / 2 ? up - span : up;
  return (reference + distance) >>> 0;
}

/**
 * baselineAge (varuint, 0 = full) · full: tick (32 bits) · delta: baselineCheck (low bits of
 * the baseline tick; tick = baseline + age) · lastInputSequence (relative).
 */
function readHeader(r, baselineInputSequence, receiverTick) {
  const start = r.bitCount;
  const age = r.varUint(0);
  if (age > UINT32_MAX) throw outOfRange(start, age, UINT32_MAX);
  let tick;
  let baselineTick = null;
  if (age === 0) {
    tick = r.readUint(32);
  } else {
    baselineTick = baselineTickFromCheck(r.readUint(BASELINE_CHECK_BITS), receiverTick ?? 0);
    tick = (baselineTick + age) >>> 0;
  }
  const lastInputSequence = r.relative(0, baselineTick === null ? 0 : baselineInputSequence, 32);
  return { tick, baselineTick, lastInputSequence };
}

/** The changed section's count, in its list coding: a varuint. */
function readCount(r) {
  const start = r.bitCount;
  const count = r.varUint(0);
  if (count > UINT32_MAX) throw outOfRange(start, count, UINT32_MAX);
  return count;
}

/** A left or entered section's count: a flag, 0 = empty; 1 = count − 1 follows as a varuint. */
function readSectionCount(r) {
  if (!r.readBool()) return 0;
  const start = r.bitCount;
  const rest = r.varUint(0);
  if (rest > UINT32_MAX - 1) throw outOfRange(start, rest, UINT32_MAX - 1);
  return rest + 1;
}

/** An id in an ascending list: the first as itself, later ones as id − previous − 1. */
function readEntityID(r, previous) {
  const start = r.bitCount;
  const base = previous === null ? 0 : previous + 1;
  const gap = r.varUint(0);
  const limit = Math.max(0, UINT32_MAX - base);
  if (base > UINT32_MAX || gap > limit) throw outOfRange(start, gap, limit);
  return base + gap;
}

/** A changed field: [flag: 1 = varint delta, 0 = raw code] for wide fields, else raw code. */
function readChangedCode(r, old, range) {
  const start = r.bitCount;
  const useDelta = range.bits >= DELTA_CODING_MIN_BITS ? r.readBool() : false;
  if (!useDelta) return r.readRanged(0, range.maxCode);
  const sum = BigInt(old) + r.varIntBig(0n);
  if (sum < 0n || sum > BigInt(range.maxCode)) throw outOfRange(start, BigInt.asUintN(64, sum), range.maxCode);
  return Number(sum);
}

// MARK: Reconstructor

export class ViewReconstructor {
  constructor() {
    /** The decoded welcome, null before it. */
    this.welcome = null;
    /** Per kind: { name, fieldNames, ranges } (QuantizedRange per field). */
    this.kinds = [];
    /** Entities in ascending id order: { id, kind, codes, values }. Replaced, not mutated. */
    this.entities = [];
    this.byID = new Map();
    this.tick = null;
    this.lastInputSequence = 0;
    this.snapshotsApplied = 0;
    this.hashesChecked = 0;
    this.hashMismatches = 0;
    this.lastMismatchTick = null;
  }

  /** Starts over with a decoded welcome (messages.js): empty view, next snapshot full. */
  applyWelcome(welcome) {
    this.welcome = welcome;
    this.kinds = welcome.game.kinds.map((table) => ({
      name: table.name,
      fieldNames: table.fields.map((f) => f.name),
      ranges: table.fields.map((f) => new QuantizedRange({ min: f.min, max: f.max, step: f.step })),
    }));
    this.#replace([]);
    this.tick = null;
    this.lastInputSequence = 0;
  }

  /** Decodes and applies a welcome message's bytes. */
  applyWelcomeBytes(bytes) {
    this.applyWelcome(decodeMessage(bytes, 'welcome').value);
  }

  /**
   * Decodes a snapshot message (type byte included), checks it and applies it. Returns
   * { tick, baselineTick, lastInputSequence, entered, left, changed, hash, hashMatched }.
   */
  applySnapshot(bytes) {
    if (this.welcome === null) throw new SnapshotError(SnapshotErrorKind.notWelcomed);
    const r = new BitReader(bytes);
    const type = r.readUint(8);
    if (type !== MessageType.snapshot) throw new WireError(WireErrorKind.unexpectedMessageType, 0, { type });
    const header = readHeader(r, this.lastInputSequence, this.tick);
    if (header.baselineTick !== null && header.baselineTick !== this.tick) {
      throw new SnapshotError(SnapshotErrorKind.baselineMismatch, { expected: this.tick, received: header.baselineTick });
    }
    const old = header.baselineTick === null ? [] : this.entities;
    const left = this.#readLeft(r, old);
    const entered = this.#readEntered(r, old);
    const changed = this.#readChanged(r, old, left);
    const hash = r.readBool() ? r.readUint(32) : null;
    r.finish();

    this.#replace(this.#merge(old, left, entered, changed));
    this.tick = header.tick;
    this.lastInputSequence = header.lastInputSequence;
    this.snapshotsApplied++;
    let hashMatched = null;
    if (hash !== null) {
      this.hashesChecked++;
      hashMatched = viewHash(this.entities) === hash;
      if (!hashMatched) {
        this.hashMismatches++;
        this.lastMismatchTick = header.tick;
      }
    }
    return { ...header, entered: entered.length, left: left.length, changed: changed.size, hash, hashMatched };
  }

  /** The entity with this id, or undefined. */
  entity(id) {
    return this.byID.get(id);
  }

  /** The view hash of what this client holds now. */
  get viewHash() {
    return viewHash(this.entities);
  }

  #readLeft(r, old) {
    const ids = [];
    let previous = null;
    let cursor = 0;
    for (let n = readSectionCount(r); n > 0; n--) {
      const id = readEntityID(r, previous);
      previous = id;
      while (cursor < old.length && old[cursor].id < id) cursor++;
      if (cursor === old.length || old[cursor].id !== id) throw new SnapshotError(SnapshotErrorKind.unknownEntity, { id });
      ids.push(id);
    }
    return ids;
  }

  #readEntered(r, old) {
    const entered = [];
    let previous = null;
    let cursor = 0;
    for (let n = readSectionCount(r); n > 0; n--) {
      const id = readEntityID(r, previous);
      previous = id;
      while (cursor < old.length && old[cursor].id < id) cursor++;
      if (cursor < old.length && old[cursor].id === id) throw new SnapshotError(SnapshotErrorKind.duplicateEntity, { id });
      const kind = r.readRanged(0, this.kinds.length - 1);
      const codes = this.kinds[kind].ranges.map((range) => r.readRanged(0, range.maxCode));
      entered.push(this.#entity(id, kind, codes));
    }
    return entered;
  }

  /**
   * The changed section: a flag, then a list (count; per entity its id gap and entry) or a
   * bitmap (per survivor of `old`, in id order, a bit; 1 = its entry follows). Returns a Map
   * from index in `old` to the entity's new record.
   */
  #readChanged(r, old, left) {
    const changed = new Map();
    if (r.readBool()) {
      let leftCursor = 0;
      for (let cursor = 0; cursor < old.length; cursor++) {
        if (leftCursor < left.length && left[leftCursor] === old[cursor].id) {
          leftCursor++;
          continue;
        }
        if (r.readBool()) changed.set(cursor, this.#readChange(r, old[cursor]));
      }
      return changed;
    }
    let previous = null;
    let cursor = 0;
    let leftCursor = 0;
    for (let n = readCount(r); n > 0; n--) {
      const id = readEntityID(r, previous);
      previous = id;
      while (cursor < old.length && old[cursor].id < id) cursor++;
      if (cursor === old.length || old[cursor].id !== id) throw new SnapshotError(SnapshotErrorKind.unknownEntity, { id });
      while (leftCursor < left.length && left[leftCursor] < id) leftCursor++;
      if (leftCursor < left.length && left[leftCursor] === id) throw new SnapshotError(SnapshotErrorKind.duplicateEntity, { id });
      changed.set(cursor, this.#readChange(r, old[cursor]));
    }
    return changed;
  }

  /** One changed entity's mask and codes: its new record. */
  #readChange(r, entity) {
    const { id } = entity;
    const ranges = this.kinds[entity.kind].ranges;
    const mask = r.readUint(ranges.length);
    if (mask === 0) throw new SnapshotError(SnapshotErrorKind.emptyChangeMask, { id });
    const codes = entity.codes.slice();
    for (let field = 0; field < ranges.length; field++) {
      if ((mask & (1 << field)) === 0) continue;
      const code = readChangedCode(r, codes[field], ranges[field]);
      if (code === codes[field]) throw new SnapshotError(SnapshotErrorKind.unchangedField, { id, field });
      codes[field] = code;
    }
    return this.#entity(id, entity.kind, codes);
  }

  #entity(id, kind, codes) {
    const ranges = this.kinds[kind].ranges;
    return { id, kind, codes, values: codes.map((code, field) => ranges[field].decode(code)) };
  }

  /** old without `left`, with `changed` applied, merged by id with `entered`. */
  #merge(old, left, entered, changed) {
    const next = [];
    let i = 0;
    let e = 0;
    let l = 0;
    while (i < old.length || e < entered.length) {
      if (e < entered.length && (i === old.length || entered[e].id < old[i].id)) {
        next.push(entered[e++]);
        continue;
      }
      if (l < left.length && left[l] === old[i].id) l++;
      else next.push(changed.get(i) ?? old[i]);
      i++;
    }
    return next;
  }

  #replace(entities) {
    this.entities = entities;
    this.byID = new Map(entities.map((entity) => [entity.id, entity]));
  }
}
