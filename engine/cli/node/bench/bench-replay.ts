import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { columnsReadBy } from '../../../kernel/columns-read';
import { parseProcessorList } from '../../../kernel/processor-registry';
import { Lake } from '../../../lake/node/lake';
import { openDatasetSource, scanDatasets } from '../../../lake/node/reader';
import type { ReadColumns } from '../../../model/events';
import { readerOptions } from '../../../lake/node/worker-source';
import { sqlString } from '../../../lake/node/sql';
import { NodePacer } from '../../../replay/node/node-pacer';
import { runReplay } from '../../../replay/run-replay';
import { createFnvRows } from '../../../replay/node/wasm-series-fnv';
import { createProcessorImpls } from '../../../kernel/node/wasm-trade-processors';
import { choiceOption, intOption, type ParsedArgs } from '../args';
import type { CommandContext } from '../command';
import { writeFigures } from './bench-output';
import { cpuNsPerRow, cpuUs, threadCpuUs, threadRunQueueUs } from './cpu-time';
import { probeHost } from './host-probe';
import { repeatedFigures, repeatOption } from './repeat';
import { mb, RssSampler } from './rss-sampler';

/** The processor list of the replay benchmark (issue 3). */
export const BENCH_REPLAY_PROCESSORS = 'ema:20,ema:100,rsi:14,vwap:60s,zscore:500,limit,var:1000,drawdown';

/** Targets of the replay benchmark on a 2-core machine (issue 3), events per second end to end. */
export const REPLAY_TARGETS = { eventsPerS: 10_000_000, floorEventsPerS: 5_000_000 } as const;

const SYMBOLS = 10;
/** 2024-08-08T00:00:00Z in µs. */
const START_US = 1_723_075_200_000_000;
/** Trades over all symbols spread over one day: 20 M rows → a trade every 4.32 ms (≈ 23/s per symbol). */
const SPAN_US = 86_400_000_000;

/**
 * Writes `rows` seeded synthetic trades as a Tardis CSV (`exchange,symbol,timestamp,
 * local_timestamp,id,side,price,amount`), generated inside DuckDB: symbols round-robin, evenly
 * spaced over one day (so a 60 s VWAP window holds a realistic ~1 400 trades per symbol), a
 * per-symbol geometric random walk (cumulated seeded noise of ±5 bp), receive time 1–2 ms later.
 * `setseed` + `random()` make the file identical on every run of the same DuckDB version.
 */
export async function writeReplayBenchCsv(
  conn: DuckDBConnection,
  path: string,
  rows: number,
  seed: number,
): Promise<void> {
  const stepUs = Math.max(1, Math.floor(SPAN_US / rows));
  await conn.run(`SELECT setseed(${(seed % 1000) / 1000})`);
  await conn.run(
    `COPY (
       WITH noise AS (
         SELECT i, i % ${SYMBOLS} AS s, random() AS u1, random() AS u2, random() AS u3, random() AS u4
           FROM range(${rows}) t(i)
       ), walk AS (
         SELECT i, s, u1, u2, u4,
                sum((u3 - 0.5) * 0.001) OVER (PARTITION BY s ORDER BY i ROWS UNBOUNDED PRECEDING) AS lr
           FROM noise
       )
       SELECT 'binance-futures' AS exchange,
              'SYM' || s || 'USDT' AS symbol,
              ${START_US} + i * ${stepUs} AS timestamp,
              ${START_US} + i * ${stepUs} + 1000 + CAST(u1 * 1000 AS BIGINT) AS local_timestamp,
              i AS id,
              CASE WHEN u2 < 0.5 THEN 'buy' ELSE 'sell' END AS side,
              round(100 * (s + 1) * exp(lr), 2) AS price,
              round(0.001 + 2 * u4, 3) AS amount
         FROM walk ORDER BY i
     ) TO ${sqlString(path)} (FORMAT csv, HEADER true)`,
  );
}

/** The figures of one run of the replay benchmark (see {@link runBenchReplay}). */
type ReplayRun = Awaited<ReturnType<typeof replayRun>>;

interface ReplayRunInput {
  readonly lake: Lake;
  readonly datasets: readonly string[];
  readonly processors: string;
  /** The replay's read options: reader thread or not, and the columns its processors read. */
  readonly reader: ReturnType<typeof readerOptions> & { readonly columns: ReadColumns };
  readonly rss: RssSampler;
  readonly ctx: CommandContext;
  readonly log: (s: string) => void;
}

