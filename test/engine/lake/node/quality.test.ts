// Issue 2, requirements 4 and 5: duplicates, out-of-order rows (stored sorted), gaps, feed
// latency, and timestamp units (s, ms, µs, ns → the same µs; mixed units rejected).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Lake } from '../../../../engine/lake/node/lake';
import type { DatasetInfo } from '../../../../engine/lake/node/lake-types';
import {
  TARDIS_TRADES_HEADER,
  cleanup,
  quantileCont,
  rows,
  sqlStr,
  tempDir,
  writeLines,
} from './lake-helpers';

const dir = tempDir('tb-qual-');
let lake: Lake;
let fileNo = 0;

const T0 = 1_700_000_000_000_000;

/** A Tardis trades line. */
function trade(o: {
  venue?: string;
  symbol?: string;
  ts: number | string;
  local?: number | string;
  id: number;
  side?: string;
  price?: number;
  size?: number;
}): string {
  return [
    o.venue ?? 'binance-futures',
    o.symbol ?? 'BTCUSDT',
    o.ts,
    o.local ?? '',
    o.id,
    o.side ?? 'buy',
    o.price ?? 100,
    o.size ?? 1,
  ].join(',');
}

async function importLines(
  lines: readonly string[],
  options: { gapThresholdS?: number; dataset?: string } = {},
): Promise<DatasetInfo[]> {
  fileNo++;
  const path = writeLines(dir, `q-${fileNo}.csv`, lines);
  const r = await lake.importFiles([path], {
    dataset: options.dataset ?? `q${fileNo}`,
    ...(options.gapThresholdS !== undefined ? { gapThresholdS: options.gapThresholdS } : {}),
  });
  return [...r.datasets];
}

function one(ds: readonly DatasetInfo[]): DatasetInfo {
  expect(ds.length).toBe(1);
  const d = ds[0];
  if (d === undefined) throw new Error('no dataset');
  return d;
}

beforeAll(async () => {
  lake = await Lake.open(join(dir, 'ws'));
});

afterAll(async () => {
  await lake.close();
  cleanup(dir);
});

describe('duplicates', () => {
  it('drops repeated (venue, symbol, trade id), keeps the first, counts the rest; other venues/symbols are not duplicates', async () => {
    const lines = [
      TARDIS_TRADES_HEADER,
      trade({ ts: T0 + 1000, local: T0 + 1100, id: 1, price: 101 }),
      trade({ ts: T0 + 2000, local: T0 + 2100, id: 2, price: 102 }),
      trade({ ts: T0 + 3000, local: T0 + 3100, id: 3, price: 103 }),
      trade({ ts: T0 + 2000, local: T0 + 4100, id: 2, price: 999 }), // duplicate of id 2
      trade({ ts: T0 + 5000, local: T0 + 5100, id: 4, price: 104 }),
      trade({ ts: T0 + 3000, local: T0 + 6100, id: 3, price: 998 }), // duplicate of id 3
      trade({ ts: T0 + 3000, local: T0 + 6200, id: 3, price: 997 }), // and again
      trade({ symbol: 'ETHUSDT', ts: T0 + 2000, local: T0 + 2100, id: 2, price: 5 }), // other symbol
      trade({ venue: 'binance', ts: T0 + 2000, local: T0 + 2100, id: 2, price: 7 }), // other venue
    ];
    fileNo++;
    const ds = [...(await lake.importFiles([writeLines(dir, `dups-${fileNo}.csv`, lines)])).datasets];
    expect(ds.length).toBe(3);
    const btc = ds.find((d) => d.venue === 'binance-futures' && d.symbol === 'BTCUSDT');
    expect(btc?.duplicates).toBe(3);
    expect(btc?.rows).toBe(4);
    expect(btc?.quality.rowsRead).toBe(7);
    expect(btc?.quality.rowsRead).toBe(
      (btc?.quality.accepted ?? 0) + (btc?.quality.rejected ?? 0) + (btc?.quality.duplicates ?? 0),
    );
    const stored = await rows(
      lake,
      `SELECT trade_id, price FROM trades WHERE dataset = ${sqlStr(btc?.name ?? '')} ORDER BY trade_id`,
    );
    expect(stored).toEqual([
      [1, 101],
      [2, 102],
      [3, 103],
      [4, 104],
    ]);
    for (const d of ds.filter((x) => x !== btc)) {
      expect(d.duplicates).toBe(0);
      expect(d.rows).toBe(1);
    }
    // The dropped rows are not part of the dataset's feed latency either.
    expect(btc?.quality.feedLatency?.count).toBe(4);
    expect(btc?.quality.feedLatency?.maxUs).toBe(100);
  });

  it('--dataset names every stream when one symbol comes from two venues', async () => {
    const lines = [
      TARDIS_TRADES_HEADER,
      trade({ ts: T0 + 1000, local: T0 + 1100, id: 1 }),
      trade({ venue: 'binance', ts: T0 + 2000, local: T0 + 2100, id: 1 }),
      trade({ symbol: 'ETHUSDT', ts: T0 + 3000, local: T0 + 3100, id: 1 }),
    ];
    const ds = await importLines(lines, { dataset: 'two-venues' });
    expect(ds.map((d) => `${d.venue} ${d.symbol} ${d.rows}`).sort()).toEqual([
      'binance BTCUSDT 1',
      'binance-futures BTCUSDT 1',
      'binance-futures ETHUSDT 1',
    ]);
    expect(new Set(ds.map((d) => d.name)).size).toBe(3);
    for (const d of ds) expect(d.name.startsWith('two-venues.')).toBe(true);
  });
});

