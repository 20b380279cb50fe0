// Issue 2, requirements 6 and 7: bad files fail clearly and store nothing (all or nothing per
// import call); a file imported again — or a copy under another name — is skipped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lake } from '../../../../engine/lake/node/lake';
import type { DatasetInfo } from '../../../../engine/lake/node/lake-types';
import {
  TARDIS_DIR,
  TARDIS_TRADES_HEADER,
  WS_DIR,
  cleanup,
  csvDataLines,
  num,
  parquetFiles,
  tempDir,
  writeLines,
} from './lake-helpers';

const dir = tempDir('tb-bad-');
const ws = join(dir, 'ws');
let lake: Lake;
let before: DatasetInfo[];
let beforeFiles: string[];
const TRADES = join(TARDIS_DIR, 'binance-futures_trades_BTCUSDT.csv');
const CAPTURE = join(WS_DIR, 'usdm_btcusdt_20240718.jsonl.gz');

const T0 = 1_700_000_000_000_000;
const good = (i: number, symbol = 'SOLUSDT'): string =>
  `binance-futures,${symbol},${T0 + i},${T0 + i + 5},${i},buy,10,1`;

/** Lake state that must not change when an import fails. */
async function snapshot(): Promise<{
  datasets: DatasetInfo[];
  files: string[];
  trades: number;
  sources: number;
  rejects: number;
  imports: number;
}> {
  return {
    datasets: await lake.listDatasets(),
    files: parquetFiles(ws),
    trades: await num(lake, 'SELECT count(*) FROM trades'),
    sources: await num(lake, 'SELECT count(*) FROM source_files'),
    rejects: await num(lake, 'SELECT count(*) FROM rejects'),
    imports: await num(lake, 'SELECT count(*) FROM imports'),
  };
}

async function expectFailure(
  paths: string[],
  pattern: RegExp,
  options: { dataset?: string } = {},
): Promise<void> {
  const state = await snapshot();
  await expect(lake.importFiles(paths, options)).rejects.toThrow(pattern);
  expect(await snapshot()).toEqual(state);
  expect(
    existsSync(join(ws, '.staging'))
      ? readdirSync(join(ws, '.staging')).filter((f) => f.endsWith('.duckdb'))
      : [],
  ).toEqual([]);
}

beforeAll(async () => {
  lake = await Lake.open(ws);
  // An earlier dataset that every failure below must leave intact.
  await lake.importFiles([TRADES], { dataset: 'earlier' });
  before = await lake.listDatasets();
  beforeFiles = parquetFiles(ws);
  expect(before.length).toBe(1);
  expect(beforeFiles.length).toBe(1);
});

afterAll(async () => {
  await lake.close();
  cleanup(dir);
});

describe('bad files', () => {
  it('a truncated gzip (a real capture cut in half) fails naming the file; nothing is stored', async () => {
    const bytes = readFileSync(CAPTURE);
    const cut = join(dir, 'cut_usdm_btcusdt_20240718.jsonl.gz');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectFailure([cut], /cut_usdm_btcusdt_20240718\.jsonl\.gz.*(truncated|corrupt|unexpected end)/i);
  });

  it('an empty file and a header-only file fail clearly', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await expectFailure([empty], /empty\.csv.*empty/i);
    const header = writeLines(dir, 'header-only.csv', [TARDIS_TRADES_HEADER]);
    await expectFailure([header], /header-only\.csv.*(only a header|no data)/i);
  });

  it('an empty gzip member fails clearly', async () => {
    const { gzipSync } = await import('node:zlib');
    const gz = join(dir, 'empty.jsonl.gz');
    writeFileSync(gz, gzipSync(Buffer.alloc(0)));
    await expectFailure([gz], /empty\.jsonl\.gz.*empty/i);
  });

  it('a batch whose 2nd file is bad imports nothing, not even the 1st file; the 1st imports alone afterwards', async () => {
    const first = writeLines(dir, 'batch-good.csv', [TARDIS_TRADES_HEADER, good(1), good(2), good(3)]);
    const bytes = readFileSync(CAPTURE);
    const cut = join(dir, 'batch-cut.jsonl.gz');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 3)));
    await expectFailure([first, cut], /batch-cut\.jsonl\.gz/);
    const header = writeLines(dir, 'batch-header.csv', [TARDIS_TRADES_HEADER]);
    await expectFailure([first, header], /batch-header\.csv/);
    await expectFailure([first, join(dir, 'no-such-file.csv')], /no-such-file\.csv/);
    // Not recorded as imported: the good file alone imports now.
    const r = await lake.importFiles([first], { dataset: 'batch-good' });
    expect(r.skipped).toEqual([]);
    expect(r.datasets.map((d) => d.rows)).toEqual([3]);
    // Earlier datasets intact.
    const earlier = await lake.getDataset('earlier');
    expect(earlier.rows).toBe(before[0]?.rows);
    expect(await num(lake, "SELECT count(*) FROM trades WHERE dataset = 'earlier'")).toBe(
      csvDataLines(TRADES).length,
    );
  });

  it('a failure after some Parquet files were written (a dataset name clash) removes them', async () => {
    // A capture yields trades, quotes and book datasets; `clash.quotes` exists already, so the
    // trades file is written before the clash is found.
    const q = writeLines(dir, 'clash.csv', [
      'exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount',
      `binance-futures,XRPUSDT,${T0},${T0 + 1},1,2,1,1`,
    ]);
    await lake.importFiles([q], { dataset: 'clash.quotes' });
    const state = await snapshot();
    await expect(lake.importFiles([CAPTURE], { dataset: 'clash' })).rejects.toThrow(
      /clash\.quotes already exists/,
    );
    expect(await snapshot()).toEqual(state);
  });
});

