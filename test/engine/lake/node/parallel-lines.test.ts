// The block path of an import (engine/lake/node/parallel-lines.ts: blocks of lines scanned by
// a BlockScanner — here in-thread, the same code the parse workers run — and staged in file
// order) must stage exactly what the line-by-line path stages: the same rows bit for bit in
// the same order per stream, the same rejects (line, reason, raw text), the same streams and
// statistics, and the same line count and hash. Files are random, with every quirk, and the
// blocks are small so that their boundaries fall anywhere.
import fc from 'fast-check';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataKind } from '../../../../engine/model/kinds';
import type { BlockLineParser, ParseTarget } from '../../../../engine/lake/node/formats/parser';
import { TardisQuotesParser, TardisTradesParser } from '../../../../engine/lake/node/formats/tardis';
import { readLines } from '../../../../engine/lake/node/line-reader';
import { readLinesParallel } from '../../../../engine/lake/node/parallel-lines';
import { parseWorkerUrl } from '../../../../engine/lake/node/parse-pool';
import { StagingArea } from '../../../../engine/lake/node/staging';
import {
  builtScanModule,
  cleanup,
  parseTargetFor,
  plainStats,
  stagedTables,
  tempDir,
  TARDIS_QUOTES_HEADER,
  TARDIS_TRADES_HEADER,
} from './lake-helpers';
import type { WasmModule } from '../../../../engine/lake/node/formats/wasm-block-scan';

let instance: DuckDBInstance;
let conn: DuckDBConnection;
let runs = 0;
const dir = tempDir('tb-parallel-');

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
});

afterAll(() => {
  conn.closeSync();
  instance.closeSync();
  cleanup(dir);
});

type Make = (t: ParseTarget) => BlockLineParser;

/** Reads `path` into fresh staging, line by line or by blocks, and returns everything staged. */
async function stage(
  kind: DataKind,
  make: Make,
  path: string,
  chunkBytes: number | undefined,
  scanModule: WasmModule | null = null,
) {
  const run = runs++;
  const area = new StagingArea(kind, dir, `c${run}`, `rows${run}`, 60e6);
  area.fileName = 'f.csv';
  const parser = make(parseTargetFor(area));
  const read =
    chunkBytes === undefined
      ? await readLines(path, (b, s, e, l) => {
          parser.onLine(b, s, e, l);
        })
      : await readLinesParallel(path, parser, { scanner: 'in-thread', threads: 1, chunkBytes, scanModule });
  parser.end(read.lines);
  area.finish();
  const tables = await stagedTables(conn, area);
  return { read, streams: area.streams, rejects: area.rejects, stats: plainStats(area), tables };
}

const T0 = 1_723_075_200_000_000;
const DAY_US = 86_400_000_000;
/** A timestamp: mostly increasing-ish, with jumps (gaps, new days) and going back (out of order). */
const ts = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 5e8 }).map((d) => String(T0 + d)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }).map((d) => String(T0 + d * DAY_US + 7)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 5e5 }).map((d) => String((T0 + d * 1000) / 1000)) }, // ms
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 5e8 }).map((d) => `${T0 + d}123`) }, // ns
);
const num = (lo: number, hi: number, dp: number): fc.Arbitrary<string> =>
  fc.integer({ min: lo, max: hi }).map((v) => (v / 10 ** dp).toFixed(dp));
const odd = fc.constantFrom('', ' 1', '1e3', 'NaN', '-inf', '"2"', '0x10', '1.2.3', '-5', '0', '-0.0');
const field = (plain: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof({ weight: 15, arbitrary: plain }, { weight: 1, arbitrary: odd });
/** Symbols: a few common ones, or many (more than the 64 streams the fast path keeps). */
const symbol = (many: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom('BTCUSDT', 'ETHUSDT', 'SOLUSDT') },
    { weight: many ? 10 : 1, arbitrary: fc.integer({ min: 0, max: many ? 80 : 5 }).map((i) => `S${i}`) },
    { weight: 1, arbitrary: fc.constantFrom('"ETHUSDT"', '', 'X') },
  );
const venue = fc.oneof(
  { weight: 20, arbitrary: fc.constant('binance-futures') },
  { weight: 1, arbitrary: fc.constantFrom('bybit', '', '"binance-futures"') },
);
/** Lines that are not rows at all: blank, short, long, quoted commas. */
const oddLine = fc.constantFrom(
  '',
  '',
  'binance-futures,BTCUSDT,1',
  'a,b,c,d,e,f,g,h,i',
  'binance-futures,BTCUSDT,"1723075200000000",1723075200000000,1,buy,"1,5",2',
);

const tradeLine = (many: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 25,
      arbitrary: fc
        .tuple(
          venue,
          symbol(many),
          field(ts),
          fc.oneof({ weight: 10, arbitrary: ts }, { weight: 1, arbitrary: fc.constant('') }),
          field(fc.integer({ min: 0, max: 1e6 }).map(String)),
          fc.oneof(
            { weight: 10, arbitrary: fc.constantFrom('buy', 'sell') },
            { weight: 1, arbitrary: fc.constantFrom('BUY', 'b', 'hold', '', ' sell') },
          ),
          field(num(-100, 1e8, 2)),
          field(num(-10, 1e6, 3)),
        )
        .map((f) => f.join(',')),
    },
    { weight: 1, arbitrary: oddLine },
  );

/**
 * Trade lines that are all valid rows (whole blocks of them take the block fast path), with
 * what the statistics count: times out of order, gaps, new days, missing local times (some
 * streams have none), repeated and decreasing ids.
 */
