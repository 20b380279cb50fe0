import type { CancelSignal } from '../core/cancel';
import { createEventBatch, type EventBatch, type EventSource, type StreamInfo } from '../model/events';

/** The replay key of row i: receive time where the source has it, else exchange time (µs). */
export function replayKey(batch: EventBatch, i: number): number {
  const l = batch.localTsUs[i] as number;
  return l === l ? l : (batch.tsUs[i] as number);
}

/** Options of {@link mergeSources}. */
export interface MergeOptions {
  /** Rows per output batch (default 8192). */
  readonly capacity?: number;
}

/**
 * Merges time-ordered event sources into one, by replay key (receive time where present, else
 * exchange time). Ties keep the order of `sources` (input 0 first), then each source's own
 * order: the merge is stable. Every input must be ordered by that key.
 *
 * Stream ids are renumbered: the merged stream table is the concatenation of the inputs'
 * tables, ids 0..n−1 in that order. Rows are copied column by column into one reused output
 * batch (nothing is allocated per event); the output batch is valid until the consumer asks
 * for the next one, as the `EventSource` contract says. Input batches are fully read before
 * the next one is requested from the same input, so inputs may reuse theirs.
 *
 * The inputs' heads sit in a binary min-heap keyed by (head key, input index): choosing the
 * next input costs O(log k), not O(k). Rows are taken in runs: once the input with the smallest
 * head is known, its rows are taken while they stay below the runner-up's head (the smaller
 * child of the heap's root). The merge first only notes each output row's input and row; the
 * rows are then copied column by column (one tight gather loop per column) whenever an input
 * is about to move to its next batch or the output batch is full. Rows with no time at all
 * (both times NaN) never block a merge: they go out when their input reaches them.
 */
export function mergeSources(sources: readonly EventSource[], options: MergeOptions = {}): EventSource {
  const capacity = Math.max(1, options.capacity ?? 8192);
  const streams: StreamInfo[] = [];
  // Per input: its stream id → merged id (ids the input's table lacks map to 0).
  const remap: Int32Array[] = sources.map((src) => {
    let size = 0;
    for (const s of src.streams) size = Math.min(65536, Math.max(size, s.id + 1));
    const map = new Int32Array(size);
    for (const s of src.streams) {
      map[s.id] = streams.length;
      streams.push({ ...s, id: streams.length });
    }
    return map;
  });
  let total: number | undefined = 0;
  for (const s of sources)
    total = s.totalEvents === undefined || total === undefined ? undefined : total + s.totalEvents;
  return {
    streams,
    totalEvents: total,
    batches: (signal?: CancelSignal) => mergeBatches(sources, remap, capacity, signal),
  };
}

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

/**
 * The inputs' current batches side by side in one batch: input m's rows start at row
 * m · `slot`, stream ids already remapped. Merged rows are then gathered from it by a single
 * index, column by column.
 */
class Arena {
  slot = 0;
  rows: EventBatch = createEventBatch(0);

  constructor(
    private readonly k: number,
    private readonly remap: readonly Int32Array[],
  ) {}

  /** Makes room for batches of `n` rows, re-copying the inputs' current batches (`heads`). */
  reserve(n: number, heads: readonly EventBatch[]): void {
    if (n <= this.slot) return;
    this.slot = Math.max(n, 2 * this.slot);
    this.rows = createEventBatch(this.k * this.slot);
    heads.forEach((h, m) => {
      this.load(m, h);
    });
  }

  /** Copies input m's batch into its slot. */
  load(m: number, b: EventBatch): void {
    const n = b.length;
    const at = m * this.slot;
    const r = this.rows;
    r.tsUs.set(b.tsUs.subarray(0, n), at);
    r.localTsUs.set(b.localTsUs.subarray(0, n), at);
    r.a.set(b.a.subarray(0, n), at);
    r.b.set(b.b.subarray(0, n), at);
    r.c.set(b.c.subarray(0, n), at);
    r.d.set(b.d.subarray(0, n), at);
    r.e.set(b.e.subarray(0, n), at);
    r.f.set(b.f.subarray(0, n), at);
    r.kind.set(b.kind.subarray(0, n), at);
    r.flags.set(b.flags.subarray(0, n), at);
    const map = this.remap[m] ?? new Int32Array(0);
    const ss = b.stream;
    const ds = r.stream;
    for (let i = 0; i < n; i++) ds[at + i] = map[ss[i] as number] ?? 0;
  }