describe('re-import', () => {
  it('the same file again is skipped as already-imported, with its dataset names; no duplicate rows', async () => {
    const state = await snapshot();
    const r = await lake.importFiles([TRADES]);
    expect(r.datasets).toEqual([]);
    expect(r.skipped.length).toBe(1);
    expect(r.skipped[0]).toMatchObject({ path: TRADES, reason: 'already-imported', datasets: ['earlier'] });
    expect(r.skipped[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const after = await snapshot();
    expect({ ...after, imports: state.imports }).toEqual(state);
  });

  it('a copy under another name is skipped too', async () => {
    const copy = join(dir, 'renamed-copy.csv');
    copyFileSync(TRADES, copy);
    const state = await snapshot();
    const r = await lake.importFiles([copy]);
    expect(r.datasets).toEqual([]);
    expect(r.skipped).toEqual([
      expect.objectContaining({ path: copy, reason: 'already-imported', datasets: ['earlier'] }),
    ]);
    expect((await snapshot()).trades).toBe(state.trades);
  });

  it('a file given twice in one call is imported once', async () => {
    const a = writeLines(dir, 'twice-a.csv', [
      TARDIS_TRADES_HEADER,
      good(10, 'ADAUSDT'),
      good(11, 'ADAUSDT'),
    ]);
    const b = join(dir, 'twice-b.csv');
    copyFileSync(a, b);
    const r = await lake.importFiles([a, b], { dataset: 'twice' });
    expect(r.datasets.map((d) => [d.name, d.rows, d.duplicates])).toEqual([['twice', 2, 0]]);
    expect(r.skipped.map((s) => [s.path, s.reason, s.datasets])).toEqual([
      [b, 'already-imported', ['twice']],
    ]);
    expect(await num(lake, "SELECT count(*) FROM trades WHERE dataset = 'twice'")).toBe(2);
  });

  it("a batch mixing an imported file and new ones records each dataset's own source file", async () => {
    const x = writeLines(dir, 'mix-x.csv', [TARDIS_TRADES_HEADER, good(20, 'DOTUSDT')]);
    const y = writeLines(dir, 'mix-y.csv', [TARDIS_TRADES_HEADER, good(21, 'LTCUSDT')]);
    const r = await lake.importFiles([TRADES, x, y]);
    expect(r.skipped.map((s) => s.path)).toEqual([TRADES]);
    const bySymbol = new Map(r.datasets.map((d) => [d.symbol, d]));
    expect(bySymbol.get('DOTUSDT')?.sourceFiles.map((f) => f.path)).toEqual([x]);
    expect(bySymbol.get('LTCUSDT')?.sourceFiles.map((f) => f.path)).toEqual([y]);
    // And a later re-import of y names y's dataset.
    const again = await lake.importFiles([y]);
    expect(again.skipped[0]?.datasets).toEqual([bySymbol.get('LTCUSDT')?.name]);
  });
});
