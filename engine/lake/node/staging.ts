import type { DuckDBConnection } from '@duckdb/node-api';
import { KIND_COLUMNS, type DataKind } from '../../model/kinds';
import type { Gap } from './lake-types';
import { validateRow, type RejectReason } from './quality-rules';
import { RawDoubleAppender } from './raw-chunks';
import { sqlIdent } from './sql';

/** Leading staging columns before the kind's own columns. */
export const STAGING_PREFIX = ['seq', 'line', 'file', 'stream', 'key'] as const;
const BUFFER_ROWS = 8192;
const MAX_LISTED_GAPS = 1000;
const US_PER_DAY = 86_400_000_000;

/** A rejected row as kept in the catalog. */
export interface Reject {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  readonly raw: string;
  readonly stream: number;
}

/** Per-stream statistics gathered while staging; `stream` = one (kind, venue, symbol). */
export class StreamStats {
  rowsRead = 0;
  accepted = 0;
  rejected = 0;
  outOfOrder = 0;
  readonly rejectReasons: Record<string, number> = {};
  firstTsUs = Number.POSITIVE_INFINITY;
  lastTsUs = Number.NEGATIVE_INFINITY;
  maxKey = Number.NEGATIVE_INFINITY;
  /** Ids seen so far are strictly increasing: no duplicates possible, no SQL dedup needed. */
  idsMonotone = true;
  lastId = Number.NEGATIVE_INFINITY;
  readonly gaps: Gap[] = [];
  gapCount = 0;
  readonly days = new Set<number>();
  lastDay = Number.NaN;
  readonly timestampUnits: Record<string, string> = {};
}

/**
 * Stages the rows of one import into per-stream DuckDB tables (all DOUBLE, NaN = null) through
 * the raw appender, validating each row and keeping the statistics the quality report needs.
 * Parsers fill `row` (the kind's columns in order) and call `accept` — or `reject` for rows
 * they could not parse.
 */
export class StagingArea {
  /** Scratch row a parser fills before calling `accept`. */
  readonly row: Float64Array;
  readonly stats: StreamStats[] = [];
  readonly rejects: Reject[] = [];
  readonly streams: { venue: string; symbol: string }[] = [];
  private readonly streamKeys = new Map<string, number>();
  private readonly buffer: Float64Array[];
  /** The leading staging columns of `buffer`, by name (no lookups per row). */
  private readonly prefix: Readonly<Record<(typeof STAGING_PREFIX)[number], Float64Array>>;
  private fill = 0;
  private appender: RawDoubleAppender | null = null;
  private seq = 0;
  /** Index of the file being read (into the import's file list). */
  fileIndex = 0;
  fileName = '';

  /**
   * @param table staging table `catalog.main.table`, created by `open()`
   * @param maxStoredRejects rejects beyond this are counted but not stored (a garbage file must not blow up the catalog)
   */
  constructor(
    readonly kind: DataKind,
    private readonly conn: DuckDBConnection,
    readonly catalog: string,
    readonly table: string,
    private readonly gapThresholdUs: number,
    private readonly maxStoredRejects = 100_000,
  ) {
    const width = STAGING_PREFIX.length + KIND_COLUMNS[kind].length;
    this.row = new Float64Array(KIND_COLUMNS[kind].length);
    this.buffer = Array.from({ length: width }, () => new Float64Array(BUFFER_ROWS));
    const col = (i: number): Float64Array => this.buffer[i] ?? new Float64Array(0);
    this.prefix = { seq: col(0), line: col(1), file: col(2), stream: col(3), key: col(4) };
  }

  /** `catalog.main.table`, quoted. */
  get qualifiedTable(): string {
    return `${sqlIdent(this.catalog)}.main.${sqlIdent(this.table)}`;
  }

  /** Creates the staging table and its appender. */
  async open(): Promise<void> {
    const cols = [...STAGING_PREFIX, ...KIND_COLUMNS[this.kind].map((c) => c.name)].map(
      (c) => `${sqlIdent(c)} DOUBLE`,
    );
    await this.conn.run(`CREATE TABLE ${this.qualifiedTable} (${cols.join(', ')})`);
    this.appender = new RawDoubleAppender(this.conn, this.table, this.buffer.length, 'main', this.catalog);
  }