/**
 * One replay of the datasets at max speed, timed from the opened source to its close: wall ms,
 * process CPU µs and the calling (kernel) thread's CPU µs. `hashOutput` false counts the values
 * (nobody listens); true hashes every one, as `tickbench replay` does.
 */
async function timedReplay(input: ReplayRunInput, hashOutput: boolean) {
  const pacer = new NodePacer();
  const source = await openDatasetSource(input.lake, input.datasets, input.reader);
  let summary;
  const t0 = performance.now();
  const c0 = cpuUs();
  const m0 = threadCpuUs();
  const q0 = threadRunQueueUs();
  let firstBatchMs = Number.NaN;
  try {
    summary = await runReplay({
      // The same source, noting when its first batch arrives (the reader's start).
      source: {
        streams: source.streams,
        totalEvents: source.totalEvents,
        async *batches(signal) {
          for await (const b of source.batches(signal)) {
            if (Number.isNaN(firstBatchMs)) firstBatchMs = performance.now() - t0;
            yield b;
          }
        },
      },
      processors: input.processors,
      speed: 'max',
      pacer,
      hashOutput,
      fnvRows: () => createFnvRows(),
      processorImpls: createProcessorImpls,
      hrNowMs: () => pacer.nowMs(),
      signal: input.ctx.signal,
    });
  } finally {
    await source.close();
  }
  return {
    summary,
    threaded: source.threaded,
    readerThreadCpuUs: source.readerThreadCpuUs(),
    ms: performance.now() - t0,
    cpuUs: cpuUs() - c0,
    threadCpuUs: threadCpuUs() - m0,
    runQueueUs: threadRunQueueUs() - q0,
    firstBatchMs,
  };
}

/** The timed phases over the imported datasets: raw scan, reader alone, replay end to end (counted, then hashed). */
async function replayRun(input: ReplayRunInput) {
  const { lake, datasets, processors, reader, rss, log } = input;
  log('raw scan…');
  const t0 = performance.now();
  const c0 = cpuUs();
  const scanned = await scanDatasets(lake, datasets);
  const t1 = performance.now();
  const c1 = cpuUs();

  log('reader (merged batches, no processing)…');
  // The replay's read, with its projection (the raw read above reads every column).
  const readSource = await openDatasetSource(lake, datasets, reader);
  let read = 0;
  const t2 = performance.now();
  const c2 = cpuUs();
  try {
    for await (const b of readSource.batches()) read += b.length;
  } finally {
    await readSource.close();
  }
  const t3 = performance.now();
  const c3 = cpuUs();

  log(`replay through ${processors}…`);
  const rssBeforeReplay = rss.resetPeak();
  const counted = await timedReplay(input, false);
  const summary = counted.summary;
  // The same replay as `tickbench replay` runs it: every value goes to the output hash.
  log('replay again, hashing the output…');
  const { summary: hashed, ms: hashedMs } = await timedReplay(input, true);

  const rate = (n: number, ms: number): number => Math.round(n / (ms / 1000));
  const eventsPerS = rate(summary.events, counted.ms);
  const rawReadRowsPerS = rate(scanned, t1 - t0);
  return {
    processors,
    reader: counted.threaded ? 'thread' : 'inline',
    // The trade columns the replay reads (besides the two times): its processors' `reads`.
    replayColumns: (reader.columns.trades ?? []).join(','),
    status: hashed.status === 'done' ? summary.status : hashed.status,
    events: summary.events,
    eventsPerS,
    rawReadRowsPerS,
    ratio: Math.round((eventsPerS / rawReadRowsPerS) * 1000) / 1000,
    readerRowsPerS: rate(read, t3 - t2),
    valuesEmitted: summary.valuesEmitted,
    hashedEventsPerS: rate(hashed.events, hashedMs),
    outputHash: hashed.outputHash,
    breaches: summary.breaches,
    // What the replay itself adds (the peak also holds what import and the scans left).
    replayRssGrowthMb: mb(rss.peakBytes - rssBeforeReplay),
    scanMs: Math.round(t1 - t0),
    replayMs: Math.round(counted.ms),
    cpuNsPerRow: {
      rawRead: cpuNsPerRow(c1 - c0, scanned),
      reader: cpuNsPerRow(c3 - c2, read),
      replay: cpuNsPerRow(counted.cpuUs, summary.events),
    },
    // The kernel's thread: near the wall time per event, it is what bounds the replay.
    replayCallerThreadCpuNsPerEvent: Number.isNaN(counted.threadCpuUs)
      ? null
      : cpuNsPerRow(counted.threadCpuUs, summary.events),
    // The reader thread (DuckDB chunks, merge): with the kernel's, says which side bounds.
    replayReaderThreadCpuNsPerEvent: Number.isNaN(counted.readerThreadCpuUs)
      ? null
      : cpuNsPerRow(counted.readerThreadCpuUs, summary.events),
    replayWallNsPerEvent: Math.round((counted.ms * 1e7) / Math.max(1, summary.events)) / 10,
    // Where the kernel thread's wall time goes besides its CPU: the wait for the first batch
    // (reader thread, DuckDB instance, one query per dataset), and the time it was runnable
    // while other threads held both cores (Linux; null elsewhere).
    replayFirstBatchMs: Math.round(counted.firstBatchMs),
    replayCallerRunQueueNsPerEvent: Number.isNaN(counted.runQueueUs)
      ? null
      : cpuNsPerRow(counted.runQueueUs, summary.events),
  };
}