describe('out-of-order rows', () => {
  it('are counted and stored sorted by receive time; ties keep the source order', async () => {
    const locals = [10, 30, 20, 40, 15, 50, 50, 45];
    const ids = [1, 2, 3, 4, 5, 7, 6, 8];
    const lines = [
      TARDIS_TRADES_HEADER,
      ...locals.map((l, i) => trade({ ts: T0 + l * 1000 - 500, local: T0 + l * 1000, id: ids[i] ?? 0 })),
    ];
    const d = one(await importLines(lines));
    // Independent count: rows whose key is below the running maximum.
    let max = -Infinity;
    let ooo = 0;
    for (const l of locals) {
      if (l < max) ooo++;
      else max = l;
    }
    expect(ooo).toBe(3);
    expect(d.quality.outOfOrder).toBe(ooo);
    expect(d.rows).toBe(locals.length);
    const stored = await rows(
      lake,
      `SELECT local_ts_us, trade_id FROM trades WHERE dataset = ${sqlStr(d.name)}`,
    );
    const expected = locals
      .map((l, i) => ({ l, id: ids[i] ?? 0, i }))
      .sort((a, b) => a.l - b.l || a.i - b.i)
      .map((r) => [T0 + r.l * 1000, r.id]);
    expect(stored).toEqual(expected);
    // Straight from the dataset's Parquet files, in file order.
    const files = await lake.datasetFiles(d.name);
    const raw = await rows(lake, `SELECT trade_id FROM read_parquet([${files.map(sqlStr).join(', ')}])`);
    expect(raw).toEqual(expected.map((r) => [r[1]]));
  });

  it('are sorted by exchange time where the source has no receive time (Binance trades CSV)', async () => {
    fileNo++;
    const ms = [5, 1, 3, 2, 8, 8, 7];
    const lines = [
      'id,price,qty,quote_qty,time,is_buyer_maker,is_best_match',
      ...ms.map((m, i) => `${i + 1},100,1,100,${1_723_075_200_000 + m},false,true`),
    ];
    const path = writeLines(dir, `ETHUSDT-trades-2024-08-08-${fileNo}.csv`, lines);
    const d = one((await lake.importFiles([path], { dataset: 'ooo-exchange' })).datasets);
    expect(d.quality.outOfOrder).toBe(4);
    const stored = await rows(
      lake,
      `SELECT ts_us, local_ts_us, trade_id FROM trades WHERE dataset = 'ooo-exchange'`,
    );
    const expected = ms
      .map((m, i) => ({ m, i }))
      .sort((a, b) => a.m - b.m || a.i - b.i)
      .map((r) => [(1_723_075_200_000 + r.m) * 1000, null, r.i + 1]);
    expect(stored).toEqual(expected);
  });
});

