// Shared helpers of the lake tests: temp workspaces, crafted files, and independent readers of
// the raw fixture files (gunzip + split + JSON.parse / split(','), never the importers' code).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ParseTarget } from '../../../../engine/lake/node/formats/parser';
import { compileWasmModule, type WasmModule } from '../../../../engine/core/node/wasm-api';
import { Lake } from '../../../../engine/lake/node/lake';
import type { StagingArea, StreamStats } from '../../../../engine/lake/node/staging';

export const REPO = join(import.meta.dirname, '../../../..');
export const WS_DIR = join(REPO, 'test/fixtures/binance-ws');
export const TARDIS_DIR = join(REPO, 'test/fixtures/tardis');

/** A WebAssembly module as built by `npm run build:node` (which `npm ci` runs), e.g. `block-scan.wasm`. */
export function builtWasmModule(file: string): WasmModule {
  const path = join(REPO, 'dist/node', file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build:node`);
  return compileWasmModule(readFileSync(path));
}

/** The WebAssembly block scanner as built. */
export function builtScanModule(): WasmModule {
  return builtWasmModule('block-scan.wasm');
}

/** A fresh temp folder; remove it with `cleanup`. */
export function tempDir(prefix = 'tb-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Writes a text file (lines joined by \n, trailing newline) and returns its path. */
export function writeLines(dir: string, name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** The datasets of {@link openUsdmPairLake}: ETHUSDT trades, quotes, book; BTCUSDT trades, book. */
export const USDM_PAIR_DATASETS = ['eth.trades', 'eth.quotes', 'eth.book', 'btc.trades', 'btc.book'];

/**
 * Opens a lake at `<dir>/ws` and imports the USD-M ETHUSDT and BTCUSDT captures of 2024-07-18
 * into it as datasets `eth.*` and `btc.*` ({@link USDM_PAIR_DATASETS}).
 */
export async function openUsdmPairLake(dir: string): Promise<Lake> {
  const lake = await Lake.open(join(dir, 'ws'));
  await lake.importFiles([join(WS_DIR, 'usdm_ethusdt_20240718.jsonl.gz')], { dataset: 'eth' });
  await lake.importFiles([join(WS_DIR, 'usdm_btcusdt_20240718.jsonl.gz')], { dataset: 'btc' });
  return lake;
}

export const TARDIS_TRADES_HEADER = 'exchange,symbol,timestamp,local_timestamp,id,side,price,amount';
export const TARDIS_QUOTES_HEADER =
  'exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount';

/** Every .parquet file under `<workspace>/lake`, relative to the workspace, sorted. */
export function parquetFiles(workspace: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith('.parquet')) out.push(relative(workspace, p).split(sep).join('/'));
    }
  };
  walk(join(workspace, 'lake'));
  return out.sort();
}

/** Rows of a read-only SQL query over the lake. */
export async function rows(lake: Lake, sql: string): Promise<(readonly unknown[])[]> {
  const r = await lake.query(sql);
  return r.rows.map((x) => [...x]);
}

/** A single number from a query (e.g. a count). */
export async function num(lake: Lake, sql: string): Promise<number> {
  const r = await lake.query(sql);
  return Number(r.rows[0]?.[0] ?? Number.NaN);
}

export const sqlStr = (s: string): string => `'${s.replace(/'/g, "''")}'`;

// ---------------------------------------------------------------------------------------------
// Binance WebSocket captures, read independently.

export interface RawTrade {
  readonly id: number;
  readonly tsUs: number;
  readonly localUs: number;
  readonly price: number;
  readonly size: number;
  readonly side: number;
}

export interface RawQuote {
  readonly localUs: number;
  readonly bid: number;
  readonly ask: number;
}

export interface CaptureRef {
  readonly file: string;
  readonly venue: string;
  readonly symbol: string;
  readonly trades: RawTrade[];
  readonly quotes: RawQuote[];
  /** Sum over depthUpdate messages of b.length + a.length. */
  readonly bookRows: number;
  /** depthUpdate messages with at least one level. */
  readonly bookMessages: number;
  /** Sum of the book rows' sizes, by side (+1 bids, -1 asks). */
  readonly bookBidRows: number;
  /** Lines that are not stream messages (REST snapshot lines). */
  readonly nonStream: number;
  /** Local receive times of all rows in µs (first message, last message). */
  readonly firstLocalUs: number;
  readonly lastLocalUs: number;
}

interface WsData {
  e?: unknown;
  s?: unknown;
  t?: unknown;
  T?: unknown;
  E?: unknown;
  p?: unknown;
  q?: unknown;
  m?: unknown;
  b?: unknown;
  a?: unknown;
}

