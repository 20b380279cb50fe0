import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';
import type { CancelSignal } from '../../core/cancel';
import { CancelledError, TickbenchError } from '../../core/errors';
import {
  BookFlag,
  createEventBatch,
  EventKind,
  type EventBatch,
  type EventSource,
  type StreamInfo,
} from '../../model/events';
import { mergeSources } from '../../replay/merge';
import type { Lake } from './lake';
import type { DatasetInfo } from './lake-types';
import { readColumnAsDouble } from './raw-chunks';
import { sqlStringList } from './sql';

/** Time window of a read, on the replay key (receive time where present, else exchange time), µs. */
export interface ReadRange {
  readonly fromUs?: number | undefined;
  readonly toUs?: number | undefined;
}

const KEY = 'coalesce(local_ts_us, ts_us)';

/**
 * The columns a dataset is read with, in EventBatch order: tsUs, localTsUs, a, b, c, d, e, f
 * (+ is_snapshot for books). Raw column types (no SQL casts: they cost more than the scan);
 * `readColumnAsDouble` widens them and turns NULL into NaN.
 */
function selectList(info: DatasetInfo): string[] {
  const base = ['ts_us', 'local_ts_us'];
  switch (info.kind) {
    case 'trades':
      return [...base, 'price', 'size', 'side', 'trade_id'];
    case 'quotes':
      return [...base, 'bid_px', 'bid_sz', 'ask_px', 'ask_sz'];
    case 'book':
      return [
        ...base,
        'price',
        'size',
        'side',
        'update_id',
        'first_update_id',
        'prev_update_id',
        'is_snapshot',
      ];
    case 'bars':
      throw new TickbenchError(
        'invalid-argument',
        `dataset ${info.name} is bars; replay reads trades, quotes and book datasets`,
      );
  }
}

function kindCode(info: DatasetInfo): number {
  return info.kind === 'trades' ? EventKind.Trade : info.kind === 'quotes' ? EventKind.Quote : EventKind.Book;
}

async function datasetQuery(
  lake: Lake,
  name: string,
  range: ReadRange,
): Promise<{ info: DatasetInfo; sql: string }> {
  const info = await lake.getDataset(name);
  const files = await lake.datasetFiles(name);
  const cols = selectList(info);
  const where: string[] = [];
  if (range.fromUs !== undefined) where.push(`${KEY} >= ${Math.trunc(range.fromUs)}`);
  if (range.toUs !== undefined) where.push(`${KEY} < ${Math.trunc(range.toUs)}`);
  // Files are written in replay order and listed in date order; DuckDB keeps scan order.
  const from =
    files.length > 0 ? `read_parquet(${sqlStringList(files)})` : '(SELECT NULL::DOUBLE AS ts_us WHERE false)';
  const sql =
    files.length > 0
      ? `SELECT ${cols.join(', ')} FROM ${from}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`
      : 'SELECT 1 WHERE false';
  return { info, sql };
}

/**
 * Sets the book flags of row `i`, and EndOfMessage on row `i − 1` when row `i` starts a new
 * exchange message (another update id, time or snapshot-ness): rows of one message are
 * consecutive, so one row of lookahead finds every message end.
 */
function markBookRow(batch: EventBatch, i: number, snap: number): void {
  const snapFlag = snap !== 0 ? BookFlag.Snapshot : 0;
  batch.flags[i] = snapFlag;
  if (i === 0) return;
  const prevFlags = batch.flags[i - 1] ?? 0;
  const same =
    Object.is(batch.d[i], batch.d[i - 1]) &&
    batch.tsUs[i] === batch.tsUs[i - 1] &&
    Object.is(batch.localTsUs[i], batch.localTsUs[i - 1]) &&
    (prevFlags & BookFlag.Snapshot) === snapFlag;
  if (!same) batch.flags[i - 1] = prevFlags | BookFlag.EndOfMessage;
}

/**
 * One dataset as an EventSource: DuckDB result chunks are copied column by column into an
 * EventBatch (raw vector memory, no per-value conversion). Book batches hold back their last
 * row until the next chunk shows whether it ends a message.
 */
