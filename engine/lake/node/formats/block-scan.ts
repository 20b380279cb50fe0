import { indexOfByte } from '../bytes';
import { FusedScanner } from './fused-scan';
import { StreamMatcher } from './stream-match';

/*
 * The byte work of the fast path, on a whole block of lines, with no parser state: it runs on a
 * parse worker. It splits the lines, scans each with a `FusedScanner`, reads the side word and
 * names the line's stream by a block-local id; the importing thread then stages the lines in
 * file order (`CsvParser.onBlock`), checking what only it knows (the file's streams and
 * timestamp units) and running the general path on every line not marked plain here. Marking a
 * line "general" is always safe: the fast path computes exactly what the general path does.
 */

/** In {@link BlockPlan.out}: the staged column is the side word (+1 buy, -1 sell). */
export const SIDE_OUT = -1;
/** Most streams a block names (lines of further streams take the general path). */
const MAX_BLOCK_STREAMS = 64;

/** What a parse worker needs to scan a format's plain lines (plain data, sent once per file). */
export interface BlockPlan {
  /** The `FusedScanner` action of each column, in file order (its length is the field count). */
  readonly plan: Uint8Array;
  readonly venueCol: number;
  readonly symbolCol: number;
  /** Column of the side word (`buy`/`sell`), -1 when the format has none. */
  readonly sideCol: number;
  /** The column read into each staged column, in the kind's column order ({@link SIDE_OUT}: the side). */
  readonly out: readonly number[];
}

/** A line's status in a {@link ParsedBlock}. */
export const LINE_GENERAL = 0;
export const LINE_PLAIN = 1;

/** A block of lines as scanned off-thread: per line, offsets into the block and, for plain lines, the staged values. */
export interface ParsedBlock {
  /** Lines in the block (a last line without newline counts). */
  readonly lines: number;
  /** Line i is `block[starts[i], ends[i])`, without newline and trailing CR. */
  readonly starts: Int32Array<SharedArrayBuffer>;
  readonly ends: Int32Array<SharedArrayBuffer>;
  /** {@link LINE_PLAIN} or {@link LINE_GENERAL}, per line. */
  readonly status: Uint8Array<SharedArrayBuffer>;
  /** Block-local stream id of each plain line: an index into `venues` / `symbols`. */
  readonly streams: Uint8Array<SharedArrayBuffer>;
  readonly venues: readonly string[];
  readonly symbols: readonly string[];
  /** Plain line i's staged values are `values[i * out.length + k]`. */
  readonly values: Float64Array<SharedArrayBuffer>;
  /** Unit code (`unitCodeOf`) of each column's timestamps in plain lines; -2 none seen. */
  readonly units: Int8Array;
}

const LF = 10;
const CR = 13;

/** Scans blocks of one file's lines by a {@link BlockPlan} (one instance per worker and file). */
export class BlockScanner {
  private readonly scanner: FusedScanner;
  private readonly stride: number;

  /** Index into `scanned` of each staged column. */
  private readonly pick: Int32Array;
  /** The scanner's values (it writes them there) and, last, the side. */
  private readonly scanned: Float64Array;

  constructor(private readonly plan: BlockPlan) {
    this.scanner = new FusedScanner(plan.plan, [], true);
    this.scanned = this.scanner.values;
    this.stride = plan.out.length;
    this.pick = Int32Array.from(plan.out, (c) => (c === SIDE_OUT ? plan.plan.length : c));
  }

  /**
   * Scans `buf`: whole lines, each ending with a newline except perhaps the last. Each
   * timestamp column's unit is the one of its first value in the block (values in another unit
   * are left to the general path); the importing thread checks it against the file's.
   * @param reuse a block already staged, whose typed arrays are filled again (saves allocating
   *   and collecting ~1 MB per block)
   */
  scan(buf: Uint8Array, reuse?: ParsedBlock): ParsedBlock {
    const sc = this.scanner;
    sc.unitCodes.fill(-2);
    const { venueCol, symbolCol, sideCol } = this.plan;
    const stride = this.stride;
    const pick = this.pick;
    // The scanner's values plus the side, so that copying a row's values is one gather.
    const scanned = this.scanned;
    const sideAt = scanned.length - 1;
    const out = blockArrays(reuse, (buf.length >> 5) + 16, stride);
    const matcher = new StreamMatcher<number>(MAX_BLOCK_STREAMS);
    const venues: string[] = [];
    const symbols: string[] = [];
    const text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let n = 0;
    let start = 0;
    while (start < buf.length) {
      const nl = indexOfByte(view, buf, start, buf.length, LF);
      const next = nl + 1;
      const end = nl > start && buf[nl - 1] === CR ? nl - 1 : nl;
      out.ensure(n + 1);
      const { starts, ends, status, streams, values } = out;
      const s = start;
      const i = n++;
      starts[i] = s;
      ends[i] = end;
      status[i] = LINE_GENERAL;
      start = next;
      // Blank lines (and the header, which never scans) are the general path's business.
      if (end <= s || !sc.scan(buf, s, end)) continue;
      if (sideCol >= 0) {
        const side = sideOf(buf, sc.starts[sideCol] ?? 0, sc.ends[sideCol] ?? 0);
        if (side === 0) continue;
        scanned[sideAt] = side;
      }
      const vs = sc.starts[venueCol] ?? 0;
      const ve = sc.ends[venueCol] ?? 0;
      const ss = sc.starts[symbolCol] ?? 0;
      const se = sc.ends[symbolCol] ?? 0;
      let id = matcher.find(sc.view, vs, ve, ss, se);
      if (id === undefined) {
        if (venues.length >= MAX_BLOCK_STREAMS) continue;
        id = venues.length;
        venues.push(text.toString('latin1', vs, ve));
        symbols.push(text.toString('latin1', ss, se));
        matcher.add(venues[id] ?? '', symbols[id] ?? '', id);
      }
      streams[i] = id;
      const base = i * stride;
      for (let k = 0; k < stride; k++) values[base + k] = scanned[pick[k] ?? 0] ?? Number.NaN;
      status[i] = LINE_PLAIN;
    }
    return { ...out.block(n), venues, symbols, units: Int8Array.from(sc.unitCodes) };
  }
}

