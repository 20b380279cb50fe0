import { TickbenchError } from '../../../core/errors';
import { isNonFiniteToken, parseDecimal } from '../bytes';
import type { RejectReason } from '../quality-rules';
import type { StagingArea } from '../staging';
import { LINE_PLAIN, type BlockPlan, type ParsedBlock } from './block-scan';
import { FieldSplitter, type TsColumn } from './fields';
import type { LineParser, ParseTarget } from './parser';
import type { ImportFormat } from '../lake-types';

/** Thrown by row code for a field that does not parse; becomes an `unparseable` reject. */
export class FieldError extends Error {
  constructor(
    readonly reason: RejectReason,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/**
 * Common machinery of CSV formats: header handling, field splitting, column lookup by header
 * name (or fixed positions for headerless files), number and timestamp fields, and reject
 * attribution. Subclasses implement `row`.
 */
export abstract class CsvParser implements LineParser {
  abstract readonly format: ImportFormat;
  readonly ignored: number = 0;
  protected readonly f = new FieldSplitter();
  protected buf: Buffer = Buffer.alloc(0);
  /** Column index by header name (lower case), or by the format's fixed names when headerless. */
  protected cols = new Map<string, number>();
  protected hasHeader = false;
  protected expectedFields = 0;
  private dataRows = 0;
  private sawLine = false;
  protected fallback: { area: StagingArea; stream: number } | undefined;

  constructor(
    protected readonly target: ParseTarget,
    /** Column names in file order when the file has no header. */
    private readonly headerlessNames: readonly string[] | undefined,
  ) {}

  /** True when the first line is a header (not data). */
  protected isHeader(buf: Buffer, start: number, end: number): boolean {
    const first = buf[start] ?? 0;
    // Data lines of every supported format start with a digit or a letter-coded venue;
    // headers start with a letter and contain no digit-only first field.
    this.f.split(buf, start, end);
    const t = this.f.text(buf, 0).trim();
    if (this.headerlessNames !== undefined) return !/^-?\d/.test(t);
    return first !== 0 && !/^-?\d+(\.\d+)?$/.test(t);
  }

  /** The current line's bytes, for `raw`. */
  private lineStart = 0;
  private lineEnd = 0;
  /** The current line as text, for rejects: one closure per parser, not one per row. */
  protected readonly raw = (): string => this.buf.toString('utf8', this.lineStart, this.lineEnd);

  onLine(buf: Buffer, start: number, end: number, line: number): void {
    this.buf = buf;
    this.lineStart = start;
    this.lineEnd = end;
    if (!this.sawLine) {
      this.sawLine = true;
      if (this.isHeader(buf, start, end)) {
        this.hasHeader = true;
        this.cols = new Map(
          Array.from({ length: this.f.count }, (_, i) => [this.f.text(buf, i).trim().toLowerCase(), i]),
        );
        this.expectedFields = this.f.count;
        this.onHeader();
        return;
      }
      if (this.headerlessNames === undefined) {
        throw new TickbenchError(
          'bad-input',
          `${this.target.fileName}: line 1 is not a header; this format needs one`,
        );
      }
      this.cols = new Map(this.headerlessNames.map((n, i) => [n, i]));
      this.expectedFields = 0;
      this.onHeader();
    }
    if (end <= start) return;
    this.dataRows++;
    if (this.fastRow(buf, start, end, line)) return;
    const n = this.f.split(buf, start, end);
    const raw = this.raw;
    if (this.expectedFields > 0 && n !== this.expectedFields) {
      const fb = this.fallbackStream();
      fb.area.reject(fb.stream, line, 'unparseable', `expected ${this.expectedFields} fields, got ${n}`, raw);
      return;
    }
    this.currentStream = undefined;
    try {
      this.row(line, raw);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      const fb = this.attributedStream() ?? this.fallbackStream();
      fb.area.reject(fb.stream, line, error.reason, error.detail, raw);
    }
  }

  /**
   * Stages a block of lines scanned off-thread (see `BlockScanner`), its first line being line
   * `firstLine` of the file: lines marked plain through `parsedRow`, every other line (and a
   * plain one `parsedRow` declines) through `onLine`, in file order — so the staged rows,
   * rejects and statistics are those of feeding every line to `onLine`.
   */
  onBlock(buf: Buffer, block: ParsedBlock, firstLine: number): void {
    if (this.sawLine && this.stageWholeBlock(block)) {
      this.dataRows += block.lines;
      return;
    }
    const { starts, ends, status } = block;
    for (let i = 0; i < block.lines; i++) {
      const s = starts[i] ?? 0;
      const e = ends[i] ?? 0;
      const line = firstLine + i;
      if (status[i] === LINE_PLAIN && this.sawLine) {
        this.buf = buf;
        this.lineStart = s;
        this.lineEnd = e;
        if (this.parsedRow(block, i, line)) {
          this.dataRows++;
          continue;
        }
      }
      this.onLine(buf, s, e, line);
    }
  }

  /**
   * Stages a whole block at once when it can (every line plain and staged as `parsedRow` would
   * stage it, with the same result as line by line) and returns true; false, having changed
   * nothing, to have it staged line by line.
   */
  protected stageWholeBlock(_block: ParsedBlock): boolean {
    return false;
  }

  /**
   * Stages plain line `i` of a scanned block exactly as `fastRow` would stage it; false (having
   * changed nothing) when the line needs the general path. The current line is set for `raw`.
   */
  protected parsedRow(_block: ParsedBlock, _i: number, _line: number): boolean {
    return false;
  }

  /**
   * How a parse worker scans this file's plain lines, once the header is read; undefined for
   * formats without a fast path (they are parsed on the importing thread only).
   */
  blockPlan(): BlockPlan | undefined {
    return undefined;
  }

  /** The current row's stream if known (a method, so the compiler does not narrow the field). */
  private attributedStream(): { area: StagingArea; stream: number } | undefined {
    return this.currentStream;
  }

  /** The stream the current row belongs to, once the row code knows it (for reject attribution). */
  protected currentStream: { area: StagingArea; stream: number } | undefined;

  /** Validates the header (throws a bad-input error naming missing columns). */
  protected onHeader(): void {
    this.ix = Object.fromEntries(this.cols);
    const missing = this.requiredColumns().filter((c) => !this.cols.has(c));
    if (missing.length > 0) {
      throw new TickbenchError(
        'bad-input',
        `${this.target.fileName}: missing column(s) ${missing.join(', ')} for format ${this.format}; found ${[...this.cols.keys()].join(', ')}`,
      );
    }
  }

  /**
   * Stages a plain line without the general machinery (see `FusedScanner`); false when the
   * line needs the general path, which then handles it from scratch. Must stage exactly what
   * `row` would.
   */
  protected fastRow(_buf: Buffer, _start: number, _end: number, _line: number): boolean {
    return false;
  }

  protected abstract requiredColumns(): readonly string[];
  protected abstract row(line: number, raw: () => string): void;
  /** The stream rows of this file go to when the row itself cannot say. */
  protected abstract fallbackStream(): { area: StagingArea; stream: number };

  /** Column indexes by name, as a plain object: property reads are cheaper than Map lookups per field. */
  protected ix: Readonly<Record<string, number>> = {};

  /** Index of a column (validated in `onHeader`); -1 when absent. */
  protected col(name: string): number {
    return this.ix[name] ?? -1;
  }

  /** A number field; NaN/Inf tokens pass through (the validator rejects them as non-finite). */
  protected num(i: number, name: string): number {
    const q = this.f.unquoted.get(i);
    if (q !== undefined) {
      const v = q.trim() === '' ? Number.NaN : Number(q);
      if (Number.isNaN(v) && !/^[+-]?(nan|inf|infinity)$/i.test(q.trim()))
        throw new FieldError('unparseable', `${name} ${JSON.stringify(q)} is not a number`);
      return v;
    }
    const s = this.f.starts[i] ?? 0;
    const e = this.f.ends[i] ?? 0;
    const v = parseDecimal(this.buf, s, e);
    if (Number.isNaN(v) && !isNonFiniteToken(this.buf, s, e)) {
      throw new FieldError(
        'unparseable',
        `${name} ${JSON.stringify(this.f.text(this.buf, i))} is not a number`,
      );
    }
    return v;
  }

  /** An optional number field: empty → NaN (null). */
  protected optNum(i: number, name: string): number {
    if (i < 0) return Number.NaN;
    const s = this.f.starts[i] ?? 0;
    const e = this.f.ends[i] ?? 0;
    if (e <= s && !this.f.unquoted.has(i)) return Number.NaN;
    return this.num(i, name);
  }

  /** A timestamp field → µs. */
  protected ts(i: number, col: TsColumn, stream: { area: StagingArea; stream: number } | undefined): number {
    const q = this.f.unquoted.get(i);
    const v =
      q !== undefined ? col.parseText(q) : col.parse(this.buf, this.f.starts[i] ?? 0, this.f.ends[i] ?? 0);
    if (Number.isNaN(v)) throw new FieldError('bad timestamp', col.failure(this.f.text(this.buf, i)));
    if (stream !== undefined && col.unit !== undefined)
      stream.area.noteUnit(stream.stream, col.name, col.unit);
    return v;
  }

  /** Optional timestamp: empty → NaN. */
  protected optTs(
    i: number,
    col: TsColumn,
    stream: { area: StagingArea; stream: number } | undefined,
  ): number {
    if (i < 0) return Number.NaN;
    if ((this.f.ends[i] ?? 0) <= (this.f.starts[i] ?? 0) && !this.f.unquoted.has(i)) return Number.NaN;
    return this.ts(i, col, stream);
  }

  end(lines: number): void {
    if (lines === 0) throw new TickbenchError('bad-input', `${this.target.fileName}: empty file`);
    if (this.dataRows === 0) {
      throw new TickbenchError(
        'bad-input',
        `${this.target.fileName}: no data rows (${this.hasHeader ? 'only a header' : 'only blank lines'})`,
      );
    }
  }
}
