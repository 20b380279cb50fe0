import { TickbenchError } from '../../../core/errors';
import { KIND_COLUMNS, type DataKind } from '../../../model/kinds';
import type { StagingArea } from '../staging';
import { guessSymbol } from './binance-ws';
import { FieldError } from './csv-base';
import { FieldSplitter, parseSideText, TsColumn } from './fields';
import type { LineParser, ParseTarget } from './parser';

/** Source column names recognised for each target column, in order of preference. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  venue: ['venue', 'exchange'],
  symbol: ['symbol', 'instrument', 'pair', 'ticker'],
  ts_us: ['ts_us', 'timestamp', 'time', 'ts', 'datetime', 'open_time', 'transact_time'],
  local_ts_us: ['local_ts_us', 'local_timestamp', 'local_time', 'recv_time', 'receive_time'],
  trade_id: ['trade_id', 'id', 'tid'],
  price: ['price', 'px'],
  size: ['size', 'amount', 'qty', 'quantity'],
  side: ['side'],
  bid_px: ['bid_px', 'bid_price', 'bid'],
  bid_sz: ['bid_sz', 'bid_amount', 'bid_size', 'bid_qty'],
  ask_px: ['ask_px', 'ask_price', 'ask'],
  ask_sz: ['ask_sz', 'ask_amount', 'ask_size', 'ask_qty'],
  update_id: ['update_id', 'u'],
  first_update_id: ['first_update_id'],
  prev_update_id: ['prev_update_id', 'pu'],
  is_snapshot: ['is_snapshot', 'snapshot'],
  interval_s: ['interval_s'],
  open: ['open'],
  high: ['high'],
  low: ['low'],
  close: ['close'],
  volume: ['volume'],
  trades: ['trades', 'count', 'trade_count'],
};

/** Guesses the kind of a generic table from its column names. */
export function inferKind(columns: readonly string[]): DataKind {
  const has = (n: string): boolean => columns.includes(n);
  if (has('bid_px') || has('bid_price') || has('ask_px')) return 'quotes';
  if (has('open') && has('high') && has('low') && has('close')) return 'bars';
  if (has('update_id') || has('is_snapshot')) return 'book';
  return 'trades';
}

/**
 * Maps rows of text fields (from CSV, Parquet or Arrow) onto a kind's columns, with an
 * explicit mapping (`target → source`) or the aliases above. Used by every generic path,
 * so CSV, Parquet and Arrow imports share one set of rules.
 */
export class GenericRowMapper {
  readonly kind: DataKind;
  private readonly source: Int32Array;
  private readonly venueCol: number;
  private readonly symbolCol: number;
  private readonly tsCols: TsColumn[];
  private last: { key: string; s: { area: StagingArea; stream: number } } | undefined;
  fallback: { area: StagingArea; stream: number } | undefined;

  constructor(
    private readonly target: ParseTarget,
    header: readonly string[],
  ) {
    const names = header.map((h) => h.trim().toLowerCase());
    this.kind = target.kind ?? inferKind(names);
    const find = (t: string): number => {
      const mapped = target.mapping[t];
      if (mapped !== undefined) {
        const i = names.indexOf(mapped.toLowerCase());
        if (i < 0)
          throw new TickbenchError(
            'bad-input',
            `${target.fileName}: mapped column ${JSON.stringify(mapped)} (for ${t}) not found; columns: ${names.join(', ')}`,
          );
        return i;
      }
      for (const a of ALIASES[t] ?? [t]) {
        const i = names.indexOf(a);
        if (i >= 0) return i;
      }
      return -1;
    };
    const cols = KIND_COLUMNS[this.kind];
    this.source = Int32Array.from(cols.map((c) => find(c.name)));
    const missing = cols.filter(
      (c, i) => !c.nullable && (this.source[i] ?? -1) < 0 && !(c.name === 'is_snapshot' || c.name === 'side'),
    );
    if (missing.length > 0) {
      throw new TickbenchError(
        'bad-input',
        `${target.fileName}: no column for ${missing.map((c) => c.name).join(', ')} (kind ${this.kind}); columns: ${names.join(', ')}; map them with --map target=source`,
      );
    }
    this.venueCol = find('venue');
    this.symbolCol = find('symbol');
    this.tsCols = cols.map((c) => new TsColumn(c.name));
  }

