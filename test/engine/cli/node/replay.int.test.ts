// `tickbench replay` end to end: real Binance captures imported into a workspace, replayed by
// the CLI bundle; the emitted series is checked against values recomputed here from the raw
// captures (gunzip + JSON.parse), independently of the importer, the reader and the kernel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { WS_DIR, cleanup, readCapture, tempDir, venueOfFile } from '../../lake/node/lake-helpers';
import { buildCli, oneJson, runCli, startCli, type CliResult } from './cli-helpers';
import { seriesHashOfCsv } from '../../replay/series-hash-ref';

const FUTURES = 'usdm_btcusdt_20240718.jsonl.gz';
const SPOT = 'spot_btcusdt_20240808.jsonl.gz';
const dir = tempDir('tb-replay-');
const ws = join(dir, 'ws');
const cli = (...args: string[]): Promise<CliResult> => runCli(['--workspace', ws, ...args]);

interface Dataset {
  name: string;
  kind: string;
  venue: string;
  rows: number;
}
let datasets: Dataset[] = [];
const named = (venue: string, kind: string): string => {
  const d = datasets.find((x) => x.venue === venue && x.kind === kind);
  if (d === undefined) throw new Error(`no ${kind} dataset for ${venue}`);
  return d.name;
};

interface Row {
  ts: number;
  proc: string;
  venue: string;
  symbol: string;
  name: string;
  value: number;
}

function readCsv(path: string): { header: string; body: string; rows: Row[] } {
  const text = readFileSync(path, 'utf8');
  const cut = text.indexOf('\n') + 1;
  const body = text.slice(cut);
  const rows = body
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [ts, proc, venue, symbol, name, value] = l.split(',');
      return {
        ts: Number(ts),
        proc: proc ?? '',
        venue: venue ?? '',
        symbol: symbol ?? '',
        name: name ?? '',
        value: Number(value),
      };
    });
  return { header: text.slice(0, cut), body, rows };
}

function close(got: readonly number[], want: readonly number[], rel = 1e-9): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i] as number;
    expect(Math.abs(g - w)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(w)));
  });
}

const smaRef = (xs: readonly number[], n: number): number[] =>
  xs.flatMap((_, i) => (i + 1 < n ? [] : [xs.slice(i + 1 - n, i + 1).reduce((a, b) => a + b, 0) / n]));

function emaRef(xs: readonly number[], n: number): number[] {
  const a = 2 / (n + 1);
  let e = NaN;
  return xs.map((x) => (e = Number.isNaN(e) ? x : a * x + (1 - a) * e));
}

/**
 * The futures capture's depth messages applied to a plain price → size map, in file order;
 * best bid/ask after each message, and the bookTicker quotes by update id.
 */
function referenceBook(file: string): {
  after: { bid: number; ask: number }[];
  tickerByU: Map<number, { bid: number; ask: number }>;
  lastU: number;
} {
  const text = gunzipSync(readFileSync(join(WS_DIR, file))).toString('utf8');
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  const after: { bid: number; ask: number }[] = [];
  const tickerByU = new Map<number, { bid: number; ask: number }>();
  let lastU = NaN;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const msg = JSON.parse(line.slice(line.indexOf(' ') + 1)) as {
      stream?: string;
      data?: { e?: string; u?: number; b?: unknown; a?: unknown };
    };
    const d = msg.data;
    if (msg.stream === undefined || d === undefined) continue;
    if (msg.stream.endsWith('@bookTicker')) {
      if (!tickerByU.has(d.u ?? NaN)) tickerByU.set(d.u ?? NaN, { bid: Number(d.b), ask: Number(d.a) });
      continue;
    }
    if (d.e !== 'depthUpdate') continue;
    const b = d.b as [string, string][];
    const a = d.a as [string, string][];
    if (b.length + a.length === 0) continue;
    for (const [p, s] of b)
      if (Number(s) === 0) bids.delete(Number(p));
      else bids.set(Number(p), Number(s));
    for (const [p, s] of a)
      if (Number(s) === 0) asks.delete(Number(p));
      else asks.set(Number(p), Number(s));
    lastU = d.u ?? NaN;
    after.push({ bid: Math.max(...bids.keys()), ask: Math.min(...asks.keys()) });
  }
  return { after, tickerByU, lastU };
}

