// Issue 2, requirement 2: the Tardis CSV samples import with their exact row counts (counted
// from the files in the test), each in its own import call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Lake } from '../../../../engine/lake/node/lake';
import type { DatasetInfo } from '../../../../engine/lake/node/lake-types';
import { TARDIS_DIR, cleanup, csvDataLines, csvHeader, rows, sqlStr, tempDir } from './lake-helpers';

const TRADES = join(TARDIS_DIR, 'binance-futures_trades_BTCUSDT.csv');
const QUOTES = join(TARDIS_DIR, 'binance-futures_quotes_BTCUSDT.csv');
const BOOK = join(TARDIS_DIR, 'binance-futures_book_snapshot_25_BTCUSDT.csv');

const dir = tempDir('tb-tardis-');
let lake: Lake;
const imported = new Map<string, DatasetInfo>();

beforeAll(async () => {
  lake = await Lake.open(join(dir, 'ws'));
  for (const [key, path] of [
    ['trades', TRADES],
    ['quotes', QUOTES],
    ['book', BOOK],
  ] as const) {
    const r = await lake.importFiles([path]);
    expect(r.datasets.length).toBe(1);
    const d = r.datasets[0];
    if (d !== undefined) imported.set(key, d);
  }
});

afterAll(async () => {
  await lake.close();
  cleanup(dir);
});

describe('Tardis CSV samples', () => {
  it('trades: one row per data line, values equal the file', async () => {
    const lines = csvDataLines(TRADES);
    const d = imported.get('trades');
    expect(d?.kind).toBe('trades');
    expect(d?.format).toBe('tardis-trades');
    expect(d?.venue).toBe('binance-futures');
    expect(d?.symbol).toBe('BTCUSDT');
    expect(d?.rows).toBe(lines.length);
    expect(d?.rejected).toBe(0);
    expect(d?.quality.timestampUnits).toEqual({ ts_us: 'us', local_ts_us: 'us' });
    const stored = await rows(
      lake,
      `SELECT ts_us, local_ts_us, trade_id, side, price, size FROM trades WHERE dataset = ${sqlStr(d?.name ?? '')} ORDER BY trade_id`,
    );
    const expected = lines
      .map((f) => [
        Number(f[2]),
        Number(f[3]),
        Number(f[4]),
        f[5] === 'buy' ? 1 : -1,
        Number(f[6]),
        Number(f[7]),
      ])
      .sort((a, b) => (a[2] ?? 0) - (b[2] ?? 0));
    expect(stored).toEqual(expected);
    expect(d?.firstTsUs).toBe(Math.min(...expected.map((r) => r[0] ?? 0)));
    expect(d?.lastTsUs).toBe(Math.max(...expected.map((r) => r[0] ?? 0)));
  });

  it('quotes: one row per data line, bid/ask columns mapped by name', async () => {
    const lines = csvDataLines(QUOTES);
    const d = imported.get('quotes');
    expect(d?.kind).toBe('quotes');
    expect(d?.rows).toBe(lines.length);
    expect(d?.rejected).toBe(0);
    // exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount
    const stored = await rows(
      lake,
      `SELECT ts_us, local_ts_us, bid_px, bid_sz, ask_px, ask_sz FROM quotes WHERE dataset = ${sqlStr(d?.name ?? '')} ORDER BY local_ts_us, ts_us, bid_px, ask_px, bid_sz, ask_sz`,
    );
    const expected = lines
      .map((f) => [Number(f[2]), Number(f[3]), Number(f[6]), Number(f[7]), Number(f[5]), Number(f[4])])
      .sort((a, b) => {
        for (const i of [1, 0, 2, 4, 3, 5]) {
          const c = (a[i] ?? 0) - (b[i] ?? 0);
          if (c !== 0) return c;
        }
        return 0;
      });
    expect(stored).toEqual(expected);
  });

  it('book_snapshot_25: 2 × 25 levels per snapshot line minus empty levels, each flagged as snapshot', async () => {
    const header = csvHeader(BOOK);
    const lines = csvDataLines(BOOK);
    const priceCols = header.flatMap((h, i) => (/^(asks|bids)\[\d+\]\.price$/.test(h) ? [i] : []));
    expect(priceCols.length).toBe(50);
    const levels = lines.reduce((s, f) => s + priceCols.filter((i) => (f[i] ?? '') !== '').length, 0);
    const empty = lines.length * 50 - levels;
    const d = imported.get('book');
    expect(d?.kind).toBe('book');
    expect(d?.rows).toBe(2 * 25 * lines.length - empty);
    const bidCols = header.flatMap((h, i) => (/^bids\[\d+\]\.price$/.test(h) ? [i] : []));
    const bids = lines.reduce((s, f) => s + bidCols.filter((i) => (f[i] ?? '') !== '').length, 0);
    const agg = await rows(
      lake,
      `SELECT count(*) FILTER (WHERE side = 1), count(*) FILTER (WHERE is_snapshot), count(DISTINCT local_ts_us) FROM book WHERE dataset = ${sqlStr(d?.name ?? '')}`,
    );
    expect(agg[0]).toEqual([bids, d?.rows, new Set(lines.map((f) => f[3])).size]);
    // The best ask of the first snapshot, as stored.
    const first = lines[0] ?? [];
    const best = await rows(
      lake,
      `SELECT min(price) FROM book WHERE dataset = ${sqlStr(d?.name ?? '')} AND side = -1 AND local_ts_us = ${Number(first[3])}`,
    );
    expect(best).toEqual([[Number(first[header.indexOf('asks[0].price')])]]);
  });
});
