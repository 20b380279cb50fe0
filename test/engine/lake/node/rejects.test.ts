// Issue 2, requirement 3: every reject reason, with crafted files in each family of formats.
// Each rejected row is stored with its file, 1-based line number, reason and raw text, and every
// quality summary balances: rows read = accepted + rejected + duplicates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Lake } from '../../../../engine/lake/node/lake';
import type { DatasetInfo, RejectedRow } from '../../../../engine/lake/node/lake-types';
import {
  TARDIS_QUOTES_HEADER,
  TARDIS_TRADES_HEADER,
  cleanup,
  num,
  rows,
  sqlStr,
  tempDir,
  writeLines,
} from './lake-helpers';

const dir = tempDir('tb-rej-');
let lake: Lake;

const T0 = 1_700_000_000_000_000; // µs
const tr = (
  i: number,
  rest: string,
  ts = String(T0 + i * 1000),
  local = String(T0 + i * 1000 + 50),
): string => `binance-futures,BTCUSDT,${ts},${local},${i},${rest}`;

/** Expected rejects: 1-based line → reason key. */
interface Case {
  readonly line: number;
  readonly reason: string;
}

// Tardis trades: line 1 is the header.
const TRADES_LINES = [
  TARDIS_TRADES_HEADER, // 1
  tr(1, 'buy,100.5,1'), // 2 ok
  tr(2, 'buy,1o0.5,1'), // 3 garbage number
  'binance-futures,BTCUSDT,1700000000003000,1700000000003050,3,buy,100.5', // 4 wrong field count
  tr(4, 'sell,NaN,1'), // 5 NaN
  tr(5, 'sell,100.5,inf'), // 6 Inf size
  tr(6, 'sell,0,1'), // 7 price 0
  tr(7, 'sell,-3,1'), // 8 price < 0
  tr(8, 'buy,100.5,-0.5'), // 9 size < 0
  tr(9, 'hold,100.5,1'), // 10 unknown side
  tr(10, 'buy,100.5,1', 'yesterday'), // 11 bad timestamp (not a number)
  tr(11, 'buy,100.5,1', '-1700000000011000'), // 12 bad timestamp (negative)
  tr(12, 'buy,100.5,0'), // 13 ok (size 0 is allowed)
  tr(13, 'buy,-Infinity,1'), // 14 non-finite price
  tr(14, 'sell,101,2'), // 15 ok
];
const TRADES_CASES: Case[] = [
  { line: 3, reason: 'unparseable' },
  { line: 4, reason: 'unparseable' },
  { line: 5, reason: 'non-finite' },
  { line: 6, reason: 'non-finite' },
  { line: 7, reason: 'price <= 0' },
  { line: 8, reason: 'price <= 0' },
  { line: 9, reason: 'size < 0' },
  { line: 10, reason: 'unknown side' },
  { line: 11, reason: 'bad timestamp' },
  { line: 12, reason: 'bad timestamp' },
  { line: 14, reason: 'non-finite' },
];

const q = (i: number, askAmt: string, askPx: string, bidPx: string, bidAmt: string): string =>
  `binance-futures,BTCUSDT,${T0 + i * 1000},${T0 + i * 1000 + 70},${askAmt},${askPx},${bidPx},${bidAmt}`;
const QUOTES_LINES = [
  TARDIS_QUOTES_HEADER, // 1
  q(1, '1', '101', '100', '2'), // 2 ok
  q(2, '1', '100', '100', '2'), // 3 crossed (bid == ask)
  q(3, '1', '99', '100', '2'), // 4 crossed (bid > ask)
  q(4, '1', '101', '100', 'nan'), // 5 NaN size
  q(5, '-1', '101', '100', '2'), // 6 size < 0
  q(6, '1', '101', '0', '2'), // 7 bid price 0
  q(7, '1', 'x101', '100', '2'), // 8 garbage
  q(8, '1', '101', '100.5', '2'), // 9 ok
];
const QUOTES_CASES: Case[] = [
  { line: 3, reason: 'crossed quote' },
  { line: 4, reason: 'crossed quote' },
  { line: 5, reason: 'non-finite' },
  { line: 6, reason: 'size < 0' },
  { line: 7, reason: 'price <= 0' },
  { line: 8, reason: 'unparseable' },
];