  private streamFor(field: (i: number) => string): { area: StagingArea; stream: number } {
    const venue = this.target.venue ?? (this.venueCol >= 0 ? field(this.venueCol) : 'unknown');
    const symbol =
      this.target.symbol ?? (this.symbolCol >= 0 ? field(this.symbolCol) : guessSymbol(this.target.fileName));
    const key = `${venue}\u0000${symbol}`;
    if (this.last?.key === key) return this.last.s;
    const area = this.target.staging(this.kind);
    const s = { area, stream: area.streamFor(venue, symbol) };
    this.last = { key, s };
    this.fallback ??= s;
    return s;
  }

  /** The stream rows go to when a row cannot say (unparseable lines). */
  fallbackStream(): { area: StagingArea; stream: number } {
    if (this.fallback === undefined) {
      const area = this.target.staging(this.kind);
      this.fallback = {
        area,
        stream: area.streamFor(
          this.target.venue ?? 'unknown',
          this.target.symbol ?? guessSymbol(this.target.fileName),
        ),
      };
    }
    return this.fallback;
  }

  /** Maps and stages one row; `field(i)` gives source column i as text ('' for null). */
  row(field: (i: number) => string, line: number, raw: () => string): void {
    let s: { area: StagingArea; stream: number } | undefined;
    try {
      s = this.streamFor(field);
      const r = s.area.row;
      const cols = KIND_COLUMNS[this.kind];
      for (let c = 0; c < cols.length; c++) {
        const spec = cols[c];
        const src = this.source[c] ?? -1;
        if (spec === undefined) continue;
        const text = src >= 0 ? field(src).trim() : '';
        if (text === '') {
          if (spec.name === 'is_snapshot') r[c] = 0;
          else if (spec.nullable) r[c] = Number.NaN;
          else throw new FieldError('unparseable', `${spec.name} is empty`);
          continue;
        }
        if (spec.name.endsWith('ts_us')) {
          const col = this.tsCols[c];
          const v = col?.parseText(text) ?? Number.NaN;
          if (Number.isNaN(v)) throw new FieldError('bad timestamp', col?.failure(text) ?? spec.name);
          if (col?.unit !== undefined) s.area.noteUnit(s.stream, spec.name, col.unit);
          r[c] = v;
        } else if (spec.name === 'side') {
          const v = parseSideText(text);
          if (v === 0)
            throw new FieldError(
              'unknown side',
              `side ${JSON.stringify(text)} is not one of buy/sell/bid/ask/1/-1`,
            );
          r[c] = v;
        } else if (spec.name === 'is_snapshot') {
          r[c] = /^(true|1|t|yes)$/i.test(text) ? 1 : 0;
        } else {
          const v = Number(text);
          if (Number.isNaN(v) && !/^[+-]?(nan|inf|infinity)$/i.test(text))
            throw new FieldError('unparseable', `${spec.name} ${JSON.stringify(text)} is not a number`);
          r[c] = v;
        }
      }
      s.area.accept(s.stream, line, raw);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      const fb = s ?? this.fallbackStream();
      fb.area.reject(fb.stream, line, error.reason, error.detail, raw);
    }
  }
}

/** Generic CSV with a header row, mapped by name (`--map target=source` or aliases). */
export class GenericCsvParser implements LineParser {
  readonly format = 'csv' as const;
  readonly ignored = 0;
  private mapper: GenericRowMapper | undefined;
  private readonly f = new FieldSplitter();
  private dataRows = 0;
  private headerCount = 0;

  constructor(private readonly target: ParseTarget) {}

  onLine(buf: Buffer, start: number, end: number, line: number): void {
    const n = this.f.split(buf, start, end);
    if (this.mapper === undefined) {
      this.headerCount = n;
      this.mapper = new GenericRowMapper(
        this.target,
        Array.from({ length: n }, (_, i) => this.f.text(buf, i)),
      );
      return;
    }
    if (end <= start) return;
    this.dataRows++;
    const raw = (): string => buf.toString('utf8', start, end);
    if (n !== this.headerCount) {
      const fb = this.mapper.fallbackStream();
      fb.area.reject(fb.stream, line, 'unparseable', `expected ${this.headerCount} fields, got ${n}`, raw);
      return;
    }
    this.mapper.row((i) => this.f.text(buf, i), line, raw);
  }

  end(lines: number): void {
    if (lines === 0) throw new TickbenchError('bad-input', `${this.target.fileName}: empty file`);
    if (this.dataRows === 0)
      throw new TickbenchError('bad-input', `${this.target.fileName}: no data rows (only a header)`);
  }
}