describe('gaps', () => {
  it('lists gaps longer than gapThresholdS with their bounds (rows in order)', async () => {
    // Receive times in ms: gaps of 2.5 s and 6.8 s; exactly 1 s is not a gap.
    const ms = [0, 500, 3000, 3200, 10000, 11000, 11500];
    const lines = [
      TARDIS_TRADES_HEADER,
      ...ms.map((m, i) => trade({ ts: T0 + m * 1000 - 100, local: T0 + m * 1000, id: i + 1 })),
    ];
    const d = one(await importLines(lines, { gapThresholdS: 1 }));
    expect(d.quality.gapThresholdS).toBe(1);
    expect(d.quality.gapCount).toBe(2);
    expect(d.quality.gaps).toEqual([
      { fromTsUs: T0 + 500_000, toTsUs: T0 + 3_000_000, seconds: 2.5 },
      { fromTsUs: T0 + 3_200_000, toTsUs: T0 + 10_000_000, seconds: 6.8 },
    ]);
  });

  it('are found on the sorted rows when the file is out of order', async () => {
    const ms = [0, 5000, 2000, 9000, 9500];
    const lines = [
      TARDIS_TRADES_HEADER,
      ...ms.map((m, i) => trade({ ts: T0 + m * 1000 - 100, local: T0 + m * 1000, id: i + 1 })),
    ];
    const d = one(await importLines(lines, { gapThresholdS: 1 }));
    expect(d.quality.outOfOrder).toBe(1);
    expect(d.quality.gaps).toEqual([
      { fromTsUs: T0, toTsUs: T0 + 2_000_000, seconds: 2 },
      { fromTsUs: T0 + 2_000_000, toTsUs: T0 + 5_000_000, seconds: 3 },
      { fromTsUs: T0 + 5_000_000, toTsUs: T0 + 9_000_000, seconds: 4 },
    ]);
    expect(d.quality.gapCount).toBe(3);
  });

  it('the default threshold is 60 s', async () => {
    const lines = [
      TARDIS_TRADES_HEADER,
      trade({ ts: T0, local: T0 + 1, id: 1 }),
      trade({ ts: T0 + 60_000_000, local: T0 + 60_000_001, id: 2 }),
      trade({ ts: T0 + 121_000_000, local: T0 + 121_000_001, id: 3 }),
    ];
    const d = one(await importLines(lines));
    expect(d.quality.gapThresholdS).toBe(60);
    expect(d.quality.gaps).toEqual([{ fromTsUs: T0 + 60_000_001, toTsUs: T0 + 121_000_001, seconds: 61 }]);
  });
});

describe('feed latency', () => {
  it('min/p50/p99/max/mean of local − exchange equal an independent computation', async () => {
    const lat = [120, 80, 300, 95, 1000, 60, 75, 410, 88, 130, 2500];
    const lines = [
      TARDIS_TRADES_HEADER,
      ...lat.map((l, i) => trade({ ts: T0 + i * 10_000, local: T0 + i * 10_000 + l, id: i + 1 })),
    ];
    const d = one(await importLines(lines));
    const sorted = [...lat].sort((a, b) => a - b);
    expect(d.quality.feedLatency).toEqual({
      count: lat.length,
      minUs: sorted[0],
      p50Us: quantileCont(sorted, 0.5),
      p99Us: quantileCont(sorted, 0.99),
      maxUs: sorted[sorted.length - 1],
      meanUs: Math.round(lat.reduce((s, x) => s + x, 0) / lat.length),
    });
    expect(d.quality.feedLatency?.p99Us).toBeCloseTo(2500 - 0.1 * (2500 - 1000), 9);
  });

  it('is null where there is no receive time', async () => {
    const d = await lake.getDataset('ooo-exchange');
    expect(d.quality.feedLatency).toBeNull();
  });
});

