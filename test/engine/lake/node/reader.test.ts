// Issue 2, requirement 11: the columnar read path. openDatasetSource yields every row of the
// datasets, in replay-key order (receive time where present, else exchange time); book message
// ends are flagged once per depthUpdate message; scanDatasets counts the rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { Lake } from '../../../../engine/lake/node/lake';
import { openDatasetSource, scanDatasets } from '../../../../engine/lake/node/reader';
import { BookFlag, EventKind, type EventSource } from '../../../../engine/model/events';
import {
  TARDIS_TRADES_HEADER,
  WS_DIR,
  cleanup,
  readCapture,
  tempDir,
  writeLines,
  type CaptureRef,
} from './lake-helpers';

const dir = tempDir('tb-read-');
let lake: Lake;
const CAPTURE = 'usdm_ethusdt_20240718.jsonl.gz';
let ref: CaptureRef;
const NAMES = ['cap.trades', 'cap.quotes', 'cap.book'];

interface ReadStats {
  total: number;
  byStream: number[];
  byKind: Map<number, number>;
  endOfMessage: number;
  sorted: boolean;
  rows: { stream: number; key: number; ts: number; local: number; d: number }[];
}

async function readAll(source: EventSource, keepRows = false): Promise<ReadStats> {
  const s: ReadStats = {
    total: 0,
    byStream: source.streams.map(() => 0),
    byKind: new Map(),
    endOfMessage: 0,
    sorted: true,
    rows: [],
  };
  let last = -Infinity;
  for await (const b of source.batches()) {
    for (let i = 0; i < b.length; i++) {
      const local = b.localTsUs[i] ?? Number.NaN;
      const ts = b.tsUs[i] ?? Number.NaN;
      const key = Number.isNaN(local) ? ts : local;
      if (key < last) s.sorted = false;
      last = key;
      const stream = b.stream[i] ?? -1;
      s.byStream[stream] = (s.byStream[stream] ?? 0) + 1;
      const kind = b.kind[i] ?? 0;
      s.byKind.set(kind, (s.byKind.get(kind) ?? 0) + 1);
      if (kind === EventKind.Book && ((b.flags[i] ?? 0) & BookFlag.EndOfMessage) !== 0) s.endOfMessage++;
      if (keepRows) s.rows.push({ stream, key, ts, local, d: b.d[i] ?? Number.NaN });
      s.total++;
    }
  }
  return s;
}

beforeAll(async () => {
  lake = await Lake.open(join(dir, 'ws'));
  await lake.importFiles([join(WS_DIR, CAPTURE)], { dataset: 'cap' });
  ref = readCapture(CAPTURE);
});

afterAll(async () => {
  await lake.close();
  cleanup(dir);
});