/**
 * `tickbench bench replay`: seeded synthetic trades over 10 symbols → import into a temporary
 * workspace → (a) the raw lake read rate (`scanDatasets`: every column into typed arrays, no
 * processing), (b) the reader alone (DuckDB chunks → merged EventBatches), (c) the end-to-end
 * replay through the benchmark processors at max speed (reader + merge + kernel; the output is
 * counted, not hashed or written). (b) and (c) read the columns the processors read
 * (`replayColumns`: trade prices and sizes), as `tickbench replay` does. Prints events/s, the
 * raw rate and their ratio, peak RSS.
 * (d) `hashedEventsPerS`: (c) again as `tickbench replay` runs it, every emitted value going
 * to the output hash (`outputHash`, the same on every run and machine for the same seed).
 * `--repeat N` runs (a)–(d) N times over the same import and prints the median of every figure,
 * with `spread` (lowest, highest) for the rates; `host` is the host's speed before and after.
 */
export async function runBenchReplay(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const rows = intOption(args, 'rows', 20_000_000, 1000, 1_000_000_000);
  const seed = intOption(args, 'seed', 42, 0, 2 ** 31);
  const processors = args.strings.get('processors') ?? BENCH_REPLAY_PROCESSORS;
  parseProcessorList(processors);
  // Where datasets are read and merged (see `tickbench replay --reader`), and the columns the
  // processors read: the replay's own read options.
  const reader = {
    ...readerOptions(choiceOption(args, 'reader', ['auto', 'inline', 'thread'])),
    columns: columnsReadBy(processors),
  };
  const dir = mkdtempSync(join(tmpdir(), 'tickbench-bench-replay-'));
  const rss = new RssSampler(100);
  const repeat = repeatOption(args);
  const log = (s: string): void => {
    if (!ctx.json) ctx.stderr.write(`${s}\n`);
  };
  try {
    const lake = await Lake.open(join(dir, 'ws'));
    try {
      const csv = join(dir, 'trades.csv');
      log(`generating ${rows} seeded synthetic trades over ${SYMBOLS} symbols (seed ${seed})…`);
      const g0 = performance.now();
      await lake.withConnection((conn) => writeReplayBenchCsv(conn, csv, rows, seed));
      const g1 = performance.now();
      log('importing…');
      const result = await lake.importFiles([csv]);
      const g2 = performance.now();
      rmSync(csv, { force: true });
      const datasets = result.datasets.map((d) => d.name).sort();
      const imported = result.datasets.reduce((s, d) => s + d.rows, 0);

      const hostBefore = await probeHost();
      const runs: ReplayRun[] = [];
      for (let r = 0; r < repeat; r++) {
        if (repeat > 1) log(`run ${r + 1} of ${repeat}`);
        const run = await replayRun({ lake, datasets, processors, reader, rss, ctx, log });
        runs.push(run);
        if (run.status !== 'done') break; // cancelled: no further runs
      }
      const status = runs.find((r) => r.status !== 'done')?.status ?? 'done';
      writeFigures(
        ctx,
        {
          rows: imported,
          symbols: SYMBOLS,
          ...repeatedFigures(runs, repeat, [
            'eventsPerS',
            'hashedEventsPerS',
            'rawReadRowsPerS',
            'ratio',
            'readerRowsPerS',
          ]),
          status,
          peakRssMb: mb(rss.peakBytes),
          generateMs: Math.round(g1 - g0),
          importMs: Math.round(g2 - g1),
          host: { before: hostBefore, after: await probeHost() },
          targets: REPLAY_TARGETS,
        },
        16,
      );
      return status === 'done' ? 0 : 1;
    } finally {
      await lake.close();
    }
  } finally {
    rss.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
