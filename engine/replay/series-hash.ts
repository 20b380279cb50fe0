import type { SignalBus, ValueListener } from '../bus/signal-bus';
import { forEachValueInOrder, valuesIn, type ValueRun } from '../bus/value-runs';
import { Fnv1a64 } from '../book/fnv1a64';
import { SeriesKeyTable } from '../bus/series-key-table';
import type { StreamInfo } from '../model/events';

/** FNV-1a 64 offset basis, as its high and low words (the hasher's starting state). */
const FNV_OFFSET_HI = 0xcbf29ce4;
const FNV_OFFSET_LO = 0x84222325;

/** High word of the bit pattern every NaN is hashed as (the quiet NaN 0x7ff8000000000000). */
const CANONICAL_NAN_HI = 0x7ff80000;

/**
 * Fingerprint of an emitted series, as a bus value listener. Each row
 * `(ts_us, processor, venue, symbol, name, value)` contributes six 32-bit words, in this
 * order: the little-endian float64 bits of `ts_us` (low word, then high), the FNV-1a 64 of the
 * UTF-8 key text `processor,venue,symbol,name` (low, then high), and the float64 bits of
 * `value` (low, then high; every NaN as 0x7ff8000000000000, −0 as 0). The digest
 * is FNV-1a 64 run over those words — one xor and one multiply by the FNV prime per word —
 * from the FNV offset basis. Order matters (replay order is part of determinism), and every
 * step is a bijection of the state, so any single changed word changes the digest.
 *
 * Reproducible from the series as `tickbench replay --out` writes it (the numbers there are
 * shortest round-trip text, so parsing them gives the same bits back): the CLI tests recompute
 * it that way with BigInt arithmetic. The key's hash is computed once per (processor, stream,
 * name), nothing is formatted; the FNV steps are the `FnvRows` given — in JavaScript ~30 ns per
 * row on the 2-core VM; in WebAssembly (`engine/replay/node/wasm-series-fnv.ts`) ~8 per row,
 * or ~11 per value for a whole kernel run ({@link SeriesHasher.onRuns}: the merge in
 * publication order, the key lookups and the steps in one call, where the JavaScript merge and
 * calls cost ~25 ns per value).
 */
export class SeriesHasher implements ValueListener, SeriesKeys {
  private n = 0;
  private readonly keys: SeriesKeyTable;
  /** The FNV-1a 64 of each key's text, by key id: low word at `2 · id`, high word after it. */
  private words = new Uint32Array(128);

  constructor(
    private readonly bus: SignalBus,
    streams: readonly StreamInfo[],
    private readonly fnv: FnvRows = new JsFnvRows(),
  ) {
    this.keys = new SeriesKeyTable(bus, streams);
    fnv.reset();
  }

  onValue(tsUs: number, processorIdx: number, streamId: number, nameIdx: number, value: number): void {
    const at = 2 * this.keyId(processorIdx, streamId, nameIdx);
    const words = this.words;
    this.fnv.row(tsUs, words[at] as number, words[at + 1] as number, value);
    this.n++;
  }

  /**
   * A kernel run's values at once: in one call to the FNV steps where they take runs (the
   * WebAssembly ones), else value by value. The same rows in the same order either way.
   */
  onRuns(runs: readonly ValueRun[], from: number, to: number): void {
    if (this.fnv.runs?.(runs, from, to, this) === true) this.n += valuesIn(runs);
    else forEachValueInOrder(runs, from, to, this);
  }

  get nameCount(): number {
    return this.bus.names.size;
  }

  get streamCount(): number {
    return this.keys.stride;
  }

  keyInto(processorIdx: number, streamId: number, nameIdx: number, out: Uint32Array, at: number): void {
    const k = 2 * this.keyId(processorIdx, streamId, nameIdx);
    out[at] = this.words[k] as number;
    out[at + 1] = this.words[k + 1] as number;
  }

  /** Rows hashed. */
  get rows(): number {
    return this.n;
  }

  /** 16 hex digits. */
  digest(): string {
    const fnv = this.fnv;
    return (fnv.high() >>> 0).toString(16).padStart(8, '0') + (fnv.low() >>> 0).toString(16).padStart(8, '0');
  }

