import type { BusEventListener } from '../bus/signal-bus';
import { SimClock } from '../clock/sim-clock';
import type { CancelSignal } from '../core/cancel';
import { TickbenchError } from '../core/errors';
import type { EventSource } from '../model/events';
import { buildKernel, type Kernel, type KernelSummary } from '../kernel/kernel';
import type { Processor } from '../kernel/processor';
import type { ProcessorImpls } from '../kernel/processor-registry';
import type { SeriesSink } from '../kernel/series-sink';
import type { MonitorThresholds } from '../monitor/thresholds';
import type { Pacer } from './pacer';
import { ReplayController, type ReplayProgress, type ReplaySpeed } from './replay-controller';
import { SeriesHasher, type FnvRows } from './series-hash';

export interface RunReplayOptions {
  /** The events (for several datasets: `mergeSources([...])`). */
  readonly source: EventSource;
  /** Processor list (`sma:20,ema:50,bbo`), or a factory of instances (called per kernel). */
  readonly processors: string | (() => readonly Processor[]);
  /** Default `max`. A number needs `pacer`. */
  readonly speed?: ReplaySpeed;
  /** Receivers of the emitted series (CSV/Parquet writers); closed at the end. */
  readonly sinks?: readonly SeriesSink[];
  /** Receivers of breaches, book-invalid, alerts and processor errors. */
  readonly eventSinks?: readonly BusEventListener[];
  readonly pacer?: Pacer;
  readonly signal?: CancelSignal;
  readonly onProgress?: (progress: ReplayProgress) => void;
  readonly progressEveryEvents?: number;
  /** High-resolution monotonic ms for latencies and throughput (e.g. `performance.now`). */
  readonly hrNowMs?: () => number;
  /** Memory in use as a fraction (0..1). */
  readonly memoryFraction?: () => number;
  readonly thresholds?: Partial<MonitorThresholds>;
  /** See `KernelConfig.latencySampleEvery` (default 1024). */
  readonly latencySampleEvery?: number;
  /** Compute `outputHash` (default true; ~30 ns per emitted value, see `SeriesHasher`). */
  readonly hashOutput?: boolean;
  /**
   * The hash's FNV steps, one per hasher (default JavaScript): Node callers pass
   * `createFnvRows` (engine/replay/node/wasm-series-fnv.ts), the same digest in WebAssembly.
   */
  readonly fnvRows?: () => FnvRows;
  /**
   * Faster implementations of some processor kinds, the same output bits, one set per kernel
   * (see `KernelEnv.processorImpls`): Node callers pass `wasmProcessorImpls`
   * (engine/kernel/node/wasm-trade-processors.ts).
   */
  readonly processorImpls?: () => ProcessorImpls | undefined;
  /** Called with each kernel built (at start; again after a backward seek). */
  readonly onKernel?: (kernel: Kernel) => void;
  /** Called with the controller before the run starts, so a host can pause, step, seek or stop it. */
  readonly onController?: (controller: ReplayController) => void;
}

export interface ReplaySummary extends KernelSummary {
  readonly status: 'done' | 'stopped';
  /** Fingerprint of the emitted series (see `SeriesHasher`); '' if off. */
  readonly outputHash: string;
  /** Rows the hash covers. */
  readonly outputRows: number;
  /** Wall time of the run, ms (NaN without `pacer` or `hrNowMs`). */
  readonly wallMs: number;
}

/**
 * Replays a source through the processors and returns the summary: the facade for the CLI
 * (`tickbench replay`), the UI and benchmarks. For interactive control (pause, step, seek),
 * build a {@link ReplayController} directly.
 */
export async function runReplay(options: RunReplayOptions): Promise<ReplaySummary> {
  const hashOn = options.hashOutput ?? true;
  let hasher: SeriesHasher | undefined;
  const pacer = options.pacer;
  const clockMs: (() => number) | undefined =
    options.hrNowMs ?? (pacer === undefined ? undefined : () => pacer.nowMs());
  const makeKernel = (): Kernel => {
    const processors = options.processors;
    const kernel = buildKernel(
      {
        processors: typeof processors === 'string' ? processors : processors(),
        ...(options.thresholds === undefined ? {} : { thresholds: options.thresholds }),
        ...(options.latencySampleEvery === undefined
          ? {}
          : { latencySampleEvery: options.latencySampleEvery }),
      },
      {
        clock: new SimClock(),
        source: options.source,
        sinks: options.sinks ?? [],
        ...(options.eventSinks === undefined ? {} : { eventSinks: options.eventSinks }),
        ...(clockMs === undefined ? {} : { hrNowMs: clockMs }),
        ...(options.memoryFraction === undefined ? {} : { memoryFraction: options.memoryFraction }),
        ...optionalImpls(options.processorImpls?.()),
      },
    );
    if (hashOn) {
      // A fresh hasher per kernel: after a backward seek the output restarts too. It listens
      // like an output sink (muted while a seek skips ahead).
      hasher = new SeriesHasher(kernel.bus, options.source.streams, options.fnvRows?.());
      kernel.bus.subscribeValues(hasher);
    }
    options.onKernel?.(kernel);
    return kernel;
  };
  const controller = new ReplayController({
    source: options.source,
    makeKernel,
    ...(options.speed === undefined ? {} : { speed: options.speed }),
    ...(options.pacer === undefined ? {} : { pacer: options.pacer }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.progressEveryEvents === undefined
      ? {}
      : { progressEveryEvents: options.progressEveryEvents }),
  });
  options.onController?.(controller);
  const t0 = clockMs?.() ?? NaN;
  const state = await controller.run();
  const kernel = controller.kernel;
  if (kernel === undefined) throw new TickbenchError('internal', 'the replay built no kernel');
  await kernel.close();
  return {
    ...kernel.summary(),
    status: state === 'stopped' ? 'stopped' : 'done',
    outputHash: hasher?.digest() ?? '',
    outputRows: hasher?.rows ?? 0,
    wallMs: (clockMs?.() ?? NaN) - t0,
  };
}

function optionalImpls(impls: ProcessorImpls | undefined): { processorImpls?: ProcessorImpls } {
  return impls === undefined ? {} : { processorImpls: impls };
}
