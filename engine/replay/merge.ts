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
 * child of the heap's root), and a run of at least {@link SET_MIN} rows is copied with
 * `TypedArray.set`. Rows with no time at all (both times NaN) never block a merge: they go out
 * when their input reaches them.
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

/** Runs at least this long are copied with `TypedArray.set`; shorter ones row by row. */
const SET_MIN = 32;

/**
 * Copies rows [i, e) of `src` to rows j.. of `dst`, remapping stream ids through `map` (ids
 * outside it become 0). Long runs go column by column through `set` (memcpy); the subarray views
 * that needs are allocated per run, never per row.
 */
function copyRows(src: EventBatch, i: number, e: number, dst: EventBatch, j: number, map: Int32Array): void {
  const ss = src.stream;
  const ds = dst.stream;
  if (e - i < SET_MIN) {
    for (; i < e; i++, j++) {
      dst.kind[j] = src.kind[i] as number;
      ds[j] = map[ss[i] as number] ?? 0;
      dst.tsUs[j] = src.tsUs[i] as number;
      dst.localTsUs[j] = src.localTsUs[i] as number;
      dst.a[j] = src.a[i] as number;
      dst.b[j] = src.b[i] as number;
      dst.c[j] = src.c[i] as number;
      dst.d[j] = src.d[i] as number;
      dst.e[j] = src.e[i] as number;
      dst.f[j] = src.f[i] as number;
      dst.flags[j] = src.flags[i] as number;
    }
    return;
  }
  dst.kind.set(src.kind.subarray(i, e), j);
  dst.tsUs.set(src.tsUs.subarray(i, e), j);
  dst.localTsUs.set(src.localTsUs.subarray(i, e), j);
  dst.a.set(src.a.subarray(i, e), j);
  dst.b.set(src.b.subarray(i, e), j);
  dst.c.set(src.c.subarray(i, e), j);
  dst.d.set(src.d.subarray(i, e), j);
  dst.e.set(src.e.subarray(i, e), j);
  dst.f.set(src.f.subarray(i, e), j);
  dst.flags.set(src.flags.subarray(i, e), j);
  for (; i < e; i++, j++) ds[j] = map[ss[i] as number] ?? 0;
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

async function* mergeBatches(
  sources: readonly EventSource[],
  remap: readonly Int32Array[],
  capacity: number,
  signal: CancelSignal | undefined,
): AsyncGenerator<EventBatch> {
  const k = sources.length;
  const iters = sources.map((s) => s.batches(signal)[Symbol.asyncIterator]());
  const heads: (EventBatch | undefined)[] = new Array<EventBatch | undefined>(k).fill(undefined);
  const pos = new Int32Array(k);
  const heap = new HeadHeap(k);
  const out = createEventBatch(capacity);
  const noMap = new Int32Array(0);

  /** Loads the next non-empty batch of input `m` (undefined at its end). */
  const advance = async (m: number): Promise<void> => {
    const it = iters[m];
    heads[m] = undefined;
    pos[m] = 0;
    if (it === undefined) return;
    for (;;) {
      const r = await it.next();
      if (r.done === true) return;
      if (r.value.length > 0) {
        heads[m] = r.value;
        return;
      }
    }
  };

  try {
    for (let m = 0; m < k; m++) {
      await advance(m);
      const h = heads[m];
      if (h !== undefined) heap.push(m, headKey(h, 0));
    }
    while (heap.size > 0) {
      const best = heap.heap[0] as number;
      const src = heads[best];
      if (src === undefined) break; // cannot happen: exhausted inputs leave the heap
      const n = src.length;
      const i = pos[best] as number;
      const j = out.length;
      const lim = Math.min(n, i + (capacity - j));
      // The head row of `best` is the smallest of all; the rows after it are taken while they
      // sort before the runner-up's head: strictly less, or equal when `best` comes first in
      // input order (stability).
      let e = lim;
      let nextKey = NaN;
      const map = remap[best] ?? noMap;
      const second = heap.second();
      if (second < 0) copyRows(src, i, e, out, j, map);
      else {
        // Short runs are copied row by row as they are scanned; from SET_MIN rows on, the rest
        // of the run is only scanned, then copied whole.
        const bound = heap.key[second] as number;
        const orEqual = best < second;
        const lt = src.localTsUs;
        const ts = src.tsUs;
        const fuse = Math.min(lim, i + SET_MIN);
        copyRows(src, i, i + 1, out, j, map);
        for (e = i + 1; e < lim; e++) {
          const l = lt[e] as number;
          const key = l === l ? l : (ts[e] as number);
          if (key > bound || (key === bound && !orEqual)) {
            nextKey = key;
            break;
          }
          if (e < fuse) copyRows(src, e, e + 1, out, j + (e - i), map);
        }
        if (e > fuse) copyRows(src, fuse, e, out, j + (fuse - i), map);
      }
      pos[best] = e;
      out.length = j + (e - i);
      if (e < n) heap.replaceTop(nextKey === nextKey ? nextKey : headKey(src, e));
      if (out.length === capacity) {
        yield out;
        out.length = 0;
      }
      if (e >= n) {
        await advance(best);
        const h = heads[best];
        if (h === undefined) heap.popTop();
        else heap.replaceTop(headKey(h, 0));
      }
    }
    if (out.length > 0) yield out;
  } finally {
    for (const it of iters) await it.return?.();
  }
}