  /** Rows [from, to) of `out` := arena rows `idx[from..to)`. */
  gather(idx: Int32Array, from: number, to: number, out: EventBatch): void {
    if (to <= from) return;
    const r = this.rows;
    gatherF64(out.tsUs, r.tsUs, idx, from, to);
    gatherF64(out.localTsUs, r.localTsUs, idx, from, to);
    gatherF64(out.a, r.a, idx, from, to);
    gatherF64(out.b, r.b, idx, from, to);
    gatherF64(out.c, r.c, idx, from, to);
    gatherF64(out.d, r.d, idx, from, to);
    gatherF64(out.e, r.e, idx, from, to);
    gatherF64(out.f, r.f, idx, from, to);
    gatherU8(out.kind, r.kind, idx, from, to);
    gatherU8(out.flags, r.flags, idx, from, to);
    gatherU16(out.stream, r.stream, idx, from, to);
  }
}

/**
 * Binary min-heap of input indices ordered by (head key, input index). The smallest is at
 * `heap[0]`; the runner-up is the smaller of its two children.
 */
class HeadHeap {
  /** Input indices, heap-ordered; the first `size` are live. */
  readonly heap: Int32Array;
  /** Head key of each input (indexed by input, not by heap slot). */
  readonly key: Float64Array;
  size = 0;

  constructor(k: number) {
    this.heap = new Int32Array(k);
    this.key = new Float64Array(k);
  }

  /** Adds input `m` with head key `key`. */
  push(m: number, key: number): void {
    const heap = this.heap;
    const keys = this.key;
    keys[m] = key;
    let c = this.size++;
    while (c > 0) {
      const p = (c - 1) >> 1;
      const pm = heap[p] as number;
      const pk = keys[pm] as number;
      if (pk < key || (pk === key && pm < m)) break;
      heap[c] = pm;
      c = p;
    }
    heap[c] = m;
  }

  /** The runner-up input (the smaller child of the root); -1 when the root is alone. */
  second(): number {
    const size = this.size;
    if (size < 2) return -1;
    const heap = this.heap;
    const a = heap[1] as number;
    if (size < 3) return a;
    const b = heap[2] as number;
    const ka = this.key[a] as number;
    const kb = this.key[b] as number;
    return kb < ka || (kb === ka && b < a) ? b : a;
  }

  /** Sets the root input's head key and restores the heap order. */
  replaceTop(key: number): void {
    const heap = this.heap;
    const keys = this.key;
    const size = this.size;
    const x = heap[0] as number;
    keys[x] = key;
    let p = 0;
    for (;;) {
      let c = 2 * p + 1;
      if (c >= size) break;
      let cm = heap[c] as number;
      let ck = keys[cm] as number;
      if (c + 1 < size) {
        const m2 = heap[c + 1] as number;
        const k2 = keys[m2] as number;
        if (k2 < ck || (k2 === ck && m2 < cm)) {
          c++;
          cm = m2;
          ck = k2;
        }
      }
      if (key < ck || (key === ck && x < cm)) break;
      heap[p] = cm;
      p = c;
    }
    heap[p] = x;
  }

  /** Removes the root input. */
  popTop(): void {
    const last = this.heap[--this.size] as number;
    if (this.size === 0) return;
    this.heap[0] = last;
    this.replaceTop(this.key[last] as number);
  }
}

/** The head key of row `i` for the heap: NaN (no time at all) sorts first, so it is never stuck. */
function headKey(batch: EventBatch, i: number): number {
  const k = replayKey(batch, i);
  return k === k ? k : -Infinity;
}