// Binance data-dump trades (symbol from the file name): id,price,qty,quote_qty,time,is_buyer_maker,is_best_match.
const MS0 = 1_723_075_200_000;
const BINANCE_LINES = [
  'id,price,qty,quote_qty,time,is_buyer_maker,is_best_match', // 1
  `1,60000.5,0.1,6000.05,${MS0 + 1},true,true`, // 2 ok
  `2,60000.5,0.1,6000.05,${MS0 + 2},maybe,true`, // 3 unknown side
  `3,sixty,0.1,6000.05,${MS0 + 3},false,true`, // 4 garbage number
  `4,60000.5,0.1,6000.05,${MS0 + 4},false`, // 5 wrong field count
  `5,60000.5,0.1,6000.05,not-a-time,false,true`, // 6 bad timestamp
  `6,60000.5,-0.1,6000.05,${MS0 + 6},false,true`, // 7 size < 0
  `7,0,0.1,0,${MS0 + 7},false,true`, // 8 price <= 0
  `8,60001,0.2,12000.2,${MS0 + 8},False,True`, // 9 ok
];
const BINANCE_CASES: Case[] = [
  { line: 3, reason: 'unknown side' },
  { line: 4, reason: 'unparseable' },
  { line: 5, reason: 'unparseable' },
  { line: 6, reason: 'bad timestamp' },
  { line: 7, reason: 'size < 0' },
  { line: 8, reason: 'price <= 0' },
];

// Binance WebSocket capture lines: `<local ns> <json>`.
const NS0 = 1_723_161_600_000_000_000n;
const wsTrade = (k: number, p: string, q2: string): string =>
  `${NS0 + BigInt(k) * 1_000_000n} {"stream":"btcusdt@trade","data":{"e":"trade","E":${1723161600000 + k},"s":"BTCUSDT","t":${k},"p":"${p}","q":"${q2}","T":${1723161600000 + k},"m":true,"M":true}}`;
const WS_LINES = [
  wsTrade(1, '60000.1', '0.5'), // 1 ok
  `${NS0 + 2_000_000n} {"stream":"btcusdt@trade","data":{"e":"trade",`, // 2 invalid JSON
  wsTrade(3, '0', '0.5'), // 3 price <= 0
  `garbage {"stream":"btcusdt@trade","data":{}}`, // 4 no local time
  wsTrade(5, '60000.2', '-1'), // 5 size < 0
  wsTrade(6, '60000.3', '0.25'), // 6 ok
];
const WS_CASES: Case[] = [
  { line: 2, reason: 'unparseable' },
  { line: 3, reason: 'price <= 0' },
  { line: 4, reason: 'unparseable' },
  { line: 5, reason: 'size < 0' },
];

const files = {
  trades: '',
  quotes: '',
  binance: '',
  ws: '',
};
const result = new Map<string, DatasetInfo>();

beforeAll(async () => {
  lake = await Lake.open(join(dir, 'ws'));
  files.trades = writeLines(dir, 'tardis-trades-bad.csv', TRADES_LINES);
  files.quotes = writeLines(dir, 'tardis-quotes-bad.csv', QUOTES_LINES);
  files.binance = writeLines(dir, 'BTCUSDT-trades-2024-08-08.csv', BINANCE_LINES);
  files.ws = writeLines(dir, 'spot_btcusdt_20240809.jsonl', WS_LINES);
  for (const [key, path] of Object.entries(files)) {
    const r = await lake.importFiles([path], { dataset: `rej-${key}` });
    expect(r.datasets.length).toBe(1);
    const d = r.datasets[0];
    if (d !== undefined) result.set(key, d);
  }
});

afterAll(async () => {
  await lake.close();
  cleanup(dir);
});

const reasonKey = (r: RejectedRow): string => r.reason.slice(0, r.reason.indexOf(':'));

