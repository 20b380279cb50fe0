import type { CancelSignal } from '../../core/cancel';
import { inLanes } from '../../core/lanes';
import { TickbenchError } from '../../core/errors';
import type { EventBatch, EventSource } from '../../model/events';
import { mergeSources } from '../../replay/merge';
import { datasetSource, replayKind, selectList, type ReadPlan } from './dataset-source';
import type { Lake } from './lake';
import { sqlStringList } from './sql';
import { AUTO_WORKER_MIN_EVENTS, openWorkerSource } from './worker-source';

/** Time window of a read, on the replay key (receive time where present, else exchange time), µs. */
export interface ReadRange {
  readonly fromUs?: number | undefined;
  readonly toUs?: number | undefined;
}

/** Options of {@link openDatasetSource}. */
export interface ReadOptions extends ReadRange {
  /** Events per merged batch (default 8192). */
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
}

/** A replay read: the merged datasets, and whether the reader thread reads them. */
export type DatasetReadSource = EventSource & { close(): Promise<void>; readonly threaded: boolean };

const KEY = 'coalesce(local_ts_us, ts_us)';

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
): Promise<ReadPlan[]> {
  const found = await lake.datasetsWithFiles(names);
  const plans: ReadPlan[] = [];
  for (const [streamId, { info, files }] of found.entries()) {
    const kind = replayKind(info.name, info.kind);
    const where: string[] = [];
    if (range.fromUs !== undefined) where.push(`${KEY} >= ${Math.trunc(range.fromUs)}`);
    if (range.toUs !== undefined) where.push(`${KEY} < ${Math.trunc(range.toUs)}`);
    // Files are written in replay order and listed in date order; DuckDB keeps scan order.
    const sql =
      files.length > 0
        ? `SELECT ${selectList(kind).join(', ')} FROM read_parquet(${sqlStringList(files)})${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`
        : 'SELECT 1 WHERE false';
    const ranged = where.length > 0;
    const total = count && ranged && files.length > 0 ? await countRows(lake, sql) : info.rows;
    plans.push({
      stream: { id: streamId, venue: info.venue, symbol: info.symbol, kind, source: info.name },
      sql,
      total,
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
  const plans = await planReads(lake, datasets, options);
  const capacity = Math.max(1, options.batchRows ?? 8192);
  const events = plans.reduce((n, p) => n + p.total, 0);
  if (options.worker !== undefined && plans.length > 1 && events >= (options.workerMinEvents ?? 0))
    return { ...openWorkerSource(plans, capacity, options.worker), threaded: true };
  const sources = plans.map((p) => datasetSource(p, () => lake.connect()));
  const first = sources[0];
  const merged = sources.length === 1 && first !== undefined ? first : mergeSources(sources, { capacity });
  return {
    streams: merged.streams,
    totalEvents: merged.totalEvents,
    batches: (signal?: CancelSignal) => merged.batches(signal),
    close: async () => {
      for (const s of sources) await s.close();
    },
    threaded: false,
  };
}

/** Datasets an in-thread raw scan reads at once: each query's next chunk is decoded on DuckDB's threads. */
const SCAN_CONCURRENCY = 4;

/** Rows per batch handed over by a scanning reader thread (a DuckDB chunk is at most 2 048). */
const SCAN_BATCH_ROWS = 4096;

/** Options of {@link scanDatasets}. */
export interface ScanOptions extends ReadRange {
  /**
   * The reader thread's script (`mergeWorkerUrl()`): when given, the datasets are split over
   * {@link ScanOptions.threads} reader threads and their batches arrive through shared memory.
   */
  readonly worker?: URL | undefined;
  /** Reader threads when `worker` is given (default 2). */
  readonly threads?: number;
  /**
   * Use the reader threads only when the scan is at least this many rows (default
   * {@link AUTO_WORKER_MIN_EVENTS}): their start (~0.4 s) outweighs the gain on short scans.
   */
  readonly workerMinRows?: number;
  /** Sees every batch, valid until it returns (datasets interleaved, each in its own order). */
  readonly visit?: (batch: EventBatch) => void;
  readonly signal?: CancelSignal | undefined;
}

/** What {@link scanDatasets} read, and on how many reader threads (1 = the calling thread). */
export interface ScanResult {
  readonly rows: number;
  readonly threads: number;
}

/**
 * The raw read: streams the datasets into typed-array batches through the same per-dataset
 * source as replay, without merging or processing — in this thread (up to
 * {@link SCAN_CONCURRENCY} datasets at once) or split over reader threads.
 */
export async function scanDatasets(
  lake: Lake,
  datasets: readonly string[],
  options: ScanOptions = {},
): Promise<ScanResult> {
  const plans = await planReads(lake, datasets, options, false);
  const threads = Math.max(1, Math.trunc(options.threads ?? 2));
  const total = plans.reduce((n, p) => n + p.total, 0);
  const worker =
    threads > 1 && plans.length > 1 && total >= (options.workerMinRows ?? AUTO_WORKER_MIN_EVENTS)
      ? options.worker
      : undefined;
  const sources =
    worker !== undefined
      ? balance(plans, threads).map((group) => openWorkerSource(group, SCAN_BATCH_ROWS, worker, 'scan'))
      : plans.map((p) => datasetSource(p, () => lake.connect()));
  const lanes = worker !== undefined ? sources.length : SCAN_CONCURRENCY;
  let rows = 0;
  const visit = options.visit;
  // A failed lane stops the others before the error is thrown (no read left running).
  await inLanes(sources, lanes, async (s, failed) => {
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
  return { rows, threads: worker !== undefined ? sources.length : 1 };
}

/** Plans split into `n` groups of about equal rows (largest first, each to the lightest group). */
function balance(plans: readonly ReadPlan[], n: number): ReadPlan[][] {
  const groups = Array.from({ length: Math.min(n, plans.length) }, () => ({
    rows: 0,
    plans: [] as ReadPlan[],
  }));
  for (const p of [...plans].sort((a, b) => b.total - a.total)) {
    const lightest = groups.reduce((m, g) => (g.rows < m.rows ? g : m));
    lightest.plans.push(p);
    lightest.rows += p.total;
  }
  return groups.map((g) => g.plans);
}
