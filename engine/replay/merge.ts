import type { CancelSignal } from '../core/cancel';
import { createEventBatch, type EventBatch, type EventSource, type StreamInfo } from '../model/events';

/** The replay key of row i: receive time where the source has it, else exchange time (µs). */
export function replayKey(batch: EventBatch, i: number): number {
  const l = batch.localTsUs[i] as number;
  return l === l ? l : (batch.tsUs[i] as number);
}

/** Copies row `i` of `src` to row `j` of `dst`, remapping the stream id. */
function copyRow(src: EventBatch, i: number, dst: EventBatch, j: number, streamId: number): void {
  dst.kind[j] = src.kind[i] as number;
  dst.stream[j] = streamId;
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
 * Runs of rows from one input are copied without comparing every row with every input:
 * once the input with the smallest head is known, its rows are taken while they stay below
 * the smallest head of the others.
 */
export function mergeSources(sources: readonly EventSource[], options: MergeOptions = {}): EventSource {
  const capacity = Math.max(1, options.capacity ?? 8192);
  const streams: StreamInfo[] = [];
  const remap: number[][] = sources.map((src) => {
    const map: number[] = [];
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

async function* mergeBatches(
  sources: readonly EventSource[],
  remap: readonly number[][],
  capacity: number,
  signal: CancelSignal | undefined,
): AsyncGenerator<EventBatch> {
  const k = sources.length;
  const iters = sources.map((s) => s.batches(signal)[Symbol.asyncIterator]());
  const heads: (EventBatch | undefined)[] = new Array<EventBatch | undefined>(k).fill(undefined);
  const pos = new Int32Array(k);
  const out = createEventBatch(capacity);

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
    for (let m = 0; m < k; m++) await advance(m);
    for (;;) {
      // The input with the smallest head key (lowest index on ties), and the runner-up bound.
      let best = -1;
      let bestKey = Infinity;
      let second = -1;
      let secondKey = Infinity;
      for (let m = 0; m < k; m++) {
        const h = heads[m];
        if (h === undefined) continue;
        const key = replayKey(h, pos[m] as number);
        if (best < 0 || key < bestKey) {
          second = best;
          secondKey = bestKey;
          best = m;
          bestKey = key;
        } else if (second < 0 || key < secondKey) {
          second = m;
          secondKey = key;
        }
      }
      const src = heads[best];
      if (best < 0 || src === undefined) break;
      // Take rows from `best` while they sort before the runner-up's head: strictly less, or
      // equal when `best` comes first in input order (stability).
      const map = remap[best] ?? [];
      const takeEqual = second < 0 || best < second;
      let i = pos[best] as number;
      let j = out.length;
      const n = src.length;
      while (i < n && j < capacity) {
        const key = replayKey(src, i);
        if (key > secondKey || (key === secondKey && !takeEqual)) break;
        copyRow(src, i, out, j, map[src.stream[i] as number] ?? 0);
        i++;
        j++;
      }
      pos[best] = i;
      out.length = j;
      if (j === capacity) {
        yield out;
        out.length = 0;
      }
      if (i >= n) await advance(best);
    }
    if (out.length > 0) yield out;
  } finally {
    for (const it of iters) await it.return?.();
  }
}