async function checkRejects(
  key: keyof typeof files,
  lines: readonly string[],
  cases: readonly Case[],
  dataLines: number,
): Promise<void> {
  const d = result.get(key);
  if (d === undefined) throw new Error(`no dataset for ${key}`);
  const got = await lake.rejectedRows(d.name, 1000);
  expect(got.map((r) => [r.line, reasonKey(r)])).toEqual(cases.map((c) => [c.line, c.reason]));
  for (const r of got) {
    expect(r.file.endsWith(files[key].split('/').pop() ?? '?')).toBe(true);
    expect(r.raw).toBe(lines[r.line - 1]);
    expect(r.reason.length).toBeGreaterThan(reasonKey(r).length + 2); // a detail follows the key
  }
  expect(d.rejected).toBe(cases.length);
  expect(d.rows).toBe(dataLines - cases.length);
  const q2 = d.quality;
  expect(q2.rowsRead).toBe(dataLines);
  expect(q2.rowsRead).toBe(q2.accepted + q2.rejected + q2.duplicates);
  const byReason: Record<string, number> = {};
  for (const c of cases) byReason[c.reason] = (byReason[c.reason] ?? 0) + 1;
  expect(q2.rejectReasons).toEqual(byReason);
  // The table `rejects` holds the same rows.
  expect(await num(lake, `SELECT count(*) FROM rejects WHERE dataset = ${sqlStr(d.name)}`)).toBe(
    cases.length,
  );
  // A limit cuts the list in file/line order.
  expect((await lake.rejectedRows(d.name, 2)).map((r) => r.line)).toEqual(
    cases.slice(0, 2).map((c) => c.line),
  );
}

describe('reject reasons', () => {
  it('Tardis trades: unparseable (garbage, field count), non-finite (NaN, Inf), price <= 0, size < 0, unknown side, bad timestamp', async () => {
    await checkRejects('trades', TRADES_LINES, TRADES_CASES, TRADES_LINES.length - 1);
    const kept = await rows(
      lake,
      `SELECT trade_id, price, size FROM trades WHERE dataset = 'rej-trades' ORDER BY trade_id`,
    );
    expect(kept).toEqual([
      [1, 100.5, 1],
      [12, 100.5, 0],
      [14, 101, 2],
    ]);
  });

  it('Tardis quotes: crossed quote (bid = ask and bid > ask), NaN, size < 0, price <= 0, unparseable', async () => {
    await checkRejects('quotes', QUOTES_LINES, QUOTES_CASES, QUOTES_LINES.length - 1);
    const kept = await rows(
      lake,
      `SELECT bid_px, ask_px FROM quotes WHERE dataset = 'rej-quotes' ORDER BY ts_us`,
    );
    expect(kept).toEqual([
      [100, 101],
      [100.5, 101],
    ]);
  });

  it('Binance trades CSV: unknown side, unparseable, wrong field count, bad timestamp, size < 0, price <= 0', async () => {
    await checkRejects('binance', BINANCE_LINES, BINANCE_CASES, BINANCE_LINES.length - 1);
    const d = result.get('binance');
    expect(d?.symbol).toBe('BTCUSDT');
    const kept = await rows(
      lake,
      `SELECT trade_id, ts_us, side FROM trades WHERE dataset = 'rej-binance' ORDER BY trade_id`,
    );
    expect(kept).toEqual([
      [1, (MS0 + 1) * 1000, -1],
      [8, (MS0 + 8) * 1000, 1],
    ]);
  });

  it('binance-ws lines: invalid JSON and a missing local time are unparseable; bad values rejected by rule', async () => {
    await checkRejects('ws', WS_LINES, WS_CASES, WS_LINES.length);
    const kept = await rows(
      lake,
      `SELECT trade_id, local_ts_us FROM trades WHERE dataset = 'rej-ws' ORDER BY trade_id`,
    );
    expect(kept).toEqual([
      [1, Number((NS0 + 1_000_000n) / 1000n)],
      [6, Number((NS0 + 6_000_000n) / 1000n)],
    ]);
  });

  it('every stored dataset balances rows read = accepted + rejected + duplicates', async () => {
    const all = await lake.listDatasets();
    expect(all.length).toBe(4);
    for (const d of all) {
      expect(d.quality.rowsRead).toBe(d.quality.accepted + d.quality.rejected + d.quality.duplicates);
      expect(d.quality.accepted).toBe(d.rows);
    }
  });
});
