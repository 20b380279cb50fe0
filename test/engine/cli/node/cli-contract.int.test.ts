// Issue 2, requirements 9, 10 (CLI) and 12: the CLI contract through the real bundle —
// one JSON object with --json, the dataset fields, exit codes 0/1/2 with one-line reasons;
// export → re-import gives identical rows for CSV, Parquet and Arrow; bars from the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Lake } from '../../../../engine/lake/node/lake';
import {
  TARDIS_DIR,
  WS_DIR,
  cleanup,
  csvDataLines,
  readCapture,
  tempDir,
} from '../../lake/node/lake-helpers';
import {
  buildCli,
  contractDatasets,
  oneJson,
  runCli,
  type CliResult,
  type ContractDataset,
} from './cli-helpers';

const dir = tempDir('tb-cli-');
const ws = join(dir, 'ws');
const out = join(dir, 'out');
const TRADES = join(TARDIS_DIR, 'binance-futures_trades_BTCUSDT.csv');
const QUOTES = join(TARDIS_DIR, 'binance-futures_quotes_BTCUSDT.csv');
const BOOK = join(TARDIS_DIR, 'binance-futures_book_snapshot_25_BTCUSDT.csv');
let headCapture = '';

const cli = (...args: string[]): Promise<CliResult> => runCli(['--workspace', ws, ...args]);

/** A failure: the exit code, nothing on stdout, one line on stderr. */
function expectFailure(r: CliResult, code: 1 | 2, pattern?: RegExp): void {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code, stdout: '' });
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines.length).toBe(1);
  if (pattern !== undefined) expect(lines[0]).toMatch(pattern);
}

const imported = new Map<string, ContractDataset[]>();

beforeAll(async () => {
  buildCli();
  // The first 400 lines of a real futures capture: trades, quotes and book with update ids.
  const text = gunzipSync(readFileSync(join(WS_DIR, 'usdm_btcusdt_20240719.jsonl.gz'))).toString('utf8');
  headCapture = join(dir, 'usdm_btcusdt_20240719_head.jsonl');
  writeFileSync(headCapture, `${text.split('\n').slice(0, 400).join('\n')}\n`);
  for (const [key, path, name] of [
    ['trades', TRADES, 'trades'],
    ['quotes', QUOTES, 'quotes'],
    ['book', BOOK, 'book'],
    ['capture', headCapture, 'cap'],
  ] as const) {
    const r = await cli('import', path, '--dataset', name, '--json');
    expect(r.code, r.stderr).toBe(0);
    imported.set(key, contractDatasets(oneJson(r).datasets));
  }
});

afterAll(() => {
  cleanup(dir);
});

