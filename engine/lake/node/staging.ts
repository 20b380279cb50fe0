import { join } from 'node:path';
import { KIND_COLUMNS, type DataKind } from '../../model/kinds';
import type { Gap } from './lake-types';
import { validateRow, type RejectReason } from './quality-rules';
import { ParquetDoublesWriter } from './parquet-doubles';
import { sqlIdent, sqlString } from './sql';

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
  /** Start of the day (µs) of the last row's key, in `days` already (NaN before the first row). */
  dayStartUs = Number.NaN;
  readonly timestampUnits: Record<string, string> = {};
  /** Indexes (into the import's file list) of the files that contributed rows. */
  readonly files = new Set<number>();
  /** The file last added to `files` (saves a set insertion per row). */
  lastFile = -1;
}

/** One stream's staging file and the rows on their way to it. */
interface StreamFile {
  readonly writer: ParquetDoublesWriter;
  readonly buffer: Float64Array[];
  fill: number;
}

/**
 * Stages the rows of one import into one Parquet file per stream (all DOUBLE, NaN = null, in
 * arrival order), validating each row and keeping the statistics the quality report needs.
 * Parsers fill `row` (the kind's columns in order) and call `accept` — or `reject` for rows
 * they could not parse. Staging files are plain, uncompressed row groups written by
 * {@link ParquetDoublesWriter}: a memcpy per row group, where appending to a DuckDB table cost
 * ~350 ns per row; DuckDB then reads them at full Parquet speed for the second half of the
 * import. Memory is bounded: one buffer of `BUFFER_ROWS` rows per stream.
 */
export class StagingArea {
  /** Scratch row a parser fills before calling `accept`. */
  readonly row: Float64Array;
  readonly stats: StreamStats[] = [];
  readonly rejects: Reject[] = [];
  readonly streams: { venue: string; symbol: string }[] = [];
  private readonly streamKeys = new Map<string, number>();
  private readonly files: StreamFile[] = [];
  /** Trades and bars keep the statistics that tell whether their rows need a dedup pass. */
  private readonly dedupById: boolean;
  /** Index of the file being read (into the import's file list). */
  fileIndex = 0;
  fileName = '';

  /**
   * Rows of each stream go to their own file `<dir>/<prefix>_<stream>.parquet` holding exactly
   * the kind's columns; a file's row order (`file_row_number`) is arrival order.
   * @param dir an existing folder for the staging files (removed with the import's staging)
   * @param catalog the import's scratch DuckDB catalog (for the writer's temporary tables)
   * @param maxStoredRejects rejects beyond this are counted but not stored (a garbage file must not blow up the catalog)
   */
  constructor(
    readonly kind: DataKind,
    private readonly dir: string,
    readonly catalog: string,
    private readonly prefix: string,
    private readonly gapThresholdUs: number,
    private readonly maxStoredRejects = 100_000,
  ) {
    this.row = new Float64Array(KIND_COLUMNS[kind].length);
    this.dedupById = kind === 'trades' || kind === 'bars';
  }

  private pathOf(stream: number): string {
    return join(this.dir, `${this.prefix}_${stream}.parquet`);
  }

  /**
   * The staged rows of a stream as a SQL relation: the kind's columns, plus `rowid`, the row's
   * position in arrival order. Valid after {@link StagingArea.finish}.
   */
  tableOf(stream: number): string {
    const cols = KIND_COLUMNS[this.kind].map((c) => sqlIdent(c.name)).join(', ');
    return `(SELECT ${cols}, file_row_number AS rowid FROM read_parquet(${sqlString(this.pathOf(stream))}, file_row_number = true))`;
  }

  /** The stream index for (venue, symbol), registering it (and creating its file) on first use. */
  streamFor(venue: string, symbol: string): number {
    const key = `${venue}\u0000${symbol}`;
    const found = this.streamKeys.get(key);
    if (found !== undefined) return found;
    const index = this.streams.length;
    this.streams.push({ venue, symbol });
    this.streamKeys.set(key, index);
    this.stats.push(new StreamStats());
    this.files.push({
      writer: new ParquetDoublesWriter(
        this.pathOf(index),
        KIND_COLUMNS[this.kind].map((c) => c.name),
      ),
      buffer: Array.from({ length: this.row.length }, () => new Float64Array(BUFFER_ROWS)),
      fill: 0,
    });
    return index;
  }

  /** Validates `row` and stages it, or records a reject. `raw` is only called on reject. */
  accept(stream: number, line: number, raw: () => string): void {
    this.acceptFrom(stream, line, raw, this.row, 0);
  }

  /**
   * {@link StagingArea.accept} for a row held elsewhere: the kind's columns in order at
   * `src[base..]` (a parse worker's values), staged without a copy into `row`.
   */
  acceptFrom(stream: number, line: number, raw: () => string, src: Float64Array, base: number): void {
    const stats = this.stats[stream];
    const t = this.files[stream];
    if (stats === undefined || t === undefined) throw new Error(`stream ${stream} unknown`);
    stats.rowsRead++;
    const verdict = validateRow(this.kind, src, base);
    if (verdict !== null) {
      this.recordReject(stats, stream, line, verdict[0], verdict[1], raw);
      return;
    }
    const ts = src[base] ?? 0;
    const local = src[base + 1] ?? Number.NaN;
    const key = local === local ? local : ts;
    stats.accepted++;
    if (stats.lastFile !== this.fileIndex) {
      stats.files.add(this.fileIndex);
      stats.lastFile = this.fileIndex;
    }
    if (ts < stats.firstTsUs) stats.firstTsUs = ts;
    if (ts > stats.lastTsUs) stats.lastTsUs = ts;
    if (key < stats.maxKey) stats.outOfOrder++;
    else {
      if (key - stats.maxKey > this.gapThresholdUs && stats.maxKey !== Number.NEGATIVE_INFINITY) {
        stats.gapCount++;
        if (stats.gaps.length < MAX_LISTED_GAPS) {
          stats.gaps.push({ fromTsUs: stats.maxKey, toTsUs: key, seconds: (key - stats.maxKey) / 1e6 });
        }
      }
      stats.maxKey = key;
    }
    // The day changes rarely: a division only when the key leaves the current day.
    if (!(key >= stats.dayStartUs && key < stats.dayStartUs + US_PER_DAY)) {
      const day = Math.floor(key / US_PER_DAY);
      stats.days.add(day);
      stats.dayStartUs = day * US_PER_DAY;
    }
    if (this.dedupById) {
      // Dedup keys: trade id for trades, open time for bars.
      const id = this.kind === 'trades' ? (src[base + 2] ?? Number.NaN) : ts;
      if (id === id) {
        if (id > stats.lastId) stats.lastId = id;
        else stats.idsMonotone = false;
      }
    }
    const at = t.fill;
    const cols = t.buffer;
    const width = cols.length;
    for (let c = 0; c < width; c++) (cols[c] as Float64Array)[at] = src[base + c] as number;
    t.fill = at + 1;
    if (t.fill === BUFFER_ROWS) {
      t.writer.appendRowGroup(cols, BUFFER_ROWS);
      t.fill = 0;
    }
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
    stats.files.add(this.fileIndex);
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

  /** Writes the buffered rows and closes the staging files (their rows are then readable). */
  finish(): void {
    for (const t of this.files) {
      t.writer.appendRowGroup(t.buffer, t.fill);
      t.fill = 0;
      t.writer.close();
    }
  }
}
