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
import type { MergeColumns } from './merge-arena';
import { jsMergeCore, type MergeCoreFactory } from './merge-core';

export { replayKey } from './merge-core';

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
  /**
   * The merge's synchronous part (default: {@link jsMergeCore}, the reference). The reader
   * thread passes the WebAssembly one, which chooses the same rows.
   */
  readonly core?: MergeCoreFactory;
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
  const plan: MergePlan = {
    remap,
    capacity,
    columns,
    output: options.output,
    core: options.core ?? jsMergeCore,
  };
  return {
    streams,
    totalEvents: total,
    batches: (signal?: CancelSignal) => mergeBatches(sources, plan, signal),
  };
}

/** What {@link mergeBatches} needs besides the sources. */
interface MergePlan {
  readonly remap: readonly Int32Array[];
  readonly capacity: number;
  readonly columns: MergeColumns;
  readonly output: (() => EventBatch | Promise<EventBatch>) | undefined;
  readonly core: MergeCoreFactory;
}

async function* mergeBatches(
  sources: readonly EventSource[],
  plan: MergePlan,
  signal: CancelSignal | undefined,
): AsyncGenerator<EventBatch> {
  const { remap, capacity, columns, output } = plan;
  const k = sources.length;
  const iters = sources.map((s) => s.batches(signal)[Symbol.asyncIterator]());
  const core = plan.core({ inputs: k, remap, columns, capacity });
  // Without `output`, one batch of this read, reused.
  let reused: EventBatch | undefined;
  const next = output ?? ((): EventBatch => (reused ??= createEventBatch(capacity)));
  const acquire = async (): Promise<EventBatch> => {
    const b = await next();
    if (b.kind.length < capacity)
      throw new RangeError(`merge output batch holds ${b.kind.length} events; capacity is ${capacity}`);
    b.length = 0;
    core.prepare(b);
    return b;
  };
  /** The next non-empty batch of input `m`; undefined at its end. */
  const advance = async (m: number): Promise<EventBatch | undefined> => {
    const it = iters[m];
    if (it === undefined) return undefined;
    for (;;) {
      const r = await it.next();
      if (r.done === true) return undefined;
      if (r.value.length > 0) return r.value;
    }
  };

  try {
    let out = await acquire();
    for (let m = 0; m < k; m++) core.begin(m, await advance(m));
    core.start();
    while (!core.done) {
      const ended = core.select(out);
      if (out.length === capacity) {
        core.gather(out);
        yield out;
        out = await acquire();
      }
      if (ended >= 0) {
        // The input's batch may be reused by its next(): copy what points into it first.
        core.gather(out);
        core.refill(await advance(ended));
      }
    }
    core.gather(out);
    if (out.length > 0) yield out;
  } finally {
    for (const it of iters) await it.return?.();
  }
}