  /** The stream index for (venue, symbol), registering it on first use. */
  streamFor(venue: string, symbol: string): number {
    const key = `${venue}\u0000${symbol}`;
    const found = this.streamKeys.get(key);
    if (found !== undefined) return found;
    const index = this.streams.length;
    this.streams.push({ venue, symbol });
    this.streamKeys.set(key, index);
    this.stats.push(new StreamStats());
    return index;
  }

  /** Validates `row` and stages it, or records a reject. `raw` is only called on reject. */
  accept(stream: number, line: number, raw: () => string): void {
    const stats = this.stats[stream];
    if (stats === undefined) throw new Error(`stream ${stream} unknown`);
    stats.rowsRead++;
    const verdict = validateRow(this.kind, this.row);
    if (verdict !== null) {
      this.recordReject(stats, stream, line, verdict[0], verdict[1], raw);
      return;
    }
    const row = this.row;
    const ts = row[0] ?? 0;
    const local = row[1] ?? Number.NaN;
    const key = Number.isNaN(local) ? ts : local;
    stats.accepted++;
    if (ts < stats.firstTsUs) stats.firstTsUs = ts;
    if (ts > stats.lastTsUs) stats.lastTsUs = ts;
    if (key < stats.maxKey) stats.outOfOrder++;
    else {
      if (stats.maxKey !== Number.NEGATIVE_INFINITY && key - stats.maxKey > this.gapThresholdUs) {
        stats.gapCount++;
        if (stats.gaps.length < MAX_LISTED_GAPS) {
          stats.gaps.push({ fromTsUs: stats.maxKey, toTsUs: key, seconds: (key - stats.maxKey) / 1e6 });
        }
      }
      stats.maxKey = key;
    }
    const day = Math.floor(key / US_PER_DAY);
    if (day !== stats.lastDay) {
      stats.days.add(day);
      stats.lastDay = day;
    }
    if (this.kind === 'trades' || this.kind === 'bars') {
      // Dedup keys: trade id for trades, open time for bars.
      const id = this.kind === 'trades' ? (row[2] ?? Number.NaN) : ts;
      if (!Number.isNaN(id)) {
        if (id > stats.lastId) stats.lastId = id;
        else stats.idsMonotone = false;
      }
    }
    const buf = this.buffer;
    const at = this.fill;
    this.prefix.seq[at] = this.seq++;
    this.prefix.line[at] = line;
    this.prefix.file[at] = this.fileIndex;
    this.prefix.stream[at] = stream;
    this.prefix.key[at] = key;
    for (let c = 0; c < row.length; c++) {
      const col = buf[STAGING_PREFIX.length + c];
      if (col !== undefined) col[at] = row[c] ?? Number.NaN;
    }
    this.fill = at + 1;
    if (this.fill === BUFFER_ROWS) this.flush();
  }

  private flush(): void {
    if (this.fill === 0) return;
    if (this.appender === null) throw new Error('staging area not opened');
    this.appender.append(this.buffer, this.fill);
    this.fill = 0;
  }

  /** Records a row a parser could not parse; `stream` is the best attribution available. */
  reject(stream: number, line: number, reason: RejectReason, detail: string, raw: () => string): void {
    const stats = this.stats[stream];
    if (stats === undefined) throw new Error(`stream ${stream} unknown`);
    stats.rowsRead++;
    this.recordReject(stats, stream, line, reason, detail, raw);
  }

  private recordReject(
    stats: StreamStats,
    stream: number,
    line: number,
    reason: RejectReason,
    detail: string,
    raw: () => string,
  ): void {
    stats.rejected++;
    stats.rejectReasons[reason] = (stats.rejectReasons[reason] ?? 0) + 1;
    if (this.rejects.length < this.maxStoredRejects) {
      const text = raw();
      this.rejects.push({
        file: this.fileName,
        line,
        reason: `${reason}: ${detail}`,
        raw: text.length > 2000 ? `${text.slice(0, 2000)}...` : text,
        stream,
      });
    }
  }

  /** Records the unit detected for a timestamp column (first file wins). */
  noteUnit(stream: number, column: string, unit: string): void {
    const stats = this.stats[stream];
    if (stats !== undefined && stats.timestampUnits[column] === undefined)
      stats.timestampUnits[column] = unit;
  }

  /** Flushes buffered rows and closes the appender. */
  finish(): void {
    this.flush();
    this.appender?.close();
    this.appender = null;
  }
}