describe('CLI contract', () => {
  it('import --json prints one JSON object whose datasets carry the contract fields', () => {
    const trades = imported.get('trades') ?? [];
    expect(trades).toEqual([
      {
        ...trades[0],
        name: 'trades',
        kind: 'trades',
        venue: 'binance-futures',
        symbol: 'BTCUSDT',
        rows: csvDataLines(TRADES).length,
        rejected: 0,
        duplicates: 0,
        firstTsUs: Math.min(...csvDataLines(TRADES).map((f) => Number(f[2]))),
        lastTsUs: Math.max(...csvDataLines(TRADES).map((f) => Number(f[2]))),
      },
    ]);
    const cap = imported.get('capture') ?? [];
    expect(cap.map((d) => [d.name, d.kind, d.venue, d.symbol]).sort()).toEqual([
      ['cap.book', 'book', 'binance-futures', 'BTCUSDT'],
      ['cap.quotes', 'quotes', 'binance-futures', 'BTCUSDT'],
      ['cap.trades', 'trades', 'binance-futures', 'BTCUSDT'],
    ]);
  });

  it('datasets --json prints { datasets: [...] } with the same fields and values', async () => {
    const r = await cli('datasets', '--json');
    expect(r.code).toBe(0);
    const listed = contractDatasets(oneJson(r).datasets);
    const pick = (d: ContractDataset): ContractDataset => ({
      name: d.name,
      kind: d.kind,
      venue: d.venue,
      symbol: d.symbol,
      rows: d.rows,
      rejected: d.rejected,
      duplicates: d.duplicates,
      firstTsUs: d.firstTsUs,
      lastTsUs: d.lastTsUs,
    });
    const fromImports = [...imported.values()].flat().map(pick);
    expect(listed.map(pick).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      fromImports.sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it('query --json prints { columns, rows } with plain values', async () => {
    const lines = csvDataLines(TRADES);
    const r = await cli(
      'query',
      "SELECT count(*) AS n, min(trade_id) AS first_id, max(price) AS hi FROM trades WHERE dataset = 'trades'",
      '--json',
    );
    expect(r.code).toBe(0);
    const value = oneJson(r);
    expect(Object.keys(value).sort()).toEqual(['columns', 'rows']);
    expect(value).toEqual({
      columns: ['n', 'first_id', 'hi'],
      rows: [
        [
          lines.length,
          Math.min(...lines.map((f) => Number(f[4]))),
          Math.max(...lines.map((f) => Number(f[6]))),
        ],
      ],
    });
  });

  it('exit 2 for usage errors: unknown command, unknown option, missing arguments', async () => {
    // Usage errors never open the workspace: run them side by side.
    const cases: [string[], RegExp][] = [
      [['frobnicate', '--json'], /unknown command "frobnicate"/],
      [['datasets', '--bogus', '--json'], /unknown option --bogus/],
      [['import', '--json'], /give one or more files/],
      [['query', '--json'], /SQL/],
      [['bars', '--dataset', 'trades', '--json'], /--interval/],
      [['export', 'trades', '--json'], /--out/],
      [['import', TRADES, '--format', 'excel', '--json'], /--format/],
      [['import', TRADES, '--gap-threshold-s', 'soon', '--json'], /--gap-threshold-s/],
    ];
    const results = await Promise.all(cases.map(([args]) => cli(...args)));
    results.forEach((r, i) => {
      expectFailure(r, 2, cases[i]?.[1]);
    });
    const none = await runCli([]);
    expect(none.code).toBe(2);
  });

  it('exit 1 with a one-line reason: missing file, truncated gzip, write statement, unknown dataset', async () => {
    expectFailure(await cli('import', join(dir, 'missing.csv'), '--json'), 1, /missing\.csv: no such file/);
    const bytes = readFileSync(join(WS_DIR, 'spot_ethusdt_20240808.jsonl.gz'));
    const cut = join(dir, 'cut.jsonl.gz');
    writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));
    expectFailure(await cli('import', cut, '--json'), 1, /cut\.jsonl\.gz.*(truncated|corrupt)/);
    expectFailure(await cli('query', 'DROP TABLE datasets', '--json'), 1, /read-only/);
    expectFailure(await cli('bars', '--dataset', 'nope', '--interval', '1m', '--json'), 1, /not found/);
    // Nothing of the failures was stored.
    const r = await cli('datasets', '--json');
    expect(contractDatasets(oneJson(r).datasets).length).toBe(6);
  });
});

describe('export → re-import', () => {
  const formats = ['csv', 'parquet', 'arrow'] as const;
  // Tardis trades; Tardis book snapshots (null update ids); a real capture's book (update ids) and quotes.
  const sources = ['trades', 'book', 'cap.book', 'cap.quotes'] as const;

  it('CSV, Parquet and Arrow exports of trades, quotes and book datasets re-import to identical rows', async () => {
    for (const src of sources) {
      for (const fmt of formats) {
        const file = join(out, `${src}.${fmt}`);
        const e = await cli('export', src, '--out', file, '--json');
        expect(e.code, e.stderr).toBe(0);
        const written = oneJson(e);
        expect(written).toMatchObject({ path: file, format: fmt });
        expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
        const i = await cli('import', file, '--dataset', `copy-${fmt}-${src}`, '--json');
        expect(i.code, i.stderr).toBe(0);
        const [copy] = contractDatasets(oneJson(i).datasets);
        expect(copy?.rows).toBe(written.rows);
        expect(copy?.rejected).toBe(0);
      }
    }
    const lake = await Lake.open(ws);
    try {
      for (const src of sources) {
        const info = await lake.getDataset(src);
        const cols = (await lake.query(`SELECT * EXCLUDE (dataset) FROM ${info.kind} LIMIT 0`)).columns;
        const order = cols.map((c) => `"${c}"`).join(', ');
        const original = (
          await lake.query(`SELECT ${order} FROM ${info.kind} WHERE dataset = '${src}' ORDER BY ${order}`)
        ).rows;
        expect(original.length).toBe(info.rows);
        expect(original.length).toBeGreaterThan(0);
        for (const fmt of formats) {
          const name = `copy-${fmt}-${src}`;
          const copyInfo = await lake.getDataset(name);
          expect([
            copyInfo.kind,
            copyInfo.venue,
            copyInfo.symbol,
            copyInfo.rows,
            copyInfo.firstTsUs,
            copyInfo.lastTsUs,
          ]).toEqual([info.kind, info.venue, info.symbol, info.rows, info.firstTsUs, info.lastTsUs]);
          const copy = (
            await lake.query(`SELECT ${order} FROM ${info.kind} WHERE dataset = '${name}' ORDER BY ${order}`)
          ).rows;
          expect(copy, `${name} row by row`).toEqual(original);
          const diff = await lake.query(
            `(SELECT ${order} FROM ${info.kind} WHERE dataset = '${src}' EXCEPT ALL SELECT ${order} FROM ${info.kind} WHERE dataset = '${name}')
             UNION ALL (SELECT ${order} FROM ${info.kind} WHERE dataset = '${name}' EXCEPT ALL SELECT ${order} FROM ${info.kind} WHERE dataset = '${src}')`,
          );
          expect(diff.rows, `${name} EXCEPT`).toEqual([]);
        }
      }
    } finally {
      await lake.close();
    }
  });

  it('an export to a bad path fails clearly and leaves no file behind', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const target = join(blocker, 'sub', 'x.csv');
    expectFailure(await cli('export', 'trades', '--out', target, '--json'), 1, /a-file/);
    expect(existsSync(target)).toBe(false);
    expectFailure(
      await cli('export', 'trades', '--out', join(out, 'x.txt'), '--json'),
      1,
      /\.csv, \.parquet, \.arrow/,
    );
    expectFailure(
      await cli('export', 'no-such-dataset', '--out', join(out, 'y.csv'), '--json'),
      1,
      /neither a dataset nor a SELECT/,
    );
    expect(
      readdirSync(out).filter((f) => f.includes('.tmp-') || f.startsWith('x.') || f.startsWith('y.')),
    ).toEqual([]);
  });
});

