// The import's parse workers (dist/node/parse-worker.mjs, bundled from engine/lake/node/
// parse-worker.ts) on real threads: the staged result is the line-by-line one, cancel and
// failures stop every thread, and a CLI import of a file big enough for the workers gives the
// datasets, rows and rejects of an import without them.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../../../engine/core/errors';
import { TardisTradesParser } from '../../../../engine/lake/node/formats/tardis';
import { readLines } from '../../../../engine/lake/node/line-reader';
import { PARALLEL_MIN_BYTES, readLinesParallel } from '../../../../engine/lake/node/parallel-lines';
import { StagingArea } from '../../../../engine/lake/node/staging';
import { buildCli, ROOT, runCli } from '../../cli/node/cli-helpers';
import { cleanup, parseTargetFor, plainStats, tempDir, TARDIS_TRADES_HEADER } from './lake-helpers';

const dir = tempDir('tb-parse-workers-');
const WORKER = pathToFileURL(join(ROOT, 'dist/node/parse-worker.mjs'));
const T0 = 1_723_075_200_000_000;
let runs = 0;

/** Deterministic trade lines with quirks every so often (rejects, quotes, blanks, CRLF, units, disorder). */
function tradeLines(n: number): string[] {
  const out = [TARDIS_TRADES_HEADER];
  let x = 12345;
  const rnd = (m: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % m;
  };
  for (let i = 0; i < n; i++) {
    const ts = T0 + i * 1000 + (rnd(50) === 0 ? -5_000_000 : 0) + (rnd(2000) === 0 ? 120_000_000 : 0);
    const sym = `SYM${rnd(12)}`;
    const side = rnd(2) === 0 ? 'buy' : 'sell';
    const line = `binance-futures,${sym},${ts},${ts + 7},${i},${side},${(60000 + rnd(1000) / 10).toFixed(1)},${(rnd(50) / 1000).toFixed(3)}`;
    switch (rnd(400)) {
      case 0:
        out.push('');
        break;
      case 1:
        out.push(line.replace(',buy,', ',hold,').replace(',sell,', ',hold,'));
        break;
      case 2:
        out.push(`binance-futures,"${sym}",${ts},${ts},${i},buy,"1,5",1`);
        break;
      case 3:
        out.push(`binance-futures,${sym},${Math.floor(ts / 1000)},,${i},buy,-3,1`);
        break;
      case 4:
        out.push(`${line}\r`);
        break;
      case 5:
        out.push('binance-futures,BTCUSDT,1');
        break;
      default:
        out.push(line);
    }
  }
  return out;
}

/** Stages `path` line by line, or with parse workers, and returns what was staged (rows as the writer got them). */
async function stage(path: string, workers: number | undefined, signal?: AbortSignal) {
  const run = runs++;
  const area = new StagingArea('trades', dir, `c${run}`, `rows${run}`, 60e6);
  area.fileName = 'f.csv';
  const parser = new TardisTradesParser(parseTargetFor(area));
  const read =
    workers === undefined
      ? await readLines(path, (b, s, e, l) => {
          parser.onLine(b, s, e, l);
        })
      : await readLinesParallel(path, parser, {
          scanner: WORKER,
          threads: workers,
          chunkBytes: 8192,
          signal,
        });
  parser.end(read.lines);
  area.finish();
  return { read, streams: area.streams, rejects: area.rejects, stats: plainStats(area) };
}

/** OS threads of this process (Linux), to see that workers are gone. */
function threads(): number {
  return readdirSync('/proc/self/task').length;
}

async function settledThreads(expected: number): Promise<number> {
  for (let i = 0; i < 50 && threads() > expected; i++) await new Promise((r) => setTimeout(r, 20));
  return threads();
}

beforeAll(() => {
  buildCli();
}, 180_000);

afterAll(() => {
  cleanup(dir);
});