function datasetSource(
  lake: Lake,
  info: DatasetInfo,
  sql: string,
  streamId: number,
  total: number,
): EventSource & { close(): Promise<void> } {
  const stream: StreamInfo = {
    id: streamId,
    venue: info.venue,
    symbol: info.symbol,
    kind: info.kind === 'bars' ? 'trades' : info.kind,
    source: info.name,
  };
  const kind = kindCode(info);
  const isBook = info.kind === 'book';
  const width = selectList(info).length;
  let conn: DuckDBConnection | undefined;
  return {
    streams: [stream],
    totalEvents: total,
    async close() {
      conn?.closeSync();
      conn = undefined;
      return Promise.resolve();
    },
    async *batches(signal?: CancelSignal): AsyncIterable<EventBatch> {
      conn = await lake.connect();
      const result = await conn.stream(sql);
      const batch = createEventBatch(2048 + 1);
      const snap = new Float64Array(2048 + 1);
      let carry = 0; // rows held back from the previous chunk (0 or 1, books only)
      let next: Promise<DuckDBDataChunk | null> = result.fetchChunk();
      try {
        for (;;) {
          const chunk = await next;
          if (chunk === null || chunk.rowCount === 0) break;
          if (signal?.aborted === true) throw new CancelledError('replay read');
          const n = chunk.rowCount;
          const cols = [
            batch.tsUs,
            batch.localTsUs,
            batch.a,
            batch.b,
            batch.c,
            batch.d,
            batch.e,
            batch.f,
            snap,
          ];
          for (let c = 0; c < width; c++) {
            const target = cols[c];
            if (target !== undefined) readColumnAsDouble(chunk, c, target, carry);
          }
          // The chunk is copied: let DuckDB decode the next one on its threads while the
          // consumer works on this batch (read and processing overlap on two cores).
          next = result.fetchChunk();
          const rows = carry + n;
          batch.kind.fill(kind, carry, rows);
          batch.stream.fill(streamId, carry, rows);
          if (isBook) {
            for (let i = carry; i < rows; i++) markBookRow(batch, i, snap[i] ?? 0);
            // Emit all but the last row; it moves to the front for the next chunk.
            batch.length = rows - 1;
            if (batch.length > 0) yield batch;
            moveLastToFront(batch, snap, rows - 1);
            carry = 1;
          } else {
            batch.flags.fill(0, 0, rows);
            batch.length = rows;
            yield batch;
          }
        }
        if (carry === 1) {
          batch.flags[0] = (batch.flags[0] ?? 0) | BookFlag.EndOfMessage;
          batch.length = 1;
          yield batch;
        }
      } finally {
        await next.catch(() => null);
        conn.closeSync();
        conn = undefined;
      }
    },
  };
}

function moveLastToFront(b: EventBatch, snap: Float64Array, i: number): void {
  b.kind[0] = b.kind[i] ?? 0;
  b.stream[0] = b.stream[i] ?? 0;
  b.tsUs[0] = b.tsUs[i] ?? 0;
  b.localTsUs[0] = b.localTsUs[i] ?? 0;
  b.a[0] = b.a[i] ?? 0;
  b.b[0] = b.b[i] ?? 0;
  b.c[0] = b.c[i] ?? 0;
  b.d[0] = b.d[i] ?? 0;
  b.e[0] = b.e[i] ?? 0;
  b.f[0] = b.f[i] ?? 0;
  b.flags[0] = b.flags[i] ?? 0;
  snap[0] = snap[i] ?? 0;
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
  options: ReadRange & { batchRows?: number } = {},
): Promise<EventSource & { close(): Promise<void> }> {
  if (datasets.length === 0)
    throw new TickbenchError(
      'invalid-argument',
      'replay: no datasets given; allowed one or more dataset names',
    );
  const sources: (EventSource & { close(): Promise<void> })[] = [];
  for (const [i, name] of datasets.entries()) {
    const { info, sql } = await datasetQuery(lake, name, options);
    const ranged = options.fromUs !== undefined || options.toUs !== undefined;
    const total = ranged ? await countRows(lake, sql) : info.rows;
    sources.push(datasetSource(lake, info, sql, i, total));
  }
  const first = sources[0];
  const merged =
    sources.length === 1 && first !== undefined
      ? first
      : mergeSources(sources, { capacity: options.batchRows ?? 8192 });
  return {
    streams: merged.streams,
    totalEvents: merged.totalEvents,
    batches: (signal?: CancelSignal) => merged.batches(signal),
    close: async () => {
      for (const s of sources) await s.close();
    },
  };
}

/**
 * The raw read rate reference: reads the datasets' columns into typed arrays, chunk by chunk,
 * without merging or processing. Returns the rows read.
 */
export async function scanDatasets(
  lake: Lake,
  datasets: readonly string[],
  range: ReadRange = {},
): Promise<number> {
  let rows = 0;
  const out = new Float64Array(2048);
  for (const name of datasets) {
    const { info, sql } = await datasetQuery(lake, name, range);
    const width = selectList(info).length;
    const conn = await lake.connect();
    try {
      const result = await conn.stream(sql);
      for (
        let chunk = await result.fetchChunk();
        chunk !== null && chunk.rowCount > 0;
        chunk = await result.fetchChunk()
      ) {
        for (let c = 0; c < width; c++) readColumnAsDouble(chunk, c, out, 0);
        rows += chunk.rowCount;
      }
    } finally {
      conn.closeSync();
    }
  }
  return rows;
}