describe('columnar read path', () => {
  it('openDatasetSource over trades, quotes and book of one capture yields every row in replay-key order', async () => {
    const source = await openDatasetSource(lake, NAMES);
    try {
      const expectedRows = ref.trades.length + ref.quotes.length + ref.bookRows;
      expect(source.totalEvents).toBe(expectedRows);
      expect(source.streams.map((s) => [s.source, s.kind, s.venue, s.symbol])).toEqual([
        ['cap.trades', 'trades', 'binance-futures', 'ETHUSDT'],
        ['cap.quotes', 'quotes', 'binance-futures', 'ETHUSDT'],
        ['cap.book', 'book', 'binance-futures', 'ETHUSDT'],
      ]);
      const s = await readAll(source);
      expect(s.total).toBe(expectedRows);
      expect(s.byStream).toEqual([ref.trades.length, ref.quotes.length, ref.bookRows]);
      expect(s.byKind.get(EventKind.Trade)).toBe(ref.trades.length);
      expect(s.byKind.get(EventKind.Quote)).toBe(ref.quotes.length);
      expect(s.sorted).toBe(true);
      // One EndOfMessage per depthUpdate message with at least one level.
      expect(s.endOfMessage).toBe(ref.bookMessages);
    } finally {
      await source.close();
    }
  });

  it('the book alone, read in small batches, flags the same message ends', async () => {
    const source = await openDatasetSource(lake, ['cap.book'], { batchRows: 100 });
    try {
      const s = await readAll(source);
      expect(s.total).toBe(ref.bookRows);
      expect(s.endOfMessage).toBe(ref.bookMessages);
    } finally {
      await source.close();
    }
  });

  it('a time range reads exactly the rows whose replay key falls in [from, to)', async () => {
    const from = ref.firstLocalUs + 30_000_000;
    const to = from + 45_000_000;
    const inRange = (us: number): boolean => us >= from && us < to;
    const expected =
      ref.trades.filter((t) => inRange(t.localUs)).length +
      ref.quotes.filter((q) => inRange(q.localUs)).length;
    expect(expected).toBeGreaterThan(100);
    const source = await openDatasetSource(lake, ['cap.trades', 'cap.quotes'], { fromUs: from, toUs: to });
    try {
      expect(source.totalEvents).toBe(expected);
      const s = await readAll(source, true);
      expect(s.total).toBe(expected);
      expect(s.rows.every((r) => inRange(r.key))).toBe(true);
      expect(s.sorted).toBe(true);
    } finally {
      await source.close();
    }
    expect(await scanDatasets(lake, ['cap.trades', 'cap.quotes'], { fromUs: from, toUs: to })).toBe(expected);
  });

  it('scanDatasets returns the row count', async () => {
    expect(await scanDatasets(lake, NAMES)).toBe(ref.trades.length + ref.quotes.length + ref.bookRows);
    expect(await scanDatasets(lake, ['cap.trades'])).toBe(ref.trades.length);
  });

  it("scanDatasets visits every row of each dataset in the dataset's order, as a read of it alone", async () => {
    const seen: number[][] = NAMES.map(() => []);
    const n = await scanDatasets(lake, NAMES, {
      visit: (b) => {
        for (let i = 0; i < b.length; i++)
          seen[b.stream[i] ?? 0]?.push(b.tsUs[i] ?? 0, b.a[i] ?? 0, b.flags[i] ?? 0);
      },
    });
    expect(seen.reduce((s, r) => s + r.length / 3, 0)).toBe(n);
    for (const [k, name] of NAMES.entries()) {
      const alone: number[] = [];
      const source = await openDatasetSource(lake, [name]);
      for await (const b of source.batches())
        for (let i = 0; i < b.length; i++) alone.push(b.tsUs[i] ?? 0, b.a[i] ?? 0, b.flags[i] ?? 0);
      await source.close();
      expect(alone.length).toBeGreaterThan(0);
      expect(seen[k]).toEqual(alone);
    }
  });

  it('property: a generated CSV (random times, out of order, random symbols) reads back sorted with no row lost', async () => {
    const T0 = 1_700_000_000_000_000;
    const symbols = ['AAAUSDT', 'BBBUSDT', 'CCCUSDT'];
    let run = 0;
    const row = fc.record({
      symbol: fc.constantFrom(...symbols),
      ts: fc.integer({ min: 0, max: 5_000_000 }),
      lag: fc.option(fc.integer({ min: 0, max: 3_000 }), { freq: 4 }),
      price: fc.integer({ min: 1, max: 100_000 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), async (gen) => {
        run++;
        const ids = gen.map((_, i) => run * 1000 + i); // unique content per run (no re-import skip)
        const lines = [
          TARDIS_TRADES_HEADER,
          ...gen.map(
            (g, i) =>
              `binance-futures,${g.symbol},${T0 + g.ts},${g.lag === null ? '' : T0 + g.ts + g.lag},${ids[i] ?? 0},buy,${g.price / 100},1`,
          ),
        ];
        const path = writeLines(dir, `prop-${run}.csv`, lines);
        const result = await lake.importFiles([path], { dataset: `prop-${run}` });
        const names = result.datasets.map((d) => d.name);
        expect(new Set(result.datasets.map((d) => d.symbol))).toEqual(new Set(gen.map((g) => g.symbol)));
        const source = await openDatasetSource(lake, names);
        let s: ReadStats;
        try {
          s = await readAll(source, true);
        } finally {
          await source.close();
        }
        expect(s.sorted).toBe(true);
        expect(s.total).toBe(gen.length);
        const symbolOf = (stream: number): string => result.datasets[stream]?.symbol ?? '?';
        const got = s.rows.map((r) => `${symbolOf(r.stream)} ${r.ts} ${r.local} ${r.d}`).sort();
        const want = gen
          .map(
            (g, i) =>
              `${g.symbol} ${T0 + g.ts} ${g.lag === null ? Number.NaN : T0 + g.ts + g.lag} ${ids[i] ?? 0}`,
          )
          .sort();
        expect(got).toEqual(want);
        expect(await scanDatasets(lake, names)).toBe(gen.length);
      }),
      { numRuns: 15, seed: 20240808 },
    );
  });
});