describe('parse workers', () => {
  it('the bundle has the worker script', () => {
    expect(existsSync(WORKER)).toBe(true);
  });

  it('stage exactly what the line-by-line read stages (1 and 2 threads)', async () => {
    const path = join(dir, 'quirks.csv');
    writeFileSync(path, tradeLines(30_000).join('\n'));
    const inline = await stage(path, undefined);
    expect(inline.rejects.length).toBeGreaterThan(100);
    expect(inline.stats.some((s) => s.outOfOrder > 0 && s.gapCount > 0)).toBe(true);
    for (const workers of [1, 2]) expect(await stage(path, workers)).toEqual(inline);
  });

  it('stop every thread when cancelled mid-file', async () => {
    if (!existsSync('/proc/self/task')) return;
    const path = join(dir, 'cancel.csv');
    writeFileSync(path, tradeLines(60_000).join('\n'));
    const before = threads();
    const abort = new AbortController();
    const run = runs++;
    const area = new StagingArea('trades', dir, `c${run}`, `rows${run}`, 60e6);
    const parser = new TardisTradesParser(parseTargetFor(area));
    let chunks = 0;
    const read = readLinesParallel(path, parser, {
      scanner: WORKER,
      threads: 2,
      chunkBytes: 8192,
      signal: abort.signal,
      onBytes: () => {
        if (++chunks === 20) abort.abort();
      },
    });
    await expect(read).rejects.toBeInstanceOf(CancelledError);
    area.finish();
    expect(await settledThreads(before)).toBe(before);
  });

  it('fail naming the file when a worker cannot run, and stop the others', async () => {
    if (!existsSync('/proc/self/task')) return;
    const path = join(dir, 'fail.csv');
    writeFileSync(path, tradeLines(20_000).join('\n'));
    const broken = join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('no scanner here');\n");
    const before = threads();
    const run = runs++;
    const area = new StagingArea('trades', dir, `c${run}`, `rows${run}`, 60e6);
    const parser = new TardisTradesParser(parseTargetFor(area));
    const read = readLinesParallel(path, parser, {
      scanner: pathToFileURL(broken),
      threads: 2,
      chunkBytes: 8192,
    });
    await expect(read).rejects.toThrow(/fail\.csv: parse worker failed: .*no scanner here/);
    area.finish();
    expect(await settledThreads(before)).toBe(before);
  });

  it('CLI import of a big file: the same datasets, rows and rejects with and without them', async () => {
    const path = join(dir, 'big.csv');
    const lines = tradeLines(Math.ceil(PARALLEL_MIN_BYTES / 70));
    writeFileSync(path, `${lines.join('\n')}\n`);
    expect(statSync(path).size).toBeGreaterThanOrEqual(PARALLEL_MIN_BYTES);
    const results = [];
    for (const n of ['0', '2']) {
      process.env.TICKBENCH_PARSE_THREADS = n;
      const ws = join(dir, `ws${n}`);
      const imp = await runCli(['--workspace', ws, 'import', path, '--json']);
      expect(imp.code, imp.stderr).toBe(0);
      const datasets = (JSON.parse(imp.stdout) as { datasets: Record<string, unknown>[] }).datasets.map(
        ({ importedAt: _t, ...d }) => d,
      );
      const q = await runCli([
        '--workspace',
        ws,
        'query',
        'SELECT symbol, count(*), sum(hash(ts_us, local_ts_us, trade_id, price, size, side)) FROM trades GROUP BY symbol ORDER BY symbol',
        '--json',
      ]);
      const rejects = await runCli([
        '--workspace',
        ws,
        'query',
        'SELECT dataset, line, reason, raw FROM rejects ORDER BY line',
        '--json',
      ]);
      results.push({ datasets, rows: q.stdout, rejects: rejects.stdout });
    }
    delete process.env.TICKBENCH_PARSE_THREADS;
    expect(results[0]?.datasets.length).toBe(12);
    expect(results[1]).toEqual(results[0]);
  });
});
