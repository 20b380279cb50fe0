import { parseEpochUs, type EpochUnit } from '../bytes';
import type { StagingArea } from '../staging';
import type { LineParser, ParseTarget } from './parser';
import { TickbenchError } from '../../../core/errors';

/** Venue names follow Tardis: Binance spot, USD-M futures, COIN-M futures. */
export const BINANCE_SPOT = 'binance';
export const BINANCE_USDM = 'binance-futures';
export const BINANCE_COINM = 'binance-delivery';

type Json = Record<string, unknown>;

/** Recorded as the unit of `ts_us` when the receive time had to stand in for a missing exchange time. */
export const LOCAL_STANDS_IN = 'local (no exchange time)';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Decimal strings as Binance sends them; anything else is NaN (and rejected downstream). */
function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v === '') return Number.NaN;
  const n = Number(v);
  return Number.isNaN(n) && !/^[+-]?(nan|inf|infinity)$/i.test(v) ? Number.NaN : n;
}

/** Exchange ms → µs; NaN if absent. */
const msToUs = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v * 1000 : Number.NaN);

/**
 * Which Binance market a message comes from, decided by the message itself: COIN-M symbols
 * carry `_`; futures trades carry `X`, futures bookTickers `e`, futures depth diffs `pu`.
 */
export function binanceVenue(data: Json): string {
  const s = typeof data.s === 'string' ? data.s : '';
  if (s.includes('_')) return BINANCE_COINM;
  switch (data.e) {
    case 'trade':
      return 'X' in data ? BINANCE_USDM : BINANCE_SPOT;
    case 'depthUpdate':
      return 'pu' in data ? BINANCE_USDM : BINANCE_SPOT;
    case 'bookTicker':
      return BINANCE_USDM;
    default:
      return BINANCE_SPOT; // a spot bookTicker has no `e`
  }
}

/** Raw Binance WebSocket captures: `<local receive ns> <JSON message>` per line. */
export class BinanceWsParser implements LineParser {
  readonly format = 'binance-ws' as const;
  ignored = 0;
  private dataRows = 0;
  private readonly trades: StagingArea;
  private readonly quotes: StagingArea;
  private readonly book: StagingArea;
  private readonly unit: { unit: EpochUnit } = { unit: 'ns' };
  private fallbackStream: { area: StagingArea; stream: number } | undefined;

  constructor(private readonly target: ParseTarget) {
    this.trades = target.staging('trades');
    this.quotes = target.staging('quotes');
    this.book = target.staging('book');
  }

  onLine(buf: Buffer, start: number, end: number, line: number): void {
    if (end <= start) return;
    this.dataRows++;
    const raw = (): string => buf.toString('utf8', start, end);
    const space = buf.indexOf(32, start);
    const localUs = space > start && space < end ? parseEpochUs(buf, start, space, this.unit) : Number.NaN;
    let message: unknown;
    try {
      message = space > 0 && space < end ? JSON.parse(buf.toString('utf8', space + 1, end)) : undefined;
    } catch {
      message = undefined;
    }
    const data = isObject(message) ? (isObject(message.data) ? message.data : message) : undefined;
    if (data === undefined || Number.isNaN(localUs)) {
      const why = Number.isNaN(localUs)
        ? 'line does not start with a local receive time in ns'
        : 'invalid JSON message';
      this.rejectUnattributed(line, why, raw);
      return;
    }
    const venue = this.target.venue ?? binanceVenue(data);
    const symbol = this.target.symbol ?? (typeof data.s === 'string' ? data.s : '');
    if (data.e === 'trade') {
      this.trade(data, venue, symbol, localUs, line, raw);
    } else if (data.e === 'depthUpdate') {
      this.depth(data, venue, symbol, localUs, line, raw);
    } else if (
      data.e === 'bookTicker' ||
      (data.e === undefined && 'u' in data && 'b' in data && 'a' in data)
    ) {
      this.bookTicker(data, venue, symbol, localUs, line, raw);
    } else {
      this.dataRows--;
      this.ignored++;
    }
  }

