// Issue 2, requirement 1: every real Binance WebSocket capture imports with the row counts and
// values taken independently from the raw file (gunzip + JSON.parse in the test).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Lake } from '../../../../engine/lake/node/lake';
import type { DatasetInfo } from '../../../../engine/lake/node/lake-types';
import {
  WS_DIR,
  captureFiles,
  type CaptureRef,
  cleanup,
  readCapture,
  rows,
  sqlStr,
  tempDir,
} from './lake-helpers';

const files = captureFiles();
const dir = tempDir('tb-cap-');
let lake: Lake;
const byFile = new Map<string, DatasetInfo[]>();

const refs = new Map<string, CaptureRef>();
function refOf(file: string): CaptureRef {
  let r = refs.get(file);
  if (r === undefined) {
    r = readCapture(file);
    refs.set(file, r);
  }
  return r;
}

const ignoredByFile = new Map<string, number>();
const prefixOf = (file: string): string => `cap-${file.replace(/\.jsonl\.gz$/, '')}`;

beforeAll(async () => {
  lake = await Lake.open(join(dir, 'ws'));
  // One import call per capture, so each file's datasets stand alone.
  for (const f of files) {
    const r = await lake.importFiles([join(WS_DIR, f)], { dataset: prefixOf(f) });
    expect(r.skipped).toEqual([]);
    byFile.set(f, [...r.datasets]);
    ignoredByFile.set(f, r.files[0]?.ignoredMessages ?? -1);
  }
}, 170_000);

afterAll(async () => {
  await lake.close();
  cleanup(dir);
});

function dataset(file: string, kind: string): DatasetInfo | undefined {
  return byFile.get(file)?.find((d) => d.kind === kind);
}