/**
 * Chooses the next merged rows — their arena rows go to `idx[out.length..]` — until the output
 * batch is full (returns −1) or the batch of the input at the heap's root is used up (returns
 * that input, still at the root). Synchronous and allocation-free: the hot loop of a merge.
 */
function select(
  heap: HeadHeap,
  heads: readonly EventBatch[],
  pos: Int32Array,
  slot: number,
  idx: Int32Array,
  out: EventBatch,
): number {
  const capacity = idx.length;
  let j = out.length;
  while (j < capacity) {
    const best = heap.heap[0] as number;
    const src = heads[best] as EventBatch;
    const n = src.length;
    const i = pos[best] as number;
    const lim = Math.min(n, i + (capacity - j));
    // The head row of `best` is the smallest of all; the rows after it are taken while they
    // sort before the runner-up's head: strictly less, or equal when `best` comes first in
    // input order (stability).
    let e = lim;
    let nextKey = NaN;
    const second = heap.second();
    if (second >= 0) {
      const bound = heap.key[second] as number;
      const orEqual = best < second;
      const lt = src.localTsUs;
      const ts = src.tsUs;
      for (e = i + 1; e < lim; e++) {
        const l = lt[e] as number;
        const key = l === l ? l : (ts[e] as number);
        if (key > bound || (key === bound && !orEqual)) {
          nextKey = key;
          break;
        }
      }
    }
    const base = best * slot;
    for (let r = i, o = j; r < e; r++, o++) idx[o] = base + r;
    j += e - i;
    pos[best] = e;
    if (e >= n) {
      out.length = j;
      return best;
    }
    heap.replaceTop(nextKey === nextKey ? nextKey : headKey(src, e));
  }
  out.length = j;
  return -1;
}

async function* mergeBatches(
  sources: readonly EventSource[],
  remap: readonly Int32Array[],
  capacity: number,
  signal: CancelSignal | undefined,
): AsyncGenerator<EventBatch> {
  const k = sources.length;
  const iters = sources.map((s) => s.batches(signal)[Symbol.asyncIterator]());
  const empty = createEventBatch(0);
  // Each input's current batch (`empty` once it has ended).
  const heads: EventBatch[] = new Array<EventBatch>(k).fill(empty);
  const pos = new Int32Array(k);
  const heap = new HeadHeap(k);
  const out = createEventBatch(capacity);
  const arena = new Arena(k, remap);
  // Output rows [gathered, out.length) are chosen but not yet copied: their arena rows.
  const idx = new Int32Array(capacity);
  let gathered = 0;
  const gather = (): void => {
    arena.gather(idx, gathered, out.length, out);
    gathered = out.length;
  };

  /** Loads the next non-empty batch of input `m`; false at its end. */
  const advance = async (m: number): Promise<boolean> => {
    const it = iters[m];
    heads[m] = empty;
    pos[m] = 0;
    if (it === undefined) return false;
    for (;;) {
      const r = await it.next();
      if (r.done === true) return false;
      const b = r.value;
      if (b.length > 0) {
        heads[m] = b;
        if (b.length > arena.slot) arena.reserve(b.length, heads);
        else arena.load(m, b);
        return true;
      }
    }
  };

  try {
    for (let m = 0; m < k; m++) if (await advance(m)) heap.push(m, headKey(heads[m] ?? empty, 0));
    while (heap.size > 0) {
      const ended = select(heap, heads, pos, arena.slot, idx, out);
      if (out.length === capacity) {
        gather();
        yield out;
        out.length = 0;
        gathered = 0;
      }
      if (ended >= 0) {
        // The input's batch may be reused by its next(): copy what points into it first.
        gather();
        if (await advance(ended)) heap.replaceTop(headKey(heads[ended] ?? empty, 0));
        else heap.popTop();
      }
    }
    gather();
    if (out.length > 0) yield out;
  } finally {
    for (const it of iters) await it.return?.();
  }
}