/** The line arrays of a block being scanned: those of `reuse` when given, grown as needed. */
export interface BlockArrays {
  starts: Int32Array<SharedArrayBuffer>;
  ends: Int32Array<SharedArrayBuffer>;
  status: Uint8Array<SharedArrayBuffer>;
  streams: Uint8Array<SharedArrayBuffer>;
  values: Float64Array<SharedArrayBuffer>;
  /** Makes room for `lines` lines (doubling), keeping what is written. */
  ensure(lines: number): void;
  /** The first `lines` lines of each array. */
  block(lines: number): Pick<ParsedBlock, 'lines' | 'starts' | 'ends' | 'status' | 'streams' | 'values'>;
}

/**
 * Line arrays for a block: `reuse`'s buffers (a block already staged, filled again: saves
 * allocating and collecting ~1 MB per block) or new ones for `lines` lines of `stride` values.
 */
export function blockArrays(reuse: ParsedBlock | undefined, lines: number, stride: number): BlockArrays {
  let cap = lines;
  const a: BlockArrays = {
    starts: sharedInt32(0),
    ends: sharedInt32(0),
    status: sharedUint8(0),
    streams: sharedUint8(0),
    values: sharedFloat64(0),
    ensure(n: number): void {
      if (n <= cap) return;
      while (cap < n) cap *= 2;
      a.starts = grow(a.starts, sharedInt32(cap));
      a.ends = grow(a.ends, sharedInt32(cap));
      a.status = grow(a.status, sharedUint8(cap));
      a.streams = grow(a.streams, sharedUint8(cap));
      a.values = grow(a.values, sharedFloat64(cap * stride));
    },
    block: (n) => ({
      lines: n,
      starts: a.starts.subarray(0, n),
      ends: a.ends.subarray(0, n),
      status: a.status.subarray(0, n),
      streams: a.streams.subarray(0, n),
      values: a.values.subarray(0, n * stride),
    }),
  };
  if (reuse !== undefined) {
    a.starts = new Int32Array(reuse.starts.buffer);
    a.ends = new Int32Array(reuse.ends.buffer);
    a.status = new Uint8Array(reuse.status.buffer);
    a.streams = new Uint8Array(reuse.streams.buffer);
    a.values = new Float64Array(reuse.values.buffer);
    cap = Math.min(
      a.starts.length,
      a.ends.length,
      a.status.length,
      a.streams.length,
      (a.values.length / stride) | 0,
    );
    if (cap === 0) cap = 1;
    a.ensure(lines);
  } else {
    a.starts = sharedInt32(cap);
    a.ends = sharedInt32(cap);
    a.status = sharedUint8(cap);
    a.streams = sharedUint8(cap);
    a.values = sharedFloat64(cap * stride);
  }
  return a;
}

/*
 * A block's arrays live in shared memory so that blocks go to the parse workers and back
 * without a transfer: transferring an ArrayBuffer detaches it, and the first detach in a
 * thread invalidates V8's "no ArrayBuffer was ever detached" assumption there for good — from
 * then on every typed-array access of that thread's optimized code checks for it. After one
 * import on parse workers, a replay in the same process ran ~15 % slower (the UI's server
 * imports and replays in one process).
 */
function sharedInt32(n: number): Int32Array<SharedArrayBuffer> {
  return new Int32Array(new SharedArrayBuffer(4 * n));
}
function sharedUint8(n: number): Uint8Array<SharedArrayBuffer> {
  return new Uint8Array(new SharedArrayBuffer(n));
}
function sharedFloat64(n: number): Float64Array<SharedArrayBuffer> {
  return new Float64Array(new SharedArrayBuffer(8 * n));
}

function grow<
  T extends Int32Array<SharedArrayBuffer> | Uint8Array<SharedArrayBuffer> | Float64Array<SharedArrayBuffer>,
>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** +1 for exactly `buy`, -1 for exactly `sell`, else 0 (other spellings take the general path). */
function sideOf(buf: Uint8Array, a: number, e: number): number {
  const n = e - a;
  if (n === 3 && buf[a] === 98 && buf[a + 1] === 117 && buf[a + 2] === 121) return 1;
  if (n === 4 && buf[a] === 115 && buf[a + 1] === 101 && buf[a + 2] === 108 && buf[a + 3] === 108) return -1;
  return 0;
}
