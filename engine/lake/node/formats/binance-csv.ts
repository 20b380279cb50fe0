import type { StagingArea } from '../staging';
import { BINANCE_SPOT, guessSymbol } from './binance-ws';
import { CsvParser, FieldError } from './csv-base';
import { TsColumn } from './fields';
import type { ParseTarget } from './parser';

type Stream = { area: StagingArea; stream: number };

/** Binance data-dump CSVs name the symbol only in the file name (`BTCUSDT-trades-2024-08-08.csv`). */
abstract class BinanceDumpParser extends CsvParser {
  protected stream: Stream | undefined;

  protected abstract readonly kind: 'trades' | 'bars';

  protected fallbackStream(): Stream {
    if (this.stream === undefined) {
      const area = this.target.staging(this.kind);
      const stream = area.streamFor(
        this.target.venue ?? BINANCE_SPOT,
        this.target.symbol ?? guessSymbol(this.target.fileName),
      );
      this.stream = { area, stream };
    }
    return this.stream;
  }

  /** `is_buyer_maker` (true/false, any case) → side: the maker bought, so the seller initiated. */
  protected side(i: number): number {
    const t = this.f.text(this.buf, i).trim().toLowerCase();
    if (t === 'true') return -1;
    if (t === 'false') return 1;
    throw new FieldError('unknown side', `is_buyer_maker ${JSON.stringify(t)} is not true/false`);
  }
}

/** `trades`: id, price, qty, quote_qty, time, is_buyer_maker[, is_best_match]. */
export class BinanceTradesParser extends BinanceDumpParser {
  readonly format = 'binance-trades' as const;
  protected readonly kind = 'trades' as const;
  private readonly time = new TsColumn('ts_us');

  constructor(target: ParseTarget) {
    super(target, ['id', 'price', 'qty', 'quote_qty', 'time', 'is_buyer_maker', 'is_best_match']);
  }

  protected requiredColumns(): readonly string[] {
    return ['id', 'price', 'qty', 'time', 'is_buyer_maker'];
  }

  protected row(line: number, raw: () => string): void {
    const s = this.fallbackStream();
    this.currentStream = s;
    const r = s.area.row;
    r[0] = this.ts(this.col('time'), this.time, s);
    r[1] = Number.NaN;
    r[2] = this.num(this.col('id'), 'id');
    r[3] = this.num(this.col('price'), 'price');
    r[4] = this.num(this.col('qty'), 'qty');
    r[5] = this.side(this.col('is_buyer_maker'));
    s.area.accept(s.stream, line, raw);
  }
}

/** `aggTrades`: agg_trade_id, price, quantity, first_trade_id, last_trade_id, transact_time, is_buyer_maker[, is_best_match]. */
export class BinanceAggTradesParser extends BinanceDumpParser {
  readonly format = 'binance-aggtrades' as const;
  protected readonly kind = 'trades' as const;
  private readonly time = new TsColumn('ts_us');

  constructor(target: ParseTarget) {
    super(target, [
      'agg_trade_id',
      'price',
      'quantity',
      'first_trade_id',
      'last_trade_id',
      'transact_time',
      'is_buyer_maker',
      'is_best_match',
    ]);
  }

  protected requiredColumns(): readonly string[] {
    return ['agg_trade_id', 'price', 'quantity', 'transact_time', 'is_buyer_maker'];
  }

  protected row(line: number, raw: () => string): void {
    const s = this.fallbackStream();
    this.currentStream = s;
    const r = s.area.row;
    r[0] = this.ts(this.col('transact_time'), this.time, s);
    r[1] = Number.NaN;
    r[2] = this.num(this.col('agg_trade_id'), 'agg_trade_id');
    r[3] = this.num(this.col('price'), 'price');
    r[4] = this.num(this.col('quantity'), 'quantity');
    r[5] = this.side(this.col('is_buyer_maker'));
    s.area.accept(s.stream, line, raw);
  }
}

const INTERVALS_S: Readonly<Record<string, number>> = {
  '1s': 1,
  '1m': 60,
  '3m': 180,
  '5m': 300,
  '15m': 900,
  '30m': 1800,
  '1h': 3600,
  '2h': 7200,
  '4h': 14400,
  '6h': 21600,
  '8h': 28800,
  '12h': 43200,
  '1d': 86400,
  '3d': 259200,
  '1w': 604800,
};

/** `klines`: open_time, open, high, low, close, volume, close_time, quote_volume, count, taker_buy_volume, taker_buy_quote_volume, ignore. */
export class BinanceKlinesParser extends BinanceDumpParser {
  readonly format = 'binance-klines' as const;
  protected readonly kind = 'bars' as const;
  private readonly open = new TsColumn('ts_us');
  private readonly close = new TsColumn('close_time');
  private readonly intervalS: number | undefined;

  constructor(target: ParseTarget) {
    super(target, [
      'open_time',
      'open',
      'high',
      'low',
      'close',
      'volume',
      'close_time',
      'quote_volume',
      'count',
      'taker_buy_volume',
      'taker_buy_quote_volume',
      'ignore',
    ]);
    const m = /-(\d+[smhdw])-/.exec(target.fileName);
    this.intervalS = m?.[1] !== undefined ? INTERVALS_S[m[1]] : undefined;
  }

  protected requiredColumns(): readonly string[] {
    return ['open_time', 'open', 'high', 'low', 'close', 'volume', 'close_time', 'count'];
  }

  protected row(line: number, raw: () => string): void {
    const s = this.fallbackStream();
    this.currentStream = s;
    const r = s.area.row;
    const openUs = this.ts(this.col('open_time'), this.open, s);
    const closeUs = this.ts(this.col('close_time'), this.close, undefined);
    // close_time is the last ms (or µs) of the bar: open + interval − 1 unit.
    const interval = this.intervalS ?? Math.round((closeUs - openUs) / 1e6);
    if (!(interval > 0))
      throw new FieldError('bad timestamp', `close_time ${closeUs} is not after open_time ${openUs}`);
    r[0] = openUs;
    r[1] = interval;
    r[2] = this.num(this.col('open'), 'open');
    r[3] = this.num(this.col('high'), 'high');
    r[4] = this.num(this.col('low'), 'low');
    r[5] = this.num(this.col('close'), 'close');
    r[6] = this.num(this.col('volume'), 'volume');
    r[7] = this.num(this.col('count'), 'count');
    s.area.accept(s.stream, line, raw);
  }
}