beforeAll(async () => {
  buildCli();
  const r = await cli('import', join(WS_DIR, FUTURES), join(WS_DIR, SPOT), '--json');
  expect(r.code, r.stderr).toBe(0);
  datasets = (oneJson(r).datasets as Dataset[]).map((d) => ({
    name: d.name,
    kind: d.kind,
    venue: d.venue,
    rows: d.rows,
  }));
});

afterAll(() => {
  cleanup(dir);
});

describe('tickbench replay on imported Binance captures', () => {
  it('sma:20, ema:20 per venue/symbol and bbo against the raw captures; the output hash recomputed from the CSV', async () => {
    const out = join(dir, 'series.csv');
    const futTrades = named('binance-futures', 'trades');
    const spotTrades = named('binance', 'trades');
    const futBook = named('binance-futures', 'book');
    const r = await cli(
      'replay',
      '--dataset',
      futTrades,
      spotTrades,
      futBook,
      '--processors',
      'sma:20,ema:20,bbo',
      '--out',
      out,
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const s = oneJson(r);
    const csv = readCsv(out);
    expect(csv.header).toBe('ts_us,processor,venue,symbol,name,value\n');
    expect(s.status).toBe('done');
    expect(s.outputRows).toBe(csv.rows.length);
    expect(s.outputHash).toBe(seriesHashOfCsv(csv.body));
    const rowsOf = (d: string): number => datasets.find((x) => x.name === d)?.rows ?? NaN;
    expect(s.events).toBe(rowsOf(futTrades) + rowsOf(spotTrades) + rowsOf(futBook));

    // Trade processors: per stream, over the capture's trades in file (= receive) order.
    for (const file of [FUTURES, SPOT]) {
      const cap = readCapture(file);
      const venue = venueOfFile(file);
      expect(cap.trades.length).toBe(rowsOf(named(venue, 'trades')));
      const px = cap.trades.map((t) => t.price);
      const pick = (proc: string) =>
        csv.rows.filter((x) => x.proc === proc && x.venue === venue && x.symbol === cap.symbol);
      const sma = pick('sma:20');
      const ema = pick('ema:20');
      close(
        sma.map((x) => x.value),
        smaRef(px, 20),
      );
      close(
        ema.map((x) => x.value),
        emaRef(px, 20),
      );
      // Values carry the exchange time of their trade.
      expect(ema.map((x) => x.ts)).toEqual(cap.trades.map((t) => t.tsUs));
      expect(sma.map((x) => x.ts)).toEqual(cap.trades.slice(19).map((t) => t.tsUs));
      // And the replay interleaves the two venues by receive time.
    }

    // bbo: after every depth message, the book rebuilt here from the same messages.
    const ref = referenceBook(FUTURES);
    const bbo = csv.rows.filter((x) => x.proc === 'bbo' && x.venue === 'binance-futures');
    const bid = bbo.filter((x) => x.name === 'bid').map((x) => x.value);
    const ask = bbo.filter((x) => x.name === 'ask').map((x) => x.value);
    expect(bid).toEqual(ref.after.map((x) => x.bid));
    expect(ask).toEqual(ref.after.map((x) => x.ask));
    // The final book is the bookTicker state stamped with the last update id.
    const last = ref.tickerByU.get(ref.lastU);
    expect(last).toBeDefined();
    expect([bid.at(-1), ask.at(-1)]).toEqual([last?.bid, last?.ask]);
    const books = s.books as { bestBid: number; bestAsk: number; valid: boolean }[];
    expect(books[0]?.bestBid).toBe(last?.bid);
    expect(books[0]?.bestAsk).toBe(last?.ask);
    expect(Object.keys(s.bookHashes as object)).toEqual([futBook]);
  });

  it('the same output hash at --speed max and --speed 1000; Parquet output has the same rows', async () => {
    const sets = [named('binance-futures', 'trades'), named('binance-futures', 'book')];
    const procs = 'sma:20,ema:20,bbo,var:100,drawdown:0.2,limit:64000';
    const fast = await cli('replay', '--dataset', ...sets, '--processors', procs, '--speed', 'max', '--json');
    const pq = join(dir, 'series.parquet');
    const paced = await cli(
      'replay',
      '--dataset',
      ...sets,
      '--processors',
      procs,
      '--speed',
      '1000',
      '--out',
      pq,
      '--json',
    );
    expect(fast.code, fast.stderr).toBe(0);
    expect(paced.code, paced.stderr).toBe(0);
    const a = oneJson(fast);
    const b = oneJson(paced);
    expect(b.outputHash).toBe(a.outputHash);
    expect(b.outputRows).toBe(a.outputRows);
    expect(b.breaches).toBe(a.breaches);
    expect(b.bookHashes).toEqual(a.bookHashes);
    // 178 s of data at 1000×: paced, so it takes at least ~0.17 s.
    expect(b.wallMs as number).toBeGreaterThanOrEqual(150);
    const q = await cli(
      'query',
      `SELECT count(*), count(DISTINCT processor) FROM read_parquet('${pq}')`,
      '--json',
    );
    expect(q.code, q.stderr).toBe(0);
    expect(oneJson(q).rows).toEqual([[a.outputRows, 6]]);
    // The Parquet rows, in file order, hash to the replay's output hash.
    const inst = await DuckDBInstance.create(':memory:');
    try {
      const conn = await inst.connect();
      const read = await conn.runAndReadAll(
        `SELECT ts_us, processor, venue, symbol, name, value FROM read_parquet('${pq}')`,
      );
      const body = read
        .getRows()
        .map(
          (r) =>
            `${String(r[0])},${String(r[1])},${String(r[2])},${String(r[3])},${String(r[4])},${String(r[5])}\n`,
        )
        .join('');
      expect(seriesHashOfCsv(body)).toBe(a.outputHash);
      conn.closeSync();
    } finally {
      inst.closeSync();
    }
    // Read and merged on the reader thread: the same output, byte for byte.
    const threaded = await cli(
      'replay',
      '--dataset',
      ...sets,
      '--processors',
      procs,
      '--reader',
      'thread',
      '--json',
    );
    expect(threaded.code, threaded.stderr).toBe(0);
    const t = oneJson(threaded);
    expect([t.outputHash, t.outputRows, t.bookHashes]).toEqual([a.outputHash, a.outputRows, a.bookHashes]);
  });

  it('SIGINT stops a paced replay: partial summary with status "stopped", no output file (CSV or Parquet), no temporary file left', async () => {
    const trades = datasets.find((d) => d.kind === 'trades')?.rows ?? 0;
    // One at a time: two CLIs starting at once may not have their SIGINT handler in time.
    for (const out of [join(dir, 'stopped.csv'), join(dir, 'stopped.parquet')]) {
      const { child, done } = startCli([
        '--workspace',
        ws,
        'replay',
        '--dataset',
        named('binance-futures', 'trades'),
        '--processors',
        'ema:20',
        '--speed',
        '1',
        '--out',
        out,
        '--json',
      ]);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      child.kill('SIGINT');
      const r = await done;
      expect(r.code, out).toBe(1);
      const s = oneJson(r);
      expect(s.status).toBe('stopped');
      expect(s.events as number).toBeLessThan(trades);
      expect(r.stderr).toMatch(/stopped after/);
      expect(existsSync(out)).toBe(false);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('stopped.'))).toEqual([]);
  });

  it('usage errors exit 2 naming what is allowed', async () => {
    const bad = await cli('replay', '--dataset', 'x', '--processors', 'sma:20,macd:3');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/macd:3.*allowed/);
    const speed = await cli('replay', '--dataset', 'x', '--speed', '5000');
    expect(speed.code).toBe(2);
    const ext = await cli('replay', '--dataset', 'x', '--out', 'a.txt');
    expect(ext.code).toBe(2);
    expect(ext.stderr).toMatch(/\.csv, \.parquet/);
    const reader = await cli('replay', '--dataset', 'x', '--reader', 'fast');
    expect(reader.code).toBe(2);
    expect(reader.stderr).toMatch(/--reader: received "fast", allowed auto or inline or thread/);
  });
});
