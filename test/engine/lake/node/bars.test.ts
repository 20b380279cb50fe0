// Issue 2, requirement 10: OHLCV bars with trade counts equal an independent computation from
// the raw trades (bucket = exchange time floored to the interval; open/close = first/last by
// (exchange time, trade id)).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { buildBars, parseIntervalS } from '../../../../engine/lake/node/bars';
import { Lake } from '../../../../engine/lake/node/lake';
import {
  TARDIS_DIR,
  WS_DIR,
  cleanup,
  csvDataLines,
  readCapture,
  rows,
  sqlStr,
  tempDir,
  type RawTrade,
} from './lake-helpers';

const dir = tempDir('tb-bars-');
let lake: Lake;
const CAPTURE = 'usdm_ethusdt_20240718.jsonl.gz';
const TRADES = join(TARDIS_DIR, 'binance-futures_trades_BTCUSDT.csv');

type Bar = [number, number, number, number, number, number, number, number];

/** Independent OHLCV: [ts_us, interval_s, open, high, low, close, volume, trades] per bucket. */
function referenceBars(trades: readonly RawTrade[], intervalS: number): Bar[] {
  const bucketUs = intervalS * 1_000_000;
  const sorted = [...trades].sort((a, b) => a.tsUs - b.tsUs || a.id - b.id);
  const out: Bar[] = [];
  for (const t of sorted) {
    const start = Math.floor(t.tsUs / bucketUs) * bucketUs;
    const last = out[out.length - 1];
    if (last?.[0] !== start) out.push([start, intervalS, t.price, t.price, t.price, t.price, t.size, 1]);
    else {
      last[3] = Math.max(last[3], t.price);
      last[4] = Math.min(last[4], t.price);
      last[5] = t.price;
      last[6] += t.size;
      last[7] += 1;
    }
  }
  return out;
}

function expectBars(got: readonly (readonly unknown[])[], ref: readonly Bar[]): void {
  expect(got.length).toBe(ref.length);
  got.forEach((g, i) => {
    const r = ref[i] ?? [];
    // Everything exact but the volume (a float sum in another order): 1e-12 relative.
    expect([g[0], g[1], g[2], g[3], g[4], g[5], g[7]]).toEqual([r[0], r[1], r[2], r[3], r[4], r[5], r[7]]);
    const v = r[6] ?? 0;
    expect(Math.abs(Number(g[6]) - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, v));
  });
}

const BAR_SQL = (name: string): string =>
  `SELECT ts_us, interval_s, open, high, low, close, volume, trades FROM bars WHERE dataset = ${sqlStr(name)} ORDER BY ts_us`;

beforeAll(async () => {
  lake = await Lake.open(join(dir, 'ws'));
  await lake.importFiles([join(WS_DIR, CAPTURE)], { dataset: 'cap' });
  await lake.importFiles([TRADES], { dataset: 'tardis' });
});

afterAll(async () => {
  await lake.close();
  cleanup(dir);
});

describe('bars', () => {
  it('1m bars of a real capture equal the raw trades bucketed independently', async () => {
    const ref = referenceBars(readCapture(CAPTURE).trades, 60);
    expect(ref.length).toBeGreaterThanOrEqual(3);
    const info = await buildBars(lake, 'cap.trades', parseIntervalS('1m'));
    expect(info.name).toBe('cap.trades.bars-1m');
    expect(info.kind).toBe('bars');
    expect(info.rows).toBe(ref.length);
    expect(info.firstTsUs).toBe(ref[0]?.[0]);
    expect(info.lastTsUs).toBe(ref[ref.length - 1]?.[0]);
    expectBars(await rows(lake, BAR_SQL(info.name)), ref);
    expect(ref.reduce((s, b) => s + b[7], 0)).toBe((await lake.getDataset('cap.trades')).rows);
  });

  it('5s bars of the Tardis sample (equal timestamps ordered by trade id) equal the reference', async () => {
    const trades: RawTrade[] = csvDataLines(TRADES).map((f) => ({
      tsUs: Number(f[2]),
      localUs: Number(f[3]),
      id: Number(f[4]),
      side: f[5] === 'buy' ? 1 : -1,
      price: Number(f[6]),
      size: Number(f[7]),
    }));
    // The sample has trades sharing an exchange time with different prices: the tie-break matters.
    const byTs = new Map<number, Set<number>>();
    for (const t of trades) byTs.set(t.tsUs, (byTs.get(t.tsUs) ?? new Set()).add(t.price));
    expect([...byTs.values()].some((s) => s.size > 1)).toBe(true);
    const ref = referenceBars(trades, 5);
    const info = await buildBars(lake, 'tardis', 5, 'tardis-5s');
    expect(info.name).toBe('tardis-5s');
    expect(info.rows).toBe(ref.length);
    expectBars(await rows(lake, BAR_SQL('tardis-5s')), ref);
  });

  it('rejects bad intervals, non-trades datasets and existing names', async () => {
    for (const bad of ['0', '1x', '8d', '', '-1m']) expect(() => parseIntervalS(bad)).toThrow(/--interval/);
    expect(parseIntervalS('90')).toBe(90);
    expect(parseIntervalS('1h')).toBe(3600);
    await expect(buildBars(lake, 'cap.quotes', 60)).rejects.toThrow(/quotes/);
    await expect(buildBars(lake, 'cap.trades', 60)).rejects.toThrow(/already exists/);
    await expect(buildBars(lake, 'nope', 60)).rejects.toThrow(/not found/);
  });
});
