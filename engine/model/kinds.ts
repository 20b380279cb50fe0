/**
 * The four kinds of market data in the lake and their columns, defined once for the lake
 * (DuckDB/Parquet), the replay reader and the exporters.
 */
export const DATA_KINDS = ['trades', 'quotes', 'book', 'bars'] as const;
export type DataKind = (typeof DATA_KINDS)[number];

export function isDataKind(value: unknown): value is DataKind {
  return typeof value === 'string' && (DATA_KINDS as readonly string[]).includes(value);
}

/** DuckDB column types; `ts_us`-like columns are BIGINT µs since the epoch, UTC. */
export type ColumnType = 'BIGINT' | 'DOUBLE' | 'TINYINT' | 'INTEGER' | 'BOOLEAN' | 'VARCHAR';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
}

const col = (name: string, type: ColumnType, nullable = false): ColumnSpec => ({ name, type, nullable });

/** Columns of each kind, after `venue` and `symbol` (which every row carries). */
export const KIND_COLUMNS: Readonly<Record<DataKind, readonly ColumnSpec[]>> = {
  // side: +1 buyer-initiated (taker bought), -1 seller-initiated.
  trades: [
    col('ts_us', 'BIGINT'),
    col('local_ts_us', 'BIGINT', true),
    col('trade_id', 'BIGINT', true),
    col('price', 'DOUBLE'),
    col('size', 'DOUBLE'),
    col('side', 'TINYINT'),
  ],
  quotes: [
    col('ts_us', 'BIGINT'),
    col('local_ts_us', 'BIGINT', true),
    col('bid_px', 'DOUBLE'),
    col('bid_sz', 'DOUBLE'),
    col('ask_px', 'DOUBLE'),
    col('ask_sz', 'DOUBLE'),
  ],
  // One row per price level touched. Rows of one exchange message share update_id.
  // first_update_id / prev_update_id carry Binance's U and pu for the chain checks.
  // side: +1 bid, -1 ask. size 0 removes the level. is_snapshot: the row belongs to a full snapshot.
  book: [
    col('ts_us', 'BIGINT'),
    col('local_ts_us', 'BIGINT', true),
    col('update_id', 'BIGINT', true),
    col('first_update_id', 'BIGINT', true),
    col('prev_update_id', 'BIGINT', true),
    col('side', 'TINYINT'),
    col('price', 'DOUBLE'),
    col('size', 'DOUBLE'),
    col('is_snapshot', 'BOOLEAN'),
  ],
  bars: [
    col('ts_us', 'BIGINT'),
    col('interval_s', 'INTEGER'),
    col('open', 'DOUBLE'),
    col('high', 'DOUBLE'),
    col('low', 'DOUBLE'),
    col('close', 'DOUBLE'),
    col('volume', 'DOUBLE'),
    col('trades', 'BIGINT'),
  ],
};

/** Trade side: +1 buyer-initiated, -1 seller-initiated. */
export type TradeSide = 1 | -1;
/** Book side: +1 bid, -1 ask. */
export type BookSide = 1 | -1;