  /** The key's id, its hash computed on first use (from the text `processor,venue,symbol,name`). */
  private keyId(processorIdx: number, streamId: number, nameIdx: number): number {
    const keys = this.keys;
    const id = keys.find(processorIdx, streamId, nameIdx);
    if (id >= 0) return id;
    const added = keys.add(processorIdx, streamId, nameIdx);
    if (2 * added + 1 >= this.words.length) {
      const grown = new Uint32Array(2 * this.words.length);
      grown.set(this.words);
      this.words = grown;
    }
    const text = `${keys.processor(processorIdx)},${keys.venue(streamId)},${keys.symbol(streamId)},${keys.name(nameIdx)}`;
    const [hi, lo] = new Fnv1a64().str(text).words();
    this.words[2 * added] = lo;
    this.words[2 * added + 1] = hi;
    return added;
  }
}

/**
 * The FNV-1a 64 steps of {@link SeriesHasher}: one row of six 32-bit words per call — the
 * float64 bits of `tsUs` (low word, then high), the key's hash words, the float64 bits of
 * `value` (every NaN as 0x7ff8000000000000, −0 as 0) — from the offset basis after `reset`.
 */
export interface FnvRows {
  reset(): void;
  row(tsUs: number, keyLo: number, keyHi: number, value: number): void;
  /** The state's high and low words (unsigned 32-bit). */
  high(): number;
  low(): number;
  /**
   * Optional: the rows of a kernel run's values, in publication order (`forEachValueInOrder`),
   * each row's key hash from `keys`. Returns false, having hashed nothing, when it cannot take
   * these runs (too many values at once): the caller then hashes them row by row.
   */
  runs?(runs: readonly ValueRun[], from: number, to: number, keys: SeriesKeys): boolean;
}

/** The hashes of the series keys `processor,venue,symbol,name`, as {@link SeriesHasher} has them. */
export interface SeriesKeys {
  /** Series names interned so far (name indices are below it). */
  readonly nameCount: number;
  /** Streams of the session (stream ids of the table are below it). */
  readonly streamCount: number;
  /** Writes the key's FNV-1a 64 to `out[at]` (low word) and `out[at + 1]` (high word). */
  keyInto(processorIdx: number, streamId: number, nameIdx: number, out: Uint32Array, at: number): void;
}

/** {@link FnvRows} in JavaScript: the 64-bit multiply in 16-bit pieces. */
export class JsFnvRows implements FnvRows {
  private hi = FNV_OFFSET_HI;
  private lo = FNV_OFFSET_LO;
  private readonly bits = new Float64Array(1);
  private readonly words = new Uint32Array(this.bits.buffer);
  /** The six words of the row being hashed. */
  private readonly words6 = new Uint32Array(6);

  reset(): void {
    this.hi = FNV_OFFSET_HI;
    this.lo = FNV_OFFSET_LO;
  }

  row(tsUs: number, keyLo: number, keyHi: number, value: number): void {
    const bits = this.bits;
    const words = this.words;
    const row = this.words6;
    bits[0] = tsUs;
    row[0] = words[0] as number;
    row[1] = words[1] as number;
    row[2] = keyLo;
    row[3] = keyHi;
    if (value === value) {
      // −0 as 0: the CSV text of both is `0`, so the hash stays reproducible from the file.
      bits[0] = value === 0 ? 0 : value;
      row[4] = words[0] as number;
      row[5] = words[1] as number;
    } else {
      row[4] = 0;
      row[5] = CANONICAL_NAN_HI;
    }
    let hi = this.hi;
    let lo = this.lo;
    for (let k = 0; k < 6; k++) {
      // lo ^= w, then (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64 in int32 arithmetic: the low
      // word times 0x1b3 in 16-bit halves (each product < 2^25), the 2^40 term is lo << 8.
      const x = lo ^ (row[k] as number);
      const p1 = (x & 0xffff) * 0x1b3;
      const mid = (x >>> 16) * 0x1b3 + (p1 >>> 16);
      lo = ((mid << 16) | (p1 & 0xffff)) >>> 0;
      hi = (Math.imul(hi, 0x1b3) + (mid >>> 16) + (x << 8)) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
  }

  high(): number {
    return this.hi;
  }

  low(): number {
    return this.lo;
  }
}
