import { join } from 'node:path';
import { KIND_COLUMNS, type DataKind } from '../../model/kinds';
import type { Gap } from './lake-types';
import { validateRow, validityTest, type RejectReason } from './quality-rules';
import { ParquetDoublesWriter } from './parquet-doubles';
import { sqlIdent, sqlString } from './sql';

const BUFFER_ROWS = 8192;
const MAX_LISTED_GAPS = 1000;
const US_PER_DAY = 86_400_000_000;

type Six = readonly [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];

/** The six buffers of a six-column kind, undefined for other widths. */
function sixColumns(cols: readonly Float64Array[]): Six | undefined {
  const [a, b, c, d, e, f] = cols;
  if (cols.length !== 6 || a === undefined || b === undefined || c === undefined) return undefined;
  if (d === undefined || e === undefined || f === undefined) return undefined;
  return [a, b, c, d, e, f];
}

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
  /** Trades and quotes have six columns: each then written straight to its buffer. */
  readonly six: Six | undefined;
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
  /** True exactly when `validateRow` finds nothing wrong with a row (no allocation). */
  readonly isValid: (src: Float64Array, base: number) => boolean;
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
    this.isValid = validityTest(kind);
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
    const buffer = Array.from({ length: this.row.length }, () => new Float64Array(BUFFER_ROWS));
    this.files.push({
      writer: new ParquetDoublesWriter(
        this.pathOf(index),
        KIND_COLUMNS[this.kind].map((c) => c.name),
      ),
      buffer,
      six: sixColumns(buffer),
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
    if (stats === undefined) throw new Error(`stream ${stream} unknown`);
    const verdict = validateRow(this.kind, src, base);
    if (verdict !== null) {
      stats.rowsRead++;
      this.recordReject(stats, stream, line, verdict[0], verdict[1], raw);
      return;
    }
    // One implementation of the statistics: a run of one row, at `base` (stride 1).
    this.oneRow[0] = base;
    this.acceptValidRows(stream, src, 1, this.oneRow, 0, 1);
  }

  /** The single row index `acceptFrom` hands to `acceptValidRows`. */
  private readonly oneRow = new Int32Array(1);

  /**
   * {@link StagingArea.acceptFrom} for rows of one stream known to be valid (`isValid`), in
   * arrival order: row k is the kind's columns at `src[rows[k] * stride ..]`, for k in
   * [from, to). One loop with the statistics in locals (a parsed block's fast path stages a
   * stream's rows of the block in one call, at a fraction of the cost of a call per row).
   */
  acceptValidRows(
    stream: number,
    src: Float64Array,
    stride: number,
    rows: Int32Array,
    from: number,
    to: number,
  ): void {
    const stats = this.stats[stream];
    const t = this.files[stream];
    if (stats === undefined || t === undefined) throw new Error(`stream ${stream} unknown`);
    if (to <= from) return;
    if (stats.lastFile !== this.fileIndex) {
      stats.files.add(this.fileIndex);
      stats.lastFile = this.fileIndex;
    }
    const cols = t.buffer;
    const width = cols.length;
    const six = t.six;
    const gapUs = this.gapThresholdUs;
    // Dedup keys: trade id for trades, open time for bars.
    const idCol = this.dedupById ? (this.kind === 'trades' ? 2 : 0) : -1;
    let firstTs = stats.firstTsUs;
    let lastTs = stats.lastTsUs;
    let maxKey = stats.maxKey;
    let outOfOrder = stats.outOfOrder;
    let dayStart = stats.dayStartUs;
    let lastId = stats.lastId;
    let monotone = stats.idsMonotone;
    let fill = t.fill;
    for (let k = from; k < to; k++) {
      const base = (rows[k] as number) * stride;
      const ts = src[base] as number;
      const local = src[base + 1] as number;
      const key = local === local ? local : ts;
      if (ts < firstTs) firstTs = ts;
      if (ts > lastTs) lastTs = ts;
      if (key < maxKey) outOfOrder++;
      else {
        if (key - maxKey > gapUs && maxKey !== Number.NEGATIVE_INFINITY) {
          stats.gapCount++;
          if (stats.gaps.length < MAX_LISTED_GAPS)
            stats.gaps.push({ fromTsUs: maxKey, toTsUs: key, seconds: (key - maxKey) / 1e6 });
        }
        maxKey = key;
      }
      // The day changes rarely: a division only when the key leaves the current day.
      if (!(key >= dayStart && key < dayStart + US_PER_DAY)) {
        const day = Math.floor(key / US_PER_DAY);
        stats.days.add(day);
        dayStart = day * US_PER_DAY;
      }
      if (idCol >= 0) {
        const id = src[base + idCol] as number;
        if (id === id) {
          if (id > lastId) lastId = id;
          else monotone = false;
        }
      }
      if (six !== undefined) {
        six[0][fill] = ts;
        six[1][fill] = local;
        six[2][fill] = src[base + 2] as number;
        six[3][fill] = src[base + 3] as number;
        six[4][fill] = src[base + 4] as number;
        six[5][fill] = src[base + 5] as number;
      } else for (let c = 0; c < width; c++) (cols[c] as Float64Array)[fill] = src[base + c] as number;
      if (++fill === BUFFER_ROWS) {
        t.writer.appendRowGroup(cols, BUFFER_ROWS);
        fill = 0;
      }
    }
    t.fill = fill;
    stats.rowsRead += to - from;
    stats.accepted += to - from;
    stats.firstTsUs = firstTs;
    stats.lastTsUs = lastTs;
    stats.maxKey = maxKey;
    stats.outOfOrder = outOfOrder;
    stats.dayStartUs = dayStart;
    stats.lastId = lastId;
    stats.idsMonotone = monotone;
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
