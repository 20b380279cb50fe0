import type { CancelSignal } from '../../core/cancel';
import { inLanes } from '../../core/lanes';
import { TickbenchError } from '../../core/errors';
import type { EventBatch, EventSource, ReadColumns } from '../../model/events';
import { mergeSources } from '../../replay/merge';
import {
  datasetSource,
  payloadColumns,
  planColumns,
  replayKind,
  selectList,
  type ReadPlan,
} from './dataset-source';
import type { Lake } from './lake';
import { sqlStringList } from './sql';
import { openWorkerSource } from './worker-source';

/** Time window of a read, on the replay key (receive time where present, else exchange time), µs. */
export interface ReadRange {
  readonly fromUs?: number | undefined;
  readonly toUs?: number | undefined;
}

/** Options of {@link openDatasetSource}. */
export interface ReadOptions extends ReadRange {
  /** Events per merged batch (default {@link BATCH_ROWS}). */
  readonly batchRows?: number;
  /**
   * The reader thread's script (`merge-worker.mjs` of the bundle, see `mergeWorkerUrl`): when
   * given, several datasets are read and merged on that thread and the batches arrive through
   * shared memory, so the caller's thread only processes them. Same batches either way.
   */
  readonly worker?: URL | undefined;
  /**
   * Use `worker` only when the read is at least this many events (default 0): the thread's
   * start (~0.4 s on the 2-core machine: modules and a DuckDB instance) outweighs the overlap
   * on short reads.
   */
  readonly workerMinEvents?: number;
  /**
   * The payload columns to read per stream kind (default: all). Columns left out are not read
   * from the lake and hold NaN: a replay reads only what its processors use (see
   * `columnsRead`).
   */
  readonly columns?: ReadColumns | undefined;
}

/**
 * A replay read: the merged datasets, whether the reader thread reads them, and the CPU time
 * that thread spent on a complete read (µs; NaN in-thread or before the end).
 */
export type DatasetReadSource = EventSource & {
  close(): Promise<void>;
  readonly threaded: boolean;
  readerThreadCpuUs(): number;
};

const KEY = 'coalesce(local_ts_us, ts_us)';

/**
 * Events per merged batch by default. Each batch the reader thread hands over costs both
 * threads a message and often a sleep and a wake-up: the replay benchmark ran at 12.3-13.4 M
 * events/s with batches of 32 768 events against 11.1-11.4 M with 8 192 (interleaved runs; 65 536
 * and 131 072 gave no more). A batch is still only ~3 ms of work at full speed, so a pause or a
 * stop takes effect as quickly.
 */
export const BATCH_ROWS = 32_768;

/**
 * The read plans of datasets (stream ids 0..n−1 in the order given): each one's query over its
 * Parquet files, columns of `selectList` in replay order, and its row count for progress
 * (counted by a query only when a time range cuts it).
 */
async function planReads(
  lake: Lake,
  names: readonly string[],
  range: ReadRange,
  count = true,
  wanted?: ReadColumns,
): Promise<ReadPlan[]> {
  const found = await lake.datasetsWithFiles(names);
  const plans: ReadPlan[] = [];
  for (const [streamId, { info, files }] of found.entries()) {
    const kind = replayKind(info.name, info.kind);
    const columns = payloadColumns(kind, wanted);
    const where: string[] = [];
    if (range.fromUs !== undefined) where.push(`${KEY} >= ${Math.trunc(range.fromUs)}`);
    if (range.toUs !== undefined) where.push(`${KEY} < ${Math.trunc(range.toUs)}`);
    // Files are written in replay order and listed in date order; DuckDB keeps scan order.
    const sql =
      files.length > 0
        ? `SELECT ${selectList(kind, columns).join(', ')} FROM read_parquet(${sqlStringList(files)})${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`
        : 'SELECT 1 WHERE false';
    const ranged = where.length > 0;
    const counted = count && ranged && files.length > 0;
    const total = counted ? await countRows(lake, sql) : info.rows;
    plans.push({
      stream: { id: streamId, venue: info.venue, symbol: info.symbol, kind, source: info.name },
      sql,
      total,
      totalExact: files.length > 0 && (counted || !ranged),
      files,
      columns,
    });
  }
  return plans;
}

async function countRows(lake: Lake, sql: string): Promise<number> {
  return lake.withConnection(async (conn) => {
    const r = await conn.runAndReadAll(`SELECT count(*) FROM (${sql})`);
    return Number(r.getRows()[0]?.[0] ?? 0);
  });
}

/**
 * Streams datasets as time-ordered EventBatch chunks: one stream per dataset, merged by
 * receive time where present, else exchange time, ties in dataset order then row order.
 * Memory stays flat: one DuckDB chunk per dataset is in flight.
 */
export async function openDatasetSource(
  lake: Lake,
  datasets: readonly string[],
  options: ReadOptions = {},
): Promise<DatasetReadSource> {
  if (datasets.length === 0)
    throw new TickbenchError(
      'invalid-argument',
      'replay: no datasets given; allowed one or more dataset names',
    );
  const plans = await planReads(lake, datasets, options, true, options.columns);
  const capacity = Math.max(1, options.batchRows ?? BATCH_ROWS);
  const events = plans.reduce((n, p) => n + p.total, 0);
  if (options.worker !== undefined && plans.length > 1 && events >= (options.workerMinEvents ?? 0))
    return { ...openWorkerSource(plans, capacity, options.worker), threaded: true };
  const sources = plans.map((p) => datasetSource(p, () => lake.connect()));
  const first = sources[0];
  const merged =
    sources.length === 1 && first !== undefined
      ? first
      : mergeSources(sources, { capacity, columns: planColumns(plans) });
  return {
    streams: merged.streams,
    totalEvents: merged.totalEvents,
    batches: (signal?: CancelSignal) => merged.batches(signal),
    close: async () => {
      for (const s of sources) await s.close();
    },
    threaded: false,
    readerThreadCpuUs: () => Number.NaN,
  };
}

/**
 * Datasets a raw scan reads at once: each query's next chunk is decoded on DuckDB's threads
 * while this thread copies the current one. (Scans split over reader threads were measured
 * slower: see docs/ARCHITECTURE.md.)
 */
const SCAN_CONCURRENCY = 4;

/** Options of {@link scanDatasets}. */
export interface ScanOptions extends ReadRange {
  /** Sees every batch, valid until it returns (datasets interleaved, each in its own order). */
  readonly visit?: (batch: EventBatch) => void;
  readonly signal?: CancelSignal | undefined;
}

/**
 * The raw read: streams the datasets into typed-array batches through the same per-dataset
 * source as replay, without merging or processing, {@link SCAN_CONCURRENCY} datasets at once.
 * @returns the rows read
 */
export async function scanDatasets(
  lake: Lake,
  datasets: readonly string[],
  options: ScanOptions = {},
): Promise<number> {
  const plans = await planReads(lake, datasets, options, false);
  const sources = plans.map((p) => datasetSource(p, () => lake.connect()));
  let rows = 0;
  const visit = options.visit;
  // A failed lane stops the others before the error is thrown (no read left running).
  await inLanes(sources, SCAN_CONCURRENCY, async (s, failed) => {
    const signal: CancelSignal = {
      get aborted(): boolean {
        return failed() || options.signal?.aborted === true;
      },
    };
    try {
      for await (const b of s.batches(signal)) {
        rows += b.length;
        visit?.(b);
      }
    } finally {
      await s.close();
    }
    return true;
  });
  return rows;
}
