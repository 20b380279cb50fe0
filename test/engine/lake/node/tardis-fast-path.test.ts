// The Tardis parsers' fast path must stage exactly what the general path stages: the same rows
// (bit for bit), the same rejects (line, reason, raw text), the same streams and statistics.
// Lines are generated with plain shapes and every kind of oddity mixed in.
import fc from 'fast-check';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataKind } from '../../../../engine/model/kinds';
import type { LineParser, ParseTarget } from '../../../../engine/lake/node/formats/parser';
import { TardisQuotesParser, TardisTradesParser } from '../../../../engine/lake/node/formats/tardis';
import { StagingArea } from '../../../../engine/lake/node/staging';
import { cleanup, parseTargetFor, plainStats, stagedTables, tempDir } from './lake-helpers';

let instance: DuckDBInstance;
let conn: DuckDBConnection;
let catalogs = 0;
const dir = tempDir('tb-fastpath-');

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
});

afterAll(() => {
  conn.closeSync();
  instance.closeSync();
  cleanup(dir);
});

class SlowTrades extends TardisTradesParser {
  protected override fastRow(): boolean {
    return false;
  }
}

class SlowQuotes extends TardisQuotesParser {
  protected override fastRow(): boolean {
    return false;
  }
}

/** Parses `lines` (given as one buffer, like a read chunk) and returns what was staged. */
async function stage(kind: DataKind, make: (t: ParseTarget) => LineParser, lines: readonly string[]) {
  const catalog = `fp${catalogs++}`;
  await conn.run(`ATTACH ':memory:' AS ${catalog}`);
  const area = new StagingArea(kind, dir, catalog, `rows${catalogs}`, 60e6);
  area.fileName = 'f.csv';
  const parser = make(parseTargetFor(area));
  const buf = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
  let start = 0;
  let n = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, start)) {
    n++;
    parser.onLine(buf, start, i, n);
    start = i + 1;
  }
  area.finish();
  const tables = await stagedTables(conn, area);
  await conn.run(`DETACH ${catalog}`);
  return { streams: area.streams, rejects: area.rejects, stats: plainStats(area), tables };
}

const T0 = 1_723_075_200_000_000;
const num = (lo: number, hi: number, dp: number): fc.Arbitrary<string> =>
  fc.integer({ min: lo, max: hi }).map((v) => (v / 10 ** dp).toFixed(dp));
const odd = fc.constantFrom(
  '',
  ' 1',
  '1e3',
  'NaN',
  '-inf',
  '"2"',
  '0x10',
  '1.2.3',
  '-5',
  '0',
  '1723075200000',
  '17230752000000050000',
);
const venue = fc.constantFrom('binance-futures', 'bybit', '', '"binance-futures"');
const symbol = fc.constantFrom('BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'X', '"ETHUSDT"', '');

/** A field that is usually plain and sometimes odd. */
const field = (plain: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof({ weight: 12, arbitrary: plain }, { weight: 1, arbitrary: odd });

const tradeLine = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .tuple(
        fc.oneof({ weight: 10, arbitrary: fc.constant('binance-futures') }, { weight: 1, arbitrary: venue }),
        fc.oneof(
          { weight: 10, arbitrary: fc.constantFrom('BTCUSDT', 'ETHUSDT') },
          { weight: 1, arbitrary: symbol },
        ),
        field(fc.integer({ min: 0, max: 1e9 }).map((d) => String(T0 + d))),
        fc.oneof(
          { weight: 10, arbitrary: fc.integer({ min: 0, max: 1e9 }).map((d) => String(T0 + d)) },
          { weight: 1, arbitrary: fc.constant('') },
          { weight: 1, arbitrary: odd },
        ),
        field(fc.integer({ min: 0, max: 1e9 }).map(String)),
        fc.oneof(
          { weight: 10, arbitrary: fc.constantFrom('buy', 'sell') },
          { weight: 1, arbitrary: fc.constantFrom('BUY', 'b', 'hold', '', ' sell') },
        ),
        field(num(-100, 1e8, 2)),
        field(num(-10, 1e6, 3)),
      )
      .map((f) => f.join(',')),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      'binance-futures,BTCUSDT,1',
      'a,b,c,d,e,f,g,h,i',
      'binance-futures,BTCUSDT,"1723075200000000",1723075200000000,1,buy,"1,5",2',
    ),
  },
);

const quoteLine = fc
  .tuple(
    fc.constant('binance-futures'),
    fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom('BTCUSDT', 'ETHUSDT') },
      { weight: 1, arbitrary: symbol },
    ),
    field(fc.integer({ min: 0, max: 1e9 }).map((d) => String(T0 + d))),
    field(fc.integer({ min: 0, max: 1e9 }).map((d) => String(T0 + d))),
    field(num(0, 1e6, 3)),
    field(num(5000, 6000, 1)),
    field(num(4000, 5500, 1)),
    field(num(0, 1e6, 3)),
  )
  .map((f) => f.join(','));

describe('Tardis fast path', () => {
  it('trades: stages exactly what the general path stages (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(tradeLine, { minLength: 1, maxLength: 60 }), async (lines) => {
        const all = ['exchange,symbol,timestamp,local_timestamp,id,side,price,amount', ...lines];
        const fast = await stage('trades', (t) => new TardisTradesParser(t), all);
        const slow = await stage('trades', (t) => new SlowTrades(t), all);
        expect(fast).toEqual(slow);
      }),
      { numRuns: 40 },
    );
  });

  it('quotes: stages exactly what the general path stages (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(quoteLine, { minLength: 1, maxLength: 60 }), async (lines) => {
        const all = [
          'exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount',
          ...lines,
        ];
        const fast = await stage('quotes', (t) => new TardisQuotesParser(t), all);
        const slow = await stage('quotes', (t) => new SlowQuotes(t), all);
        expect(fast).toEqual(slow);
      }),
      { numRuns: 40 },
    );
  });

  it('takes the fast path for plain rows (a reordered header too)', async () => {
    const header = 'symbol,exchange,local_timestamp,timestamp,side,id,amount,price';
    const rows = Array.from(
      { length: 50 },
      (_, i) => `SYM${i % 3},bybit,${T0 + i + 7},${T0 + i},${i % 2 ? 'buy' : 'sell'},${i},0.5,10${i}.25`,
    );
    let general = 0;
    class Counting extends TardisTradesParser {
      protected override fastRow(buf: Buffer, start: number, end: number, line: number): boolean {
        const ok = super.fastRow(buf, start, end, line);
        if (!ok) general++;
        return ok;
      }
    }
    const fast = await stage('trades', (t) => new Counting(t), [header, ...rows]);
    // The first row of each stream registers it through the general path; the rest are fast.
    expect(general).toBe(3);
    expect(fast).toEqual(await stage('trades', (t) => new SlowTrades(t), [header, ...rows]));
  });
});
