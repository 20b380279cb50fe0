import type { BusEventListener } from '../bus/signal-bus';
import type { SchedulingClock } from '../clock/clock';
import type { EventSource } from '../model/events';
import type { MonitorThresholds } from '../monitor/thresholds';
import type { Processor } from './processor';
import type { ProcessorImpls } from './processor-registry';
import type { SeriesSink } from './series-sink';

/** What to run: the same for replay and live. */
export interface KernelConfig {
  /** A processor list such as `sma:20,ema:50,bbo` (see the registry), or ready instances. */
  readonly processors: string | readonly Processor[];
  /** Alert thresholds (defaults: p99 > 100 ms, lag > 10 000 events, errors > 0.1 %, memory > 80 %). */
  readonly thresholds?: Partial<MonitorThresholds>;
  /**
   * Time one event in this many (per processor) for the latency histograms; timing every event
   * would cost more than most processors (default 1024; 1 times every event).
   */
  readonly latencySampleEvery?: number;
  /** Breach events kept verbatim in the summary (default 1000; all are counted). */
  readonly maxBreachesKept?: number;
}

/** A clock the kernel advances itself (replay's SimClock); live clocks advance on their own. */
export interface DrivenClock extends SchedulingClock {
  advanceTo(tsUs: number): void;
  /**
   * Due time of the next timer, µs (Infinity when none). Lets the kernel process the events
   * before it as one run; without it the kernel advances the clock event by event.
   */
  nextDueUs?(): number;
}

/** Where the kernel runs: the ONLY difference between replay and live. */
export interface KernelEnv {
  /** SimClock in replay (advanced to each event's time), the wall clock live. */
  readonly clock: SchedulingClock | DrivenClock;
  /** The event source; the kernel reads its stream table (who feeds the batches is up to the caller). */
  readonly source: Pick<EventSource, 'streams'>;
  /** Receivers of the emitted series. */
  readonly sinks?: readonly SeriesSink[];
  /** Receivers of bus object events (breaches, book-invalid, alerts, processor errors). */
  readonly eventSinks?: readonly BusEventListener[];
  /** High-resolution monotonic ms (e.g. `performance.now`), for latencies and throughput. */
  readonly hrNowMs?: () => number;
  /** Memory in use as a fraction (0..1), for the memory alert. */
  readonly memoryFraction?: () => number;
  /**
   * Faster implementations of some processor kinds, with the same output bits (Node hosts pass
   * the WebAssembly ones, engine/kernel/node/wasm-trade-processors.ts); one per kernel.
   */
  readonly processorImpls?: ProcessorImpls;
}