  /** The message's stream in `area`, with the units of its timestamps noted. */
  private begin(area: StagingArea, d: Json, venue: string, symbol: string): number {
    const stream = area.streamFor(venue, symbol);
    area.noteUnit(stream, 'local_ts_us', this.unit.unit);
    if (d.T !== undefined || d.E !== undefined) area.noteUnit(stream, 'ts_us', 'ms');
    this.fallbackStream ??= { area, stream };
    return stream;
  }

  private trade(
    d: Json,
    venue: string,
    symbol: string,
    localUs: number,
    line: number,
    raw: () => string,
  ): void {
    const area = this.trades;
    const stream = this.begin(area, d, venue, symbol);
    const r = area.row;
    r[0] = msToUs(d.T ?? d.E);
    r[1] = localUs;
    r[2] = typeof d.t === 'number' ? d.t : Number.NaN;
    r[3] = num(d.p);
    r[4] = num(d.q);
    // m: the buyer is the maker, so the seller initiated the trade.
    r[5] = d.m === true ? -1 : d.m === false ? 1 : 0;
    area.accept(stream, line, raw);
  }

  private bookTicker(
    d: Json,
    venue: string,
    symbol: string,
    localUs: number,
    line: number,
    raw: () => string,
  ): void {
    const area = this.quotes;
    const stream = this.begin(area, d, venue, symbol);
    const r = area.row;
    // Spot bookTickers carry no exchange time: the receive time stands in for it.
    const ts = msToUs(d.T ?? d.E);
    if (Number.isNaN(ts)) area.noteUnit(stream, 'ts_us', LOCAL_STANDS_IN);
    r[0] = Number.isNaN(ts) ? localUs : ts;
    r[1] = localUs;
    r[2] = num(d.b);
    r[3] = num(d.B);
    r[4] = num(d.a);
    r[5] = num(d.A);
    area.accept(stream, line, raw);
  }

  private depth(
    d: Json,
    venue: string,
    symbol: string,
    localUs: number,
    line: number,
    raw: () => string,
  ): void {
    const area = this.book;
    const stream = this.begin(area, d, venue, symbol);
    const ts = msToUs(d.T ?? d.E);
    const u = typeof d.u === 'number' ? d.u : Number.NaN;
    const first = typeof d.U === 'number' ? d.U : Number.NaN;
    const prev = typeof d.pu === 'number' ? d.pu : Number.NaN;
    const sides: readonly [unknown, number][] = [
      [d.b, 1],
      [d.a, -1],
    ];
    let rows = 0;
    for (const [levels, side] of sides) {
      if (!Array.isArray(levels)) continue;
      for (const level of levels as unknown[]) {
        rows++;
        const r = area.row;
        r[0] = ts;
        r[1] = localUs;
        r[2] = u;
        r[3] = first;
        r[4] = prev;
        r[5] = side;
        const pair = Array.isArray(level) ? (level as unknown[]) : [];
        r[6] = num(pair[0]);
        r[7] = num(pair[1]);
        r[8] = 0;
        area.accept(stream, line, raw);
      }
    }
    // An empty diff is a valid message with no level rows.
    if (rows === 0) this.dataRows--;
  }

  private rejectUnattributed(line: number, why: string, raw: () => string): void {
    const fb = this.fallbackStream ?? this.firstStream();
    fb.area.reject(fb.stream, line, 'unparseable', why, raw);
  }

  /** Lines before any valid message are charged to a stream named after the file. */
  private firstStream(): { area: StagingArea; stream: number } {
    const area = this.trades;
    const stream = area.streamFor(
      this.target.venue ?? BINANCE_SPOT,
      this.target.symbol ?? guessSymbol(this.target.fileName),
    );
    this.fallbackStream = { area, stream };
    return this.fallbackStream;
  }

  end(): void {
    if (this.dataRows === 0 && this.ignored === 0) {
      throw new TickbenchError('bad-input', `${this.target.fileName}: no messages (empty capture)`);
    }
  }
}

/** `spot_btcusdt_20240808.jsonl.gz` → `BTCUSDT` (a best guess for lines with no parseable message). */
export function guessSymbol(fileName: string): string {
  const m = /(?:^|[_-])([a-z0-9]+(?:_perp)?)[_-]\d{8}/i.exec(fileName) ?? /^([A-Za-z0-9]+)-/.exec(fileName);
  return (m?.[1] ?? 'UNKNOWN').toUpperCase();
}
