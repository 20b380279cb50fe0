import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';
import type { CancelSignal } from '../../core/cancel';
import { CancelledError, TickbenchError } from '../../core/errors';
import {
  BookFlag,
  createEventBatch,
  EventKind,
  PAYLOAD_COLUMNS,
  type EventBatch,
  type EventSource,
  type PayloadColumn,
  type ReadColumns,
  type StreamInfo,
} from '../../model/events';
import { KIND_COLUMNS, type DataKind } from '../../model/kinds';
import { readColumnAsDouble } from './raw-chunks';

/**
 * What it takes to read one dataset as a stream: plain data, so that it can be handed to a
 * reader thread. `sql` selects {@link selectList}'s columns in replay order.
 */
export interface ReadPlan {
  readonly stream: StreamInfo;
  readonly sql: string;
  /** Rows the query returns (for progress). */
  readonly total: number;
  /**
   * Whether `total` is exact (the catalog's count, or counted through `sql`): a read that ends
   * short of it failed. A streaming DuckDB result that meets a damaged Parquet page ends early,
   * as if the data ended, without an error; this is how the read notices.
   */
  readonly totalExact?: boolean;
  /** The Parquet files `sql` reads, for messages. */
  readonly files?: readonly string[];
  /** The payload columns `sql` selects after the two times, in order; the others hold NaN. */
  readonly columns: readonly PayloadColumn[];
}

/** The stream kind a dataset replays as; bars are not replayable. */
export function replayKind(name: string, kind: DataKind): StreamInfo['kind'] {
  if (kind === 'bars')
    throw new TickbenchError(
      'invalid-argument',
      `dataset ${name} is bars; replay reads trades, quotes and book datasets`,
    );
  return kind;
}

/** The lake column behind each payload column, per kind (see EventBatch). */
const PAYLOAD_SOURCE: Record<StreamInfo['kind'], Partial<Record<PayloadColumn, string>>> = {
  trades: { a: 'price', b: 'size', c: 'side', d: 'trade_id' },
  quotes: { a: 'bid_px', b: 'bid_sz', c: 'ask_px', d: 'ask_sz' },
  book: { a: 'price', b: 'size', c: 'side', d: 'update_id', e: 'first_update_id', f: 'prev_update_id' },
};

/**
 * The payload columns a dataset of `kind` is read with: those of `wanted` that the kind has
 * (every one it has by default), in batch order. Book datasets are always read whole.
 */
export function payloadColumns(kind: StreamInfo['kind'], wanted?: ReadColumns): PayloadColumn[] {
  const has = PAYLOAD_COLUMNS.filter((c) => PAYLOAD_SOURCE[kind][c] !== undefined);
  const want = kind === 'book' ? undefined : wanted?.[kind];
  return want === undefined ? has : has.filter((c) => want.includes(c));
}

/**
 * The select list a dataset is read with, in batch order: ts_us, local_ts_us, then the lake
 * columns of `columns` (+ is_snapshot for books), every column as DOUBLE. DuckDB widens the
 * integer columns on its own threads (exact below 2^53), so this thread copies every column
 * with one memcpy: the in-thread scan of 20 M trades ran ~10 % faster than with the widening
 * done here (interleaved runs, 108–128 against 121–133 ns of CPU per row). NULL stays NULL
 * (NaN once read).
 */
export function selectList(
  kind: StreamInfo['kind'],
  columns: readonly PayloadColumn[] = payloadColumns(kind),
): string[] {
  const names = ['ts_us', 'local_ts_us'];
  for (const c of columns) {
    const name = PAYLOAD_SOURCE[kind][c];
    if (name === undefined)
      throw new TickbenchError(
        'invalid-argument',
        `${kind} have no payload column ${c}; allowed ${payloadColumns(kind).join(', ')}`,
      );
    names.push(name);
  }
  if (kind === 'book') names.push('is_snapshot');
  const types = new Map(KIND_COLUMNS[kind].map((c) => [c.name, c.type]));
  return names.map((name) => (types.get(name) === 'DOUBLE' ? name : `CAST(${name} AS DOUBLE) AS ${name}`));
}

/** The payload columns any of `plans` reads (what a merge of them must copy). */
export function planColumns(plans: readonly ReadPlan[]): PayloadColumn[] {
  return PAYLOAD_COLUMNS.filter((c) => plans.some((p) => p.columns.includes(c)));
}

