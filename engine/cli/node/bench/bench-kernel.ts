import { SimClock } from '../../../clock/sim-clock';
import { createProcessorImpls } from '../../../kernel/node/wasm-trade-processors';
import { buildKernel } from '../../../kernel/kernel';
import { parseProcessorList } from '../../../kernel/processor-registry';
import { createEventBatch, EventKind, type EventBatch, type StreamInfo } from '../../../model/events';
import { intOption, type ParsedArgs } from '../args';
import type { CommandContext } from '../command';
import { writeFigures } from './bench-output';
import { BENCH_REPLAY_PROCESSORS } from './bench-replay';
import { cpuNsPerRow, cpuUs } from './cpu-time';
import { probeHost } from './host-probe';
import { repeatedFigures, repeatOption } from './repeat';
import { mb, RssSampler } from './rss-sampler';

const SYMBOLS = 10;
/** Events per batch, as the replay reader's merge yields them. */
const BATCH = 8192;
/** 2024-08-08T00:00:00Z in µs. */
const START_US = 1_723_075_200_000_000;
/**
 * Spacing of the trades, µs: that of the replay benchmark's default 20 M rows over one day
 * (≈ 23 trades/s per symbol), whatever `--rows`, so a 60 s VWAP window holds a realistic
 * ~1 400 trades per symbol.
 */
const STEP_US = 86_400_000_000 / 20_000_000;

/** Mulberry32: a small seeded PRNG (uniform in [0, 1)), so every run sees the same trades. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Seeded synthetic trades shaped like the replay benchmark's (bench-replay.ts): symbols
 * round-robin, a per-symbol geometric random walk (log-return noise of ±5 bp), prices rounded
 * to cents, sizes to 0.001, random sides, receive time 1–2 ms after the exchange time.
 */
export class SyntheticTrades {
  readonly streams: readonly StreamInfo[];
  private readonly rnd: () => number;
  private readonly logReturn = new Float64Array(SYMBOLS);
  private next = 0;

  constructor(seed: number) {
    this.rnd = mulberry32(seed);
    this.streams = Array.from({ length: SYMBOLS }, (_, s) => ({
      id: s,
      venue: 'binance-futures',
      symbol: `SYM${s}USDT`,
      kind: 'trades' as const,
      source: `bench.SYM${s}USDT.trades`,
    }));
  }

  /** Overwrites `batch` with the next `n` trades (n ≤ its capacity). */
  fill(batch: EventBatch, n: number): void {
    const rnd = this.rnd;
    const lr = this.logReturn;
    for (let i = 0; i < n; i++) {
      const row = this.next++;
      const s = row % SYMBOLS;
      const ts = START_US + Math.floor(row * STEP_US);
      const l = (lr[s] as number) + (rnd() - 0.5) * 0.001;
      lr[s] = l;
      batch.kind[i] = EventKind.Trade;
      batch.stream[i] = s;
      batch.tsUs[i] = ts;
      batch.localTsUs[i] = ts + 1000 + Math.floor(rnd() * 1000);
      batch.a[i] = Math.round(100 * (s + 1) * Math.exp(l) * 100) / 100;
      batch.b[i] = Math.round((0.001 + 2 * rnd()) * 1000) / 1000;
      batch.c[i] = rnd() < 0.5 ? 1 : -1;
      batch.d[i] = row;
    }
    batch.length = n;
  }
}

/** Result of {@link benchKernel}. */
export interface BenchKernelResult {
  readonly rows: number;
  /** Events per second of kernel time (batch generation excluded). */
  readonly eventsPerS: number;
  /** Kernel time per event, ns. */
  readonly nsPerEvent: number;
  /** Process CPU time per event, ns (steadier than the wall clock on a shared machine). */
  readonly cpuNsPerEvent: number;
  /** Values the processors emitted (counted: no sink listens). */
  readonly valuesEmitted: number;
  readonly peakRssMb: number;
  readonly processors: string;
}

/**
 * Pushes `rows` synthetic trades through `buildKernel` with a simulated clock, batch by batch,
 * timing only `kernel.process` (one batch object is refilled between calls, as the reader
 * reuses its batches). Nobody listens to values, so the kernel runs in its counting mode, as
 * in `bench replay`.
 */
export function benchKernel(rows: number, processors: string, seed: number): BenchKernelResult {
  const data = new SyntheticTrades(seed);
  const rss = new RssSampler(100);
  try {
    const impls = createProcessorImpls();
    const kernel = buildKernel(
      { processors },
      {
        clock: new SimClock(),
        source: { streams: data.streams },
        hrNowMs: () => performance.now(),
        ...(impls === undefined ? {} : { processorImpls: impls }),
      },
    );
    const batch = createEventBatch(BATCH);
    let ms = 0;
    let cpu = 0;
    for (let at = 0; at < rows; at += BATCH) {
      data.fill(batch, Math.min(BATCH, rows - at));
      const t0 = performance.now();
      const c0 = cpuUs();
      kernel.process(batch);
      ms += performance.now() - t0;
      cpu += cpuUs() - c0;
    }
    const summary = kernel.summary();
    return {
      rows: summary.events,
      eventsPerS: Math.round(rows / (ms / 1000)),
      nsPerEvent: Math.round(((ms * 1e6) / rows) * 10) / 10,
      cpuNsPerEvent: cpuNsPerRow(cpu, rows),
      valuesEmitted: summary.valuesEmitted,
      peakRssMb: mb(rss.peakBytes),
      processors,
    };
  } finally {
    rss.stop();
  }
}

/**
 * `tickbench bench kernel`: the kernel alone (no lake, no reader) on seeded synthetic trades
 * over 10 symbols, through the replay benchmark's processor list by default. Prints rows,
 * events/s and ns/event of kernel time, and peak RSS; `--repeat N` runs it N times and prints
 * medians with the spread of the rate; `host` is the host's speed before and after.
 */
export async function runBenchKernel(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const rows = intOption(args, 'rows', 5_000_000, 1, 1_000_000_000);
  const seed = intOption(args, 'seed', 42, 0, 2 ** 31);
  const repeat = repeatOption(args);
  const processors = args.strings.get('processors') ?? BENCH_REPLAY_PROCESSORS;
  parseProcessorList(processors);
  if (!ctx.json) ctx.stderr.write(`kernel: ${rows} synthetic trades through ${processors}…\n`);
  const before = await probeHost();
  const runs = Array.from({ length: repeat }, () => benchKernel(rows, processors, seed));
  writeFigures(
    ctx,
    { ...repeatedFigures(runs, repeat, ['eventsPerS']), host: { before, after: await probeHost() } },
    14,
  );
  return 0;
}
