import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../electron/common/dto';
import { candlesSql, chooseIntervalS, sqlString } from '../../renderer/panels/chart-sql';

const base: DatasetSummary = {
  name: "it's",
  kind: 'trades',
  venue: "bin'ance",
  symbol: 'BTCUSDT',
  rows: 1,
  rejected: 0,
  duplicates: 0,
  firstTsUs: 1_700_000_000_000_000,
  lastTsUs: 1_700_000_000_000_000 + 300 * 1e6,
  format: 'csv',
  importedAt: '',
};

describe('chart queries', () => {
  it('escapes SQL strings', () => {
    expect(sqlString("a'b")).toBe("'a''b'");
  });
  it('picks an interval giving at most ~300 candles', () => {
    expect(chooseIntervalS(base)).toBe(1);
    expect(chooseIntervalS({ ...base, lastTsUs: (base.firstTsUs ?? 0) + 86_400 * 1e6 })).toBe(300);
    expect(chooseIntervalS({ ...base, firstTsUs: null })).toBe(60);
  });
  it('buckets trades by price and quotes by mid, leaves bars as stored and has nothing for book', () => {
    expect(candlesSql(base, 60)).toContain("FROM trades WHERE dataset = 'it''s' GROUP BY 1 ORDER BY 1");
    expect(candlesSql(base, 60)).toContain('(ts_us // 60000000) * 60 AS t, arg_min(price, ts_us) AS open');
    expect(candlesSql({ ...base, kind: 'quotes' }, 1)).toContain('max((bid_px + ask_px) / 2) AS high');
    expect(candlesSql({ ...base, kind: 'bars' }, 1)).toMatch(
      /^SELECT ts_us \/\/ 1000000 AS t, open, high, low, close FROM bars/,
    );
    expect(candlesSql({ ...base, kind: 'book' }, 1)).toBeUndefined();
  });
});