const validTradeLine = (many: boolean): fc.Arbitrary<string> =>
  fc
    .tuple(
      symbol(many).filter((s) => s !== '' && !s.includes('"')),
      ts.filter((t) => t.length === 16),
      fc.oneof(
        { weight: 5, arbitrary: ts.filter((t) => t.length === 16) },
        { weight: 1, arbitrary: fc.constant('') },
      ),
      fc.integer({ min: 0, max: 50 }).map(String),
      fc.constantFrom('buy', 'sell'),
      num(1, 1e8, 2),
      num(0, 1e6, 3),
    )
    // Streams S… never have a local time (their local unit is then never noted).
    .map(
      ([sym, t, local, id, side, price, size]) =>
        `binance-futures,${sym},${t},${sym.startsWith('S') ? '' : local},${id},${side},${price},${size}`,
    );

const quoteLine = (many: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 25,
      arbitrary: fc
        .tuple(
          venue,
          symbol(many),
          field(ts),
          fc.oneof({ weight: 10, arbitrary: ts }, { weight: 1, arbitrary: fc.constant('') }),
          field(num(0, 1e6, 3)),
          field(num(5000, 6000, 1)),
          field(num(4000, 5500, 1)),
          field(num(0, 1e6, 3)),
        )
        .map((f) => f.join(',')),
    },
    { weight: 1, arbitrary: oddLine },
  );

/** A file: header, lines, CRLF or LF, maybe no final newline, maybe gzip. */
const file = (header: string, line: (many: boolean) => fc.Arbitrary<string>) =>
  fc.boolean().chain((many) =>
    fc.record({
      lines: fc.array(line(many), { minLength: 1, maxLength: 300 }),
      crlf: fc.boolean(),
      finalNewline: fc.boolean(),
      gzip: fc.boolean(),
      chunkBytes: fc.integer({ min: 64, max: 3000 }),
      header: fc.constant(header),
    }),
  );

function writeFile(f: {
  lines: string[];
  crlf: boolean;
  finalNewline: boolean;
  gzip: boolean;
  header: string;
}): string {
  const eol = f.crlf ? '\r\n' : '\n';
  const text = `${[f.header, ...f.lines].join(eol)}${f.finalNewline ? eol : ''}`;
  const path = join(dir, `in${runs}.csv`);
  writeFileSync(path, f.gzip ? gzipSync(text) : text);
  return path;
}

// The blocks scanned by the JavaScript scanner, then by the WebAssembly one (the parse workers').
describe.each([
  ['JavaScript', (): null => null],
  ['WebAssembly', builtScanModule],
])('parse by blocks, %s scanner', (_name, scanModule) => {
  it('trades: stages exactly what the line-by-line read stages (property)', async () => {
    const module = scanModule();
    await fc.assert(
      fc.asyncProperty(file(TARDIS_TRADES_HEADER, tradeLine), async (f) => {
        const path = writeFile(f);
        const make: Make = (t) => new TardisTradesParser(t);
        const blocks = await stage('trades', make, path, f.chunkBytes, module);
        expect(blocks).toEqual(await stage('trades', make, path, undefined));
      }),
      { numRuns: 60 },
    );
  });

  it('valid trades (whole blocks at once): stages exactly what the line-by-line read stages (property)', async () => {
    const module = scanModule();
    await fc.assert(
      fc.asyncProperty(file(TARDIS_TRADES_HEADER, validTradeLine), async (f) => {
        const path = writeFile(f);
        const make: Make = (t) => new TardisTradesParser(t);
        const blocks = await stage('trades', make, path, f.chunkBytes, module);
        expect(blocks).toEqual(await stage('trades', make, path, undefined));
      }),
      { numRuns: 60 },
    );
  });

  it('quotes: stages exactly what the line-by-line read stages (property)', async () => {
    const module = scanModule();
    await fc.assert(
      fc.asyncProperty(file(TARDIS_QUOTES_HEADER, quoteLine), async (f) => {
        const path = writeFile(f);
        const make: Make = (t) => new TardisQuotesParser(t);
        const blocks = await stage('quotes', make, path, f.chunkBytes, module);
        expect(blocks).toEqual(await stage('quotes', make, path, undefined));
      }),
      { numRuns: 60 },
    );
  });
});

describe('parse by blocks (parse workers)', () => {
  it('stages most plain lines from the blocks (not all through the general path)', async () => {
    const rows = Array.from(
      { length: 2000 },
      (_, i) => `bybit,SYM${i % 7},${T0 + i},${T0 + i + 3},${i},${i % 2 ? 'buy' : 'sell'},10${i}.25,0.5`,
    );
    const path = writeFile({
      lines: rows,
      crlf: false,
      finalNewline: true,
      gzip: false,
      header: TARDIS_TRADES_HEADER,
    });
    let general = 0;
    class Counting extends TardisTradesParser {
      override onLine(buf: Buffer, start: number, end: number, line: number): void {
        general++;
        super.onLine(buf, start, end, line);
      }
    }
    const blocks = await stage('trades', (t) => new Counting(t), path, 4096);
    // The first block (the header's) and each stream's first row go line by line; little else.
    expect(general).toBeLessThan(200);
    expect(blocks.read.lines).toBe(2001);
    expect(blocks).toEqual(await stage('trades', (t) => new TardisTradesParser(t), path, undefined));
  });

  it('errors name the file and line, as line by line', async () => {
    const path = join(dir, 'noheader.csv');
    writeFileSync(path, `binance-futures,BTCUSDT,${T0},${T0},1,buy,1,1\n`);
    await expect(stage('trades', (t) => new TardisTradesParser(t), path, 64)).rejects.toThrow(
      /f\.csv: missing column\(s\) exchange/,
    );
  });

  it('has no worker script next to the sources (the importer then parses in-thread)', () => {
    expect(parseWorkerUrl()).toBeUndefined();
  });
});