function kindCode(kind: StreamInfo['kind']): number {
  return kind === 'trades' ? EventKind.Trade : kind === 'quotes' ? EventKind.Quote : EventKind.Book;
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

/**
 * DuckDB chunks a dataset's read keeps in flight. With one, the 20 M-event replay benchmark
 * stalled: its 10 datasets have equal row counts, so their chunks run out at the same moment
 * and 10 fetches queue together while the kernel's thread holds a core. Three hide that:
 * interleaved runs, 5.1–6.1 against 4.4–5.9 M events/s, the same in 10 of 12 pairs or better.
 */
const FETCH_AHEAD = 3;

/**
 * One dataset as an EventSource: DuckDB result chunks are copied column by column into an
 * EventBatch (raw vector memory, no per-value conversion). Book batches hold back their last
 * row until the next chunk shows whether it ends a message.
 * @param connect opens the connection the query runs on (closed when the read ends)
 */
export function datasetSource(
  plan: ReadPlan,
  connect: () => Promise<DuckDBConnection>,
): EventSource & { close(): Promise<void> } {
  const stream = plan.stream;
  const kind = kindCode(stream.kind);
  const isBook = stream.kind === 'book';
  const streamId = stream.id;
  let conn: DuckDBConnection | undefined;
  return {
    streams: [stream],
    totalEvents: plan.total,
    async close() {
      conn?.closeSync();
      conn = undefined;
      return Promise.resolve();
    },
    async *batches(signal?: CancelSignal): AsyncIterable<EventBatch> {
      const c0 = await connect();
      conn = c0;
      const result = await c0.stream(plan.sql);
      const batch = createEventBatch(2048 + 1);
      const snap = new Float64Array(2048 + 1);
      // Result columns in select order; the columns not read stay NaN (the batch is reused).
      const cols = [batch.tsUs, batch.localTsUs, ...plan.columns.map((c) => batch[c])];
      if (isBook) cols.push(snap);
      for (const c of PAYLOAD_COLUMNS) if (!plan.columns.includes(c)) batch[c].fill(Number.NaN);
      const width = cols.length;
      let carry = 0; // rows held back from the previous chunk (0 or 1, books only)
      let read = 0;
      // Chunks fetched ahead: DuckDB decodes them on its threads while this one is copied and
      // the consumer works. One fetch at a time per result (a streaming result must not be
      // fetched from twice at once): each starts when the one before it has returned.
      // A fetch that fails while queued is reported where it is awaited, not as an unhandled
      // rejection in between (which would end the process).
      const queued = (p: Promise<DuckDBDataChunk | null>): Promise<DuckDBDataChunk | null> => {
        p.catch(() => null);
        return p;
      };
      const fetchAfter = (prev: Promise<DuckDBDataChunk | null>): Promise<DuckDBDataChunk | null> =>
        queued(prev.then((c) => (c === null || c.rowCount === 0 ? null : result.fetchChunk())));
      const ahead: Promise<DuckDBDataChunk | null>[] = [queued(result.fetchChunk())];
      while (ahead.length < FETCH_AHEAD)
        ahead.push(fetchAfter(ahead[ahead.length - 1] ?? Promise.resolve(null)));
      try {
        for (;;) {
          const chunk = await (ahead.shift() ?? Promise.resolve(null));
          if (chunk === null || chunk.rowCount === 0) break;
          if (signal?.aborted === true) throw new CancelledError('replay read');
          const last = ahead[ahead.length - 1];
          ahead.push(last === undefined ? queued(result.fetchChunk()) : fetchAfter(last));
          const n = chunk.rowCount;
          read += n;
          for (let c = 0; c < width; c++) {
            const target = cols[c];
            if (target !== undefined) readColumnAsDouble(chunk, c, target, carry);
          }
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
        if (plan.totalExact === true && read < plan.total) throw shortRead(plan, read);
        if (carry === 1) {
          batch.flags[0] = (batch.flags[0] ?? 0) | BookFlag.EndOfMessage;
          batch.length = 1;
          yield batch;
        }
      } finally {
        // No fetch may still run when the connection closes, and a failed one is not left unhandled.
        for (const p of ahead) await p.catch(() => null);
        c0.closeSync();
        conn = undefined;
      }
    },
  };
}

/** The error of a read that ended `read` rows into a dataset of `plan.total`. */
function shortRead(plan: ReadPlan, read: number): TickbenchError {
  const files = plan.files ?? [];
  const shown = files.slice(0, 3).join(', ') + (files.length > 3 ? ` and ${files.length - 3} more` : '');
  return new TickbenchError(
    'bad-input',
    `dataset ${plan.stream.source}: the read stopped at row ${read} of ${plan.total}: DuckDB ended ` +
      `its result early, which it does at a damaged Parquet page; check or re-import ${shown || 'its files'}`,
  );
}
