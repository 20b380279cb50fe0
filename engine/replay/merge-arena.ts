import { TickbenchError } from '../core/errors';
import {
  createEventBatch,
  EventKind,
  PAYLOAD_COLUMNS,
  type EventBatch,
  type PayloadColumn,
} from '../model/events';

const EMPTY = createEventBatch(0);

// One gather loop per array type, so that each stays monomorphic (a loop shared by
// Float64Array and Uint8Array columns runs several times slower).
function gatherF64(dst: Float64Array, src: Float64Array, idx: Int32Array, from: number, to: number): void {
  for (let j = from; j < to; j++) dst[j] = src[idx[j] as number] as number;
}
function gatherU8(dst: Uint8Array, src: Uint8Array, idx: Int32Array, from: number, to: number): void {
  for (let j = from; j < to; j++) dst[j] = src[idx[j] as number] as number;
}
function gatherU16(dst: Uint16Array, src: Uint16Array, idx: Int32Array, from: number, to: number): void {
  for (let j = from; j < to; j++) dst[j] = src[idx[j] as number] as number;
}

/** What a merge copies of its inputs' rows besides the times, kinds and streams. */
export interface MergeColumns {
  /** The payload columns copied; the others are NaN in every output batch. */
  readonly payload: readonly PayloadColumn[];
  /** Whether flags are copied (some input is a book stream); else 0 in every output batch. */
  readonly flags: boolean;
  /** Names the stream kinds of input m (for the error on book rows in another kind's stream). */
  readonly kindsOf: (m: number) => string;
}

/**
 * The inputs' current batches side by side in one batch: input m's rows start at row
 * m · `slot`, stream ids already remapped. Merged rows are then gathered from it by a single
 * index, column by column — only the columns some input reads (a copy of a column nobody
 * reads costs ~3 ns per row).
 */
export class MergeArena {
  slot = 0;
  rows: EventBatch = createEventBatch(0);
  /** Each input's current batch (an empty one once it has ended, or before it began). */
  readonly heads: EventBatch[];
  /** The Float64 columns a gather copies: the two times, then the payload columns read. */
  readonly f64: readonly ('tsUs' | 'localTsUs' | PayloadColumn)[];
  /** The byte columns a gather copies: the kinds, and the flags where some input is a book stream. */
  readonly u8: readonly ('kind' | 'flags')[];
  private readonly skipped: readonly PayloadColumn[];
  /** Output batches whose unread columns are filled already (no gather ever writes them). */
  private readonly prepared = new WeakSet<EventBatch>();

  /**
   * @param allocate gives the arena's batch of `rows` rows (default: a new one; the WebAssembly
   *   merge core lays it into its module's memory)
   */
  constructor(
    private readonly k: number,
    private readonly remap: readonly Int32Array[],
    private readonly columns: MergeColumns,
    private readonly allocate: (rows: number) => EventBatch = createEventBatch,
  ) {
    this.skipped = PAYLOAD_COLUMNS.filter((c) => !columns.payload.includes(c));
    this.heads = new Array<EventBatch>(k).fill(EMPTY);
    this.f64 = ['tsUs', 'localTsUs', ...columns.payload];
    this.u8 = columns.flags ? ['kind', 'flags'] : ['kind'];
  }

  /**
   * Makes `b` input m's current batch (undefined: the input has ended) and copies it into its
   * slot — into a new arena, of at least `minSlot` rows per input, when it does not fit.
   */
  put(m: number, b: EventBatch | undefined, minSlot = 0): void {
    this.heads[m] = b ?? EMPTY;
    if (b === undefined) return;
    if (b.length > this.slot) this.reserve(Math.max(b.length, minSlot));
    else this.load(m, b);
  }

  /** Makes room for batches of `n` rows, re-copying the inputs' current batches. */
  private reserve(n: number): void {
    this.slot = Math.max(n, 2 * this.slot);
    this.rows = this.allocate(this.k * this.slot);
    this.heads.forEach((h, m) => {
      this.load(m, h);
    });
  }

  /** Copies input m's batch into its slot. */
  private load(m: number, b: EventBatch): void {
    const n = b.length;
    const at = m * this.slot;
    const r = this.rows;
    for (const c of this.f64) r[c].set(b[c].subarray(0, n), at);
    const kinds = b.kind.subarray(0, n);
    if (this.columns.flags) r.flags.set(b.flags.subarray(0, n), at);
    else if (kinds.includes(EventKind.Book)) {
      // A stream's rows are of its kind (see EventBatch): the book columns would be lost.
      throw new TickbenchError(
        'internal',
        `merge input ${m} has book rows in streams declared ${this.columns.kindsOf(m)}; book rows need a book stream`,
      );
    }
    r.kind.set(kinds, at);
    const map = this.remap[m] ?? new Int32Array(0);
    const ss = b.stream;
    const ds = r.stream;
    for (let i = 0; i < n; i++) ds[at + i] = map[ss[i] as number] ?? 0;
  }

  /**
   * Fills the columns no gather writes in an output batch about to be filled — once per batch:
   * output batches are reused (the reader thread's slots) and only this merge writes them.
   */
  prepare(out: EventBatch): void {
    if (this.prepared.has(out)) return;
    this.prepared.add(out);
    for (const c of this.skipped) out[c].fill(Number.NaN);
    if (!this.columns.flags) out.flags.fill(0);
  }

  /** Rows [from, to) of `out` := arena rows `idx[from..to)`. */
  gather(idx: Int32Array, from: number, to: number, out: EventBatch): void {
    if (to <= from) return;
    const r = this.rows;
    for (const c of this.f64) gatherF64(out[c], r[c], idx, from, to);
    for (const c of this.u8) gatherU8(out[c], r[c], idx, from, to);
    gatherU16(out.stream, r.stream, idx, from, to);
  }
}
