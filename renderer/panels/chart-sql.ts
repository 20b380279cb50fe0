import type { DatasetSummary } from '@contract/dto';

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

const NICE_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 86400];

/** A bar interval that gives about `target` candles over the dataset's span. */
export function chooseIntervalS(d: DatasetSummary, target = 300): number {
  if (d.firstTsUs === null || d.lastTsUs === null) return 60;
  const spanS = (d.lastTsUs - d.firstTsUs) / 1e6;
  return NICE_SECONDS.find((s) => spanS / s <= target) ?? 86_400;
}

/**
 * The OHLC query of a dataset with columns (time s, open, high, low, close): stored bars as they
 * are, trades and quotes (mid price) bucketed. `undefined` for kinds that have no price series.
 */
export function candlesSql(d: DatasetSummary, intervalS: number): string | undefined {
  // The lake's views carry the dataset name on every row.
  const where = `dataset = ${sqlString(d.name)}`;
  const bucket = `(ts_us // ${intervalS * 1_000_000}) * ${intervalS}`;
  const ohlc = (px: string, from: string): string =>
    `SELECT ${bucket} AS t, arg_min(${px}, ts_us) AS open, max(${px}) AS high, min(${px}) AS low, arg_max(${px}, ts_us) AS close FROM ${from} WHERE ${where} GROUP BY 1 ORDER BY 1`;
  switch (d.kind) {
    case 'bars':
      return `SELECT ts_us // 1000000 AS t, open, high, low, close FROM bars WHERE ${where} ORDER BY 1`;
    case 'trades':
      return ohlc('price', 'trades');
    case 'quotes':
      return ohlc('(bid_px + ask_px) / 2', 'quotes');
    case 'book':
      return undefined;
  }
}