/** A µs epoch time written in unit `u` (exactly, as text). */
function inUnit(us: bigint, u: 's' | 'ms' | 'us' | 'ns'): string {
  switch (u) {
    case 's':
      return `${us / 1_000_000n}.${String(us % 1_000_000n).padStart(6, '0')}`;
    case 'ms':
      return `${us / 1000n}.${String(us % 1000n).padStart(3, '0')}`;
    case 'us':
      return String(us);
    case 'ns':
      return `${us}000`;
  }
}

describe('timestamp units', () => {
  const times = [
    1_700_000_001_500_123n,
    1_700_000_002_000_000n,
    1_700_000_002_999_999n,
    1_700_000_060_000_001n,
  ];
  const units = ['s', 'ms', 'us', 'ns'] as const;

  it('s, ms, µs and ns files give the same µs values (each in its own import)', async () => {
    const results: unknown[][] = [];
    for (const u of units) {
      const lines = [
        TARDIS_TRADES_HEADER,
        ...times.map((t, i) => trade({ ts: inUnit(t, u), local: inUnit(t + 250n, u), id: i + 1 })),
      ];
      const d = one(await importLines(lines, { dataset: `unit-${u}` }));
      expect(d.rows).toBe(times.length);
      expect(d.quality.timestampUnits).toEqual({ ts_us: u, local_ts_us: u });
      const got = await rows(
        lake,
        `SELECT ts_us, local_ts_us FROM trades WHERE dataset = ${sqlStr(d.name)} ORDER BY trade_id`,
      );
      expect(got).toEqual(times.map((t) => [Number(t), Number(t + 250n)]));
      results.push(got);
    }
    expect(results.length).toBe(4);
  });

  it('integer seconds and milliseconds convert too', async () => {
    const s = [1_700_000_001, 1_700_000_002];
    const lines = [
      TARDIS_TRADES_HEADER,
      ...s.map((x, i) => trade({ ts: x, local: x * 1000 + 7, id: i + 1 })),
    ];
    const d = one(await importLines(lines));
    expect(d.quality.timestampUnits).toEqual({ ts_us: 's', local_ts_us: 'ms' });
    expect(
      await rows(
        lake,
        `SELECT ts_us, local_ts_us FROM trades WHERE dataset = ${sqlStr(d.name)} ORDER BY trade_id`,
      ),
    ).toEqual(s.map((x) => [x * 1_000_000, x * 1_000_000 + 7000]));
  });

  it("a file mixing units rejects the odd rows with reason 'bad timestamp'", async () => {
    const t = times[0] ?? 0n;
    const lines = [
      TARDIS_TRADES_HEADER,
      trade({ ts: inUnit(t, 'us'), local: inUnit(t + 1n, 'us'), id: 1 }), // 2: first value fixes µs
      trade({ ts: inUnit(t + 1000n, 'ms'), local: inUnit(t + 1001n, 'us'), id: 2 }), // 3: ms
      trade({ ts: inUnit(t + 2000n, 'us'), local: inUnit(t + 2001n, 'us'), id: 3 }), // 4 ok
      trade({ ts: inUnit(t + 3000n, 'ns'), local: inUnit(t + 3001n, 'us'), id: 4 }), // 5: ns
      trade({ ts: inUnit(t + 4000n, 'us'), local: inUnit(t + 4001n, 's'), id: 5 }), // 6: receive time in s
      trade({ ts: inUnit(t + 5000n, 'us'), local: inUnit(t + 5001n, 'us'), id: 6 }), // 7 ok
    ];
    const d = one(await importLines(lines));
    expect(d.rows).toBe(3);
    expect(d.quality.rejectReasons).toEqual({ 'bad timestamp': 3 });
    const rej = await lake.rejectedRows(d.name, 10);
    expect(rej.map((r) => [r.line, r.reason.split(':')[0], r.raw])).toEqual(
      [3, 5, 6].map((l) => [l, 'bad timestamp', lines[l - 1]]),
    );
    expect(
      await rows(lake, `SELECT trade_id FROM trades WHERE dataset = ${sqlStr(d.name)} ORDER BY trade_id`),
    ).toEqual([[1], [3], [6]]);
  });
});