describe('bars from the CLI', () => {
  it('bars --dataset D --interval 1m equals OHLCV computed from the capture head', async () => {
    const r = await cli('bars', '--dataset', 'cap.trades', '--interval', '1m', '--json');
    expect(r.code, r.stderr).toBe(0);
    const [info] = contractDatasets([oneJson(r)]);
    expect(info?.kind).toBe('bars');
    // Independent reference from the same 400 lines.
    const head = readCapture('usdm_btcusdt_20240719.jsonl.gz').trades;
    const lines = readFileSync(headCapture, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"e":"trade"'));
    const ids = new Set(lines.map((l) => Number(/"t":(\d+)/.exec(l)?.[1])));
    const trades = head.filter((t) => ids.has(t.id)).sort((a, b) => a.tsUs - b.tsUs || a.id - b.id);
    expect(trades.length).toBe(ids.size);
    const buckets = new Map<number, number[]>();
    for (const t of trades) {
      const b = Math.floor(t.tsUs / 60e6) * 60e6;
      const cur = buckets.get(b);
      if (cur === undefined) buckets.set(b, [b, 60, t.price, t.price, t.price, t.price, t.size, 1]);
      else {
        cur[3] = Math.max(cur[3] ?? 0, t.price);
        cur[4] = Math.min(cur[4] ?? 0, t.price);
        cur[5] = t.price;
        cur[6] = (cur[6] ?? 0) + t.size;
        cur[7] = (cur[7] ?? 0) + 1;
      }
    }
    const q = await cli(
      'query',
      `SELECT ts_us, interval_s, open, high, low, close, round(volume, 9), trades FROM bars WHERE dataset = '${info?.name ?? ''}' ORDER BY ts_us`,
      '--json',
    );
    expect(q.code).toBe(0);
    const want = [...buckets.values()].map((b) => [
      ...b.slice(0, 6),
      Math.round((b[6] ?? 0) * 1e9) / 1e9,
      b[7],
    ]);
    expect(oneJson(q).rows).toEqual(want);
    expect(info?.rows).toBe(want.length);
  });
});
