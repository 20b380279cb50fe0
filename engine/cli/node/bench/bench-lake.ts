import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lake } from '../../../lake/node/lake';
import { scanDatasets } from '../../../lake/node/reader';
import { intOption, type ParsedArgs } from '../args';
import type { CommandContext } from '../command';
import { writeFigures } from './bench-output';
import { cpuNsPerRow, cpuUs } from './cpu-time';
import { probeHost } from './host-probe';
import { repeatedFigures, repeatOption } from './repeat';
import { mb, RssSampler } from './rss-sampler';
import { SYNTHETIC_START_US, writeSyntheticTradesCsv } from './synthetic';

/** Targets of the lake benchmark on a 2-core machine (issue 2). */
export const LAKE_TARGETS = {
  csvImportRowsPerS: 3_000_000,
  scanRowsPerS: 12_000_000,
  scanRssGrowthMb: 500,
} as const;

/** The figures of one run of the lake benchmark (see {@link runBenchLake}). */
type LakeRun = Awaited<ReturnType<typeof lakeRun>>;

/** Imports `csv` into a fresh workspace at `wsDir`, scans it and runs the filtered query. */
async function lakeRun(wsDir: string, csv: string, rows: number, rss: RssSampler, log: (s: string) => void) {
  const lake = await Lake.open(wsDir);
  try {
    log('importing…');
    const t0 = performance.now();
    const c0 = cpuUs();
    let writeStart = 0;
    let writeStartCpu = 0;
    const result = await lake.importFiles([csv], {
      onProgress: (p) => {
        if (p.phase === 'write parquet' && writeStart === 0) {
          writeStart = performance.now();
          writeStartCpu = cpuUs();
        }
      },
    });
    const t1 = performance.now();
    const c1 = cpuUs();
    const datasets = result.datasets.map((d) => d.name);
    const imported = result.datasets.reduce((s, d) => s + d.rows, 0);
    log('scanning…');
    const rssBeforeScan = rss.resetPeak();
    // Two full scans: the first also warms the JIT up; the second is the figure.
    const s0 = performance.now();
    const scannedFirst = await scanDatasets(lake, datasets);
    const t2 = performance.now();
    const c2 = cpuUs();
    const scanned = await scanDatasets(lake, datasets);
    const t3 = performance.now();
    const c3 = cpuUs();
    const scanPeak = rss.peakBytes;
    const t4 = performance.now();
    const filtered = await lake.query(
      `SELECT count(*) AS n, avg(price) AS p FROM trades WHERE symbol = 'SYM3USDT' AND ts_us >= ${SYNTHETIC_START_US + rows} AND ts_us < ${SYNTHETIC_START_US + rows * 2}`,
    );
    const t5 = performance.now();
    const csvEnd = writeStart > 0 ? writeStart : t1;
    return {
      rows: imported,
      datasets: datasets.length,
      csvImportRowsPerS: Math.round(imported / ((csvEnd - t0) / 1000)),
      parquetWriteRowsPerS: writeStart > 0 ? Math.round(imported / ((t1 - writeStart) / 1000)) : null,
      importRowsPerS: Math.round(imported / ((t1 - t0) / 1000)),
      scanRowsPerS: Math.round(scanned / ((t3 - t2) / 1000)),
      scanFirstPassRowsPerS: Math.round(scannedFirst / ((t2 - s0) / 1000)),
      scanRssGrowthMb: mb(scanPeak - rssBeforeScan),
      filteredScanMs: Math.round(t5 - t4),
      filteredRows: Number(filtered.rows[0]?.[0] ?? 0),
      importMs: Math.round(t1 - t0),
      csvStageMs: Math.round(csvEnd - t0),
      parquetStageMs: Math.round(t1 - csvEnd),
      scanMs: Math.round(t3 - t2),
      cpuNsPerRow: {
        csvStage: cpuNsPerRow((writeStartCpu > 0 ? writeStartCpu : c1) - c0, imported),
        parquetStage: writeStartCpu > 0 ? cpuNsPerRow(c1 - writeStartCpu, imported) : null,
        scan: cpuNsPerRow(c3 - c2, scanned),
      },
    };
  } finally {
    await lake.close();
  }
}

/**
 * `tickbench bench lake`: seeded synthetic trades over 10 symbols → CSV import → Parquet write
 * → full scan into typed arrays → filtered scan. Runs in a temporary workspace.
 *
 * The full scan (`scanRowsPerS`) is the second of two (`scanFirstPassRowsPerS`: the first,
 * with the JIT still warming up); the RSS growth covers both. `cpuNsPerRow` is the
 * process CPU time (all threads) per row of each stage: steadier than the rates when other work
 * shares the machine.
 *
 * An import has two stages, timed apart: the CSV stage (`csvImportRowsPerS`: read, parse,
 * quality checks, staging into DuckDB) and the Parquet stage (`parquetWriteRowsPerS`: dedup,
 * sort, quality summary, Parquet files, catalog commit); `importRowsPerS` is both together.
 */
export async function runBenchLake(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const rows = intOption(args, 'rows', 20_000_000, 1000, 1_000_000_000);
  const seed = intOption(args, 'seed', 42, 0, 2 ** 31);
  const repeat = repeatOption(args);
  const dir = mkdtempSync(join(tmpdir(), 'tickbench-bench-lake-'));
  const rss = new RssSampler();
  const log = (s: string): void => {
    if (!ctx.json) ctx.stderr.write(`${s}\n`);
  };
  try {
    const csv = join(dir, 'trades.csv');
    log(`generating ${rows} seeded synthetic trades (seed ${seed})…`);
    const gen = await Lake.open(join(dir, 'gen'));
    try {
      await gen.withConnection((conn) => writeSyntheticTradesCsv(conn, csv, rows, seed));
    } finally {
      await gen.close();
    }
    // Flush the generated file to disk now, so that its writeback does not run during (and
    // count against) the first import.
    const fd = openSync(csv, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const hostBefore = await probeHost();
    const runs: LakeRun[] = [];
    for (let r = 0; r < repeat; r++) {
      if (repeat > 1) log(`run ${r + 1} of ${repeat}`);
      // A fresh workspace per run: the same file again would be recognised as imported.
      const run = await lakeRun(join(dir, `ws${r}`), csv, rows, rss, log);
      log(`  CSV stage ${run.csvImportRowsPerS} rows/s, scan ${run.scanRowsPerS} rows/s`);
      runs.push(run);
    }
    writeFigures(
      ctx,
      {
        ...repeatedFigures(runs, repeat, [
          'csvImportRowsPerS',
          'parquetWriteRowsPerS',
          'importRowsPerS',
          'scanRowsPerS',
        ]),
        peakRssMb: mb(rss.peakBytes),
        host: { before: hostBefore, after: await probeHost() },
        targets: LAKE_TARGETS,
      },
      22,
    );
    return 0;
  } finally {
    rss.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
