import type { CancelSignal } from '../core/cancel';
import { TickbenchError } from '../core/errors';
import {
  createEventBatch,
  PAYLOAD_COLUMNS,
  type EventBatch,
  type EventSource,
  type PayloadColumn,
  type StreamInfo,
} from '../model/events';
import { LoserTree } from './loser-tree';
import { MergeArena, type MergeColumns } from './merge-arena';

/** The replay key of row i: receive time where the source has it, else exchange time (µs). */
export function replayKey(batch: EventBatch, i: number): number {
  const l = batch.localTsUs[i] as number;
  return l === l ? l : (batch.tsUs[i] as number);
}

/** Options of {@link mergeSources}. */
export interface MergeOptions {
  /** Rows per output batch (default 8192). */
  readonly capacity?: number;
  /**
   * Gives the batch the next merged rows are written into (of at least `capacity` events),
   * called before each output batch is filled. Default: one batch, reused. The reader thread
   * hands out its free shared-memory slots, so merged rows land where the consumer reads them.
   * Only the merge may write these batches: it fills the columns it does not copy once per
   * batch object.
   */
  readonly output?: () => EventBatch | Promise<EventBatch>;
  /**
   * The payload columns to copy (default: all of them when an input is a book stream, else
   * `a`–`d`, the trade and quote payload); the others are NaN in the output. A merge of book
   * streams must copy all six: the kernel applies every book row.
   */
  readonly columns?: readonly PayloadColumn[];
}

/**
 * Merges time-ordered event sources into one, by replay key (receive time where present, else
 * exchange time). Ties keep the order of `sources` (input 0 first), then each source's own
 * order: the merge is stable. Every input must be ordered by that key.
 *
 * Stream ids are renumbered: the merged stream table is the concatenation of the inputs'
 * tables, ids 0..n−1 in that order. Rows are copied column by column into one reused output
 * batch, or the batches `options.output` hands out (nothing is allocated per event); an output
 * batch is valid until the consumer asks for the next one, as the `EventSource` contract says.
 * Input batches are fully read before the next one is requested from the same input, so
 * inputs may reuse theirs.
 *
 * The inputs' heads sit in a tree of losers keyed by (head key, input index): choosing the next
 * input costs O(log k), not O(k). Rows are taken in runs when an input keeps winning (see
 * `select`). The merge first only notes each output row's input and row; the
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
  // Only book rows carry `e`, `f` and flags (see EventBatch).
  const books = streams.some((s) => s.kind === 'book');
  const payload = options.columns ?? (books ? PAYLOAD_COLUMNS : PAYLOAD_COLUMNS.slice(0, 4));
  if (books && payload.length < PAYLOAD_COLUMNS.length)
    throw new TickbenchError(
      'invalid-argument',
      `merge of book streams copies columns ${payload.join(', ')}; book rows need all of ${PAYLOAD_COLUMNS.join(', ')}`,
    );
  const columns: MergeColumns = {
    payload: PAYLOAD_COLUMNS.filter((c) => payload.includes(c)),
    flags: books,
    kindsOf: (m) => [...new Set(sources[m]?.streams.map((st) => st.kind))].join(', '),
  };
  const output = options.output;
  return {
    streams,
    totalEvents: total,
    batches: (signal?: CancelSignal) => mergeBatches(sources, { remap, capacity, columns, output }, signal),
  };
}

/** The head key of row `i` for the tree: NaN (no time at all) sorts first, so it is never stuck. */
function headKey(batch: EventBatch, i: number): number {
  const k = replayKey(batch, i);
  return k === k ? k : -Infinity;
}

/**
 * Chooses the next merged rows — their arena rows go to `idx[out.length..]` — until the output
 * batch is full (returns −1) or the batch of the winning input is used up (returns that input,
 * still the winner). Synchronous and allocation-free: the hot loop of a merge.
 *
 * A row is taken from the winner and its next row replayed. When the same input wins twice in
 * a row, its following rows are taken as a run while they sort before the runner-up's head
 * (strictly, or equally when the winner comes first in input order): inputs that interleave
 * row by row pay no runner-up search, long runs one per run.
 */
function select(
  tree: LoserTree,
  heads: readonly EventBatch[],
  pos: Int32Array,
  slot: number,
  idx: Int32Array,
  out: EventBatch,
): number {
  const capacity = idx.length;
  let j = out.length;
  let last = -1;
  while (j < capacity) {
    const best = tree.winner;
    const src = heads[best] as EventBatch;
    const n = src.length;
    const i = pos[best] as number;
    const lim = Math.min(n, i + (capacity - j));
    let e = i + 1;
    if (best === last && e < lim) {
      const second = tree.runnerUp();
      if (second < 0) e = lim;
      else {
        const bound = tree.key[second] as number;
        const orEqual = best < second;
        const lt = src.localTsUs;
        const ts = src.tsUs;
        for (; e < lim; e++) {
          const l = lt[e] as number;
          const key = l === l ? l : (ts[e] as number);
          if (key > bound || (key === bound && !orEqual)) break;
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
    tree.replaceWinner(headKey(src, e));
    last = best;
  }
  out.length = j;
  return -1;
}

/** What {@link mergeBatches} needs besides the sources. */
interface MergePlan {
  readonly remap: readonly Int32Array[];
  readonly capacity: number;
  readonly columns: MergeColumns;
  readonly output: (() => EventBatch | Promise<EventBatch>) | undefined;
}

async function* mergeBatches(
  sources: readonly EventSource[],
  plan: MergePlan,
  signal: CancelSignal | undefined,
): AsyncGenerator<EventBatch> {
  const { remap, capacity, output } = plan;
  const k = sources.length;
  const iters = sources.map((s) => s.batches(signal)[Symbol.asyncIterator]());
  const empty = createEventBatch(0);
  // Each input's current batch (`empty` once it has ended).
  const heads: EventBatch[] = new Array<EventBatch>(k).fill(empty);
  const pos = new Int32Array(k);
  const tree = new LoserTree(k);
  const arena = new MergeArena(k, remap, plan.columns);
  // Without `output`, one batch of this read, reused.
  let reused: EventBatch | undefined;
  const next = output ?? ((): EventBatch => (reused ??= createEventBatch(capacity)));
  const acquire = async (): Promise<EventBatch> => {
    const b = await next();
    if (b.kind.length < capacity)
      throw new RangeError(`merge output batch holds ${b.kind.length} events; capacity is ${capacity}`);
    b.length = 0;
    arena.prepare(b);
    return b;
  };
  let out = await acquire();
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
    for (let m = 0; m < k; m++) {
      if (await advance(m)) tree.set(m, headKey(heads[m] ?? empty, 0));
      else tree.end(m);
    }
    tree.build();
    while (!tree.done) {
      const ended = select(tree, heads, pos, arena.slot, idx, out);
      if (out.length === capacity) {
        gather();
        yield out;
        out = await acquire();
        gathered = 0;
      }
      if (ended >= 0) {
        // The input's batch may be reused by its next(): copy what points into it first.
        gather();
        if (await advance(ended)) tree.replaceWinner(headKey(heads[ended] ?? empty, 0));
        else tree.endWinner();
      }
    }
    gather();
    if (out.length > 0) yield out;
  } finally {
    for (const it of iters) await it.return?.();
  }
}