describe('real Binance captures import exactly', () => {
  it('finds the 14 captures', () => {
    expect(files.length).toBe(14);
  });

  it.each(files)(
    '%s: trade, quote and book row counts, venue, symbol and values equal the raw file',
    async (file) => {
      const ref = refOf(file);
      const prefix = prefixOf(file);
      const trades = dataset(file, 'trades');
      const quotes = dataset(file, 'quotes');
      const book = dataset(file, 'book');
      expect(trades?.rows ?? 0).toBe(ref.trades.length);
      expect(quotes?.rows ?? 0).toBe(ref.quotes.length);
      expect(book?.rows ?? 0).toBe(ref.bookRows);
      expect(ref.trades.length).toBeGreaterThan(0);
      expect(ref.quotes.length).toBeGreaterThan(0);
      expect(ref.bookRows).toBeGreaterThan(0);
      for (const d of byFile.get(file) ?? []) {
        expect(d.name.startsWith(`${prefix}.`)).toBe(true);
        expect(d.venue).toBe(ref.venue);
        expect(d.symbol).toBe(ref.symbol);
        // REST snapshot lines are ignored, never counted as rows or rejects.
        expect(d.rejected).toBe(0);
        expect(d.duplicates).toBe(0);
        expect(d.quality.rowsRead).toBe(d.quality.accepted + d.quality.rejected + d.quality.duplicates);
        expect(d.quality.accepted).toBe(d.rows);
      }
      expect(byFile.get(file)?.length).toBe(3);

      // Trades, value by value (ordered by trade id): exchange time (ms → µs), receive time
      // (ns → µs exactly, or µs kept), price, size, side.
      const tn = sqlStr(trades?.name ?? '');
      const stored = await rows(
        lake,
        `SELECT trade_id, ts_us, local_ts_us, price, size, side FROM trades WHERE dataset = ${tn} ORDER BY trade_id`,
      );
      const expected = [...ref.trades]
        .sort((a, b) => a.id - b.id)
        .map((t) => [t.id, t.tsUs, t.localUs, t.price, t.size, t.side]);
      expect(stored.length).toBe(expected.length);
      expect(stored).toEqual(expected);

      // Sum of sizes and first/last trade price (by receive time, then id).
      const agg = await rows(
        lake,
        `SELECT sum(size), arg_min(price, (local_ts_us, trade_id)), arg_max(price, (local_ts_us, trade_id)), min(local_ts_us), max(local_ts_us) FROM trades WHERE dataset = ${tn}`,
      );
      const byLocal = [...ref.trades].sort((a, b) => a.localUs - b.localUs || a.id - b.id);
      const sumSize = ref.trades.reduce((s, t) => s + t.size, 0);
      const [sum, firstPx, lastPx, minLocal, maxLocal] = agg[0] ?? [];
      expect(Math.abs(Number(sum) - sumSize)).toBeLessThanOrEqual(1e-9 * Math.max(1, sumSize));
      expect(firstPx).toBe(byLocal[0]?.price);
      expect(lastPx).toBe(byLocal[byLocal.length - 1]?.price);
      expect(minLocal).toBe(byLocal[0]?.localUs);
      expect(maxLocal).toBe(byLocal[byLocal.length - 1]?.localUs);

      // Quotes: receive time (exact µs), best bid and ask, as multisets.
      const qStored = await rows(
        lake,
        `SELECT local_ts_us, bid_px, ask_px FROM quotes WHERE dataset = ${sqlStr(quotes?.name ?? '')} ORDER BY local_ts_us, bid_px, ask_px`,
      );
      const qExpected = ref.quotes
        .map((q) => [q.localUs, q.bid, q.ask])
        .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0) || (a[2] ?? 0) - (b[2] ?? 0));
      expect(qStored).toEqual(qExpected);

      // Book: rows per side and the receive-time span.
      const bAgg = await rows(
        lake,
        `SELECT count(*) FILTER (WHERE side = 1), count(*) FILTER (WHERE side = -1), min(local_ts_us) FROM book WHERE dataset = ${sqlStr(book?.name ?? '')}`,
      );
      expect(bAgg[0]).toEqual([ref.bookBidRows, ref.bookRows - ref.bookBidRows, expect.any(Number)]);
      expect(Number(bAgg[0]?.[2])).toBeGreaterThanOrEqual(ref.firstLocalUs);
    },
  );

  it('usdm_btcusdt_20230405 has µs receive times, kept exactly; the others ns, cut to µs exactly', async () => {
    const ref = refOf('usdm_btcusdt_20230405.jsonl.gz');
    expect(dataset('usdm_btcusdt_20230405.jsonl.gz', 'trades')?.quality.timestampUnits.local_ts_us).toBe(
      'us',
    );
    expect(dataset('spot_btcusdt_20240808.jsonl.gz', 'trades')?.quality.timestampUnits.local_ts_us).toBe(
      'ns',
    );
    const first = ref.trades[0];
    const got = await rows(
      lake,
      `SELECT local_ts_us FROM trades WHERE dataset = ${sqlStr(dataset('usdm_btcusdt_20230405.jsonl.gz', 'trades')?.name ?? '')} AND trade_id = ${first?.id ?? -1}`,
    );
    expect(got).toEqual([[first?.localUs]]);
    // A ns value whose µs cut is not representable by a float division: BigInt reference.
    const spot = refOf('spot_btcusdt_20240808.jsonl.gz');
    const t = spot.trades[spot.trades.length - 1];
    const got2 = await rows(
      lake,
      `SELECT local_ts_us FROM trades WHERE dataset = ${sqlStr(dataset('spot_btcusdt_20240808.jsonl.gz', 'trades')?.name ?? '')} AND trade_id = ${t?.id ?? -1}`,
    );
    expect(got2).toEqual([[t?.localUs]]);
  });

  it('REST snapshot lines (no "stream") are ignored: neither rows nor rejects', () => {
    const withSnapshot = files.filter((f) => refOf(f).nonStream > 0);
    expect(withSnapshot.length).toBeGreaterThanOrEqual(5);
    for (const f of withSnapshot) {
      const r = refOf(f);
      const all = byFile.get(f) ?? [];
      expect(all.reduce((s, d) => s + d.quality.rowsRead, 0)).toBe(
        r.trades.length + r.quotes.length + r.bookRows,
      );
      expect(all.reduce((s, d) => s + d.rejected, 0)).toBe(0);
    }
    // ...and reported as ignored messages, with stream messages of other types (markPrice).
    for (const f of files) {
      const lines = gunzipSync(readFileSync(join(WS_DIR, f)))
        .toString('utf8')
        .split('\n');
      const otherStreams = lines.filter(
        (l) => /"stream":"[^"]*"/.test(l) && !/"stream":"[^"@]*@(trade|bookTicker|depth)/.test(l),
      ).length;
      expect(ignoredByFile.get(f), f).toBe(refOf(f).nonStream + otherStreams);
    }
  });
});