export function captureFiles(): string[] {
  return readdirSync(WS_DIR)
    .filter((f) => f.endsWith('.jsonl.gz'))
    .sort();
}

/** The local receive time of a capture line as exact µs: ns (18–19 digits) cut with BigInt, µs kept. */
export function localUsOf(text: string): number {
  const v = BigInt(text);
  return Number(text.length >= 18 ? v / 1000n : v);
}

export function venueOfFile(file: string): string {
  if (file.startsWith('spot_')) return 'binance';
  if (file.startsWith('usdm_')) return 'binance-futures';
  if (file.startsWith('cm_')) return 'binance-delivery';
  throw new Error(`unknown capture ${file}`);
}

/** Reads a capture independently of the importer. */
export function readCapture(file: string): CaptureRef {
  const text = gunzipSync(readFileSync(join(WS_DIR, file))).toString('utf8');
  const trades: RawTrade[] = [];
  const quotes: RawQuote[] = [];
  let bookRows = 0;
  let bookMessages = 0;
  let bookBidRows = 0;
  let nonStream = 0;
  let symbol = '';
  let firstLocalUs = Number.NaN;
  let lastLocalUs = Number.NaN;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const space = line.indexOf(' ');
    const localUs = localUsOf(line.slice(0, space));
    const msg = JSON.parse(line.slice(space + 1)) as { stream?: string; data?: WsData };
    if (msg.stream === undefined || msg.data === undefined) {
      nonStream++;
      continue;
    }
    if (Number.isNaN(firstLocalUs)) firstLocalUs = localUs;
    lastLocalUs = localUs;
    const d = msg.data;
    if (typeof d.s === 'string') symbol = d.s;
    if (d.e === 'trade') {
      trades.push({
        id: Number(d.t),
        tsUs: Number(d.T) * 1000,
        localUs,
        price: Number(d.p),
        size: Number(d.q),
        side: d.m === true ? -1 : 1,
      });
    } else if (msg.stream.endsWith('@bookTicker')) {
      quotes.push({ localUs, bid: Number(d.b), ask: Number(d.a) });
    } else if (d.e === 'depthUpdate') {
      const nb = Array.isArray(d.b) ? d.b.length : 0;
      const na = Array.isArray(d.a) ? d.a.length : 0;
      bookRows += nb + na;
      bookBidRows += nb;
      if (nb + na > 0) bookMessages++;
    }
  }
  return {
    file,
    venue: venueOfFile(file),
    symbol,
    trades,
    quotes,
    bookRows,
    bookMessages,
    bookBidRows,
    nonStream,
    firstLocalUs,
    lastLocalUs,
  };
}

// ---------------------------------------------------------------------------------------------
// Tardis CSV samples, read independently.

/** Data lines (non-empty, after the header) of a CSV file, split on commas. */
export function csvDataLines(path: string): string[][] {
  const lines = readFileSync(path, 'utf8').split('\n');
  return lines
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => l.replace(/\r$/, '').split(','));
}

export function csvHeader(path: string): string[] {
  return (readFileSync(path, 'utf8').split('\n')[0] ?? '').replace(/\r$/, '').split(',');
}

/** Linear-interpolated quantile (DuckDB's quantile_cont) of sorted values. */
export function quantileCont(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

/** A parse target that stages into `area` (no venue, symbol, mapping or kind given). */
export function parseTargetFor(area: StagingArea): ParseTarget {
  return {
    staging: () => area,
    venue: undefined,
    symbol: undefined,
    fileName: 'f.csv',
    mapping: {},
    kind: undefined,
  };
}

/** Plain copies of a staging area's statistics (the `lastFile` cache aside): Sets as arrays. */
export function plainStats(
  area: StagingArea,
): (Omit<StreamStats, 'files' | 'days' | 'lastFile'> & { files: number[]; days: number[] })[] {
  return area.stats.map((s) => {
    const { files, days, lastFile: _cache, ...rest } = Object.assign({}, s);
    return { ...rest, files: [...files], days: [...days] };
  });
}

/** The staged rows of every stream of a finished area, in arrival order, each double as the hex of its bits (NaN and −0 kept). */
export async function stagedTables(conn: DuckDBConnection, area: StagingArea): Promise<string[][][]> {
  const tables: string[][][] = [];
  for (let s = 0; s < area.streams.length; s++) {
    const r = await conn.runAndReadAll(`SELECT * FROM ${area.tableOf(s)} ORDER BY rowid`);
    tables.push(
      r
        .getRows()
        .map((row) => row.map((v) => Buffer.from(new Float64Array([Number(v)]).buffer).toString('hex'))),
    );
  }
  return tables;
}
