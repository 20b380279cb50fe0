import type { BookInvalidEvent, RiskBreachEvent } from '../bus/bus-events';
import { type BusEventListener, SignalBus, type ValueListener } from '../bus/signal-bus';
import type { SchedulingClock } from '../clock/clock';
import { errorMessage } from '../core/errors';
import { BookApply } from '../book/l2-book';
import { EventKind, type EventBatch, type EventSource, type StreamInfo } from '../model/events';
import { KernelMonitor, type MonitorReport, type ProcessorStats } from '../monitor/kernel-monitor';
import type { MonitorThresholds } from '../monitor/thresholds';
import { BookStore } from './book-store';
import type { Processor, SnapshotValue } from './processor';
import { ProcessorContext } from './processor-context';
import { createProcessors } from './processor-registry';
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
}

/** Per-processor line of the summary. Latencies in µs (NaN when not timed). */
export interface ProcessorSummary {
  readonly processor: string;
  readonly events: number;
  readonly emitted: number;
  readonly errors: number;
  readonly latencyP50Us: number;
  readonly latencyP99Us: number;
  readonly snapshot: SnapshotValue;
}

export interface BookSummary {
  readonly streamId: number;
  readonly venue: string;
  readonly symbol: string;
  /** Deterministic FNV-1a 64 of the final book (16 hex digits). */
  readonly hash: string;
  readonly valid: boolean;
  readonly synced: boolean;
  readonly gaps: number;
  readonly messages: number;
  readonly lastUpdateId: number;
  readonly bestBid: number;
  readonly bestAsk: number;
  readonly bidLevels: number;
  readonly askLevels: number;
}

export interface KernelSummary {
  readonly events: number;
  readonly eventsByKind: { readonly trades: number; readonly quotes: number; readonly book: number };
  /** Replay time (receive time where known, else exchange time) of the first and last event, µs. */
  readonly firstTsUs: number;
  readonly lastTsUs: number;
  readonly valuesEmitted: number;
  readonly processors: readonly ProcessorSummary[];
  readonly breaches: number;
  readonly breachEvents: readonly RiskBreachEvent[];
  readonly bookInvalidEvents: readonly BookInvalidEvent[];
  readonly books: readonly BookSummary[];
  readonly monitor: MonitorReport;
}

/** Processor errors published as bus events per processor; later ones are only counted. */
const MAX_ERROR_EVENTS = 100;

/**
 * The kernel: bus, clock, books, processors and monitoring, fed batch by batch.
 *
 * Per event: advance the (simulated) clock to the event's replay time, firing due timers;
 * apply book rows to the stream's book (publishing `book-invalid` on a chain gap); then call
 * every processor subscribed to the event's kind, in list order. A processor that throws is
 * counted and reported, and the others still run.
 */
export class Kernel {
  readonly bus = new SignalBus();
  readonly books = new BookStore();
  readonly monitor: KernelMonitor;
  readonly processors: readonly Processor[];
  readonly contexts: readonly ProcessorContext[];
  readonly streams: readonly StreamInfo[];
  private readonly clock: SchedulingClock;
  private readonly driven: DrivenClock | undefined;
  private readonly byKind: Processor[][] = [[], [], [], []];
  private readonly ctxByKind: ProcessorContext[][] = [[], [], [], []];
  private readonly eventsByKind = new Float64Array(4);
  private readonly sampleEvery: number;
  private sampleCountdown: number;
  private started = false;
  private firstTs = NaN;
  private lastTs = NaN;
  private eventCount = 0;
  private breachCount = 0;
  private readonly breachEvents: RiskBreachEvent[] = [];
  private readonly bookInvalid: BookInvalidEvent[] = [];
  private readonly maxBreachesKept: number;
  private readonly sinks: readonly SeriesSink[];

  constructor(config: KernelConfig, env: KernelEnv) {
    this.clock = env.clock;
    this.driven = 'advanceTo' in env.clock ? env.clock : undefined;
    this.streams = env.source.streams;
    this.sinks = env.sinks ?? [];
    this.monitor = new KernelMonitor(config.thresholds, {
      ...(env.hrNowMs === undefined ? {} : { hrNowMs: env.hrNowMs }),
      ...(env.memoryFraction === undefined ? {} : { memoryFraction: env.memoryFraction }),
    });
    this.sampleEvery = Math.max(1, Math.floor(config.latencySampleEvery ?? 1024));
    this.sampleCountdown = this.sampleEvery;
    this.maxBreachesKept = config.maxBreachesKept ?? 1000;
    this.processors =
      typeof config.processors === 'string' ? createProcessors(config.processors) : [...config.processors];
    this.contexts = this.processors.map(
      (p) =>
        new ProcessorContext(
          p.name,
          this.bus,
          this.clock,
          this.books,
          this.streams,
          this.monitor.register(p.name),
        ),
    );
    this.processors.forEach((p, idx) => {
      const ctx = this.contexts[idx] as ProcessorContext;
      p.init?.(ctx);
      for (const k of p.kinds) {
        this.byKind[k]?.push(p);
        this.ctxByKind[k]?.push(ctx);
      }
    });
    this.bus.subscribe(
      (e) => {
        if (e.type === 'risk-breach') {
          this.breachCount++;
          if (this.breachEvents.length < this.maxBreachesKept) this.breachEvents.push(e);
        } else if (e.type === 'book-invalid') this.bookInvalid.push(e);
      },
      { always: true },
    );
    for (const sink of this.sinks) this.bus.subscribeValues(new SinkAdapter(sink, this.bus, this.streams));
    for (const l of env.eventSinks ?? []) this.bus.subscribe(l);
  }

  /** Events processed so far. */
  get events(): number {
    return this.eventCount;
  }

  /** Replay time of the last processed event, µs (NaN before the first). */
  get lastTsUs(): number {
    return this.lastTs;
  }

  /** Processes a whole batch. */
  process(batch: EventBatch): void {
    this.processRange(batch, 0, batch.length);
  }

  /** Processes events `from` (inclusive) to `to` (exclusive) of a batch. The hot loop. */
  processRange(batch: EventBatch, from: number, to: number): void {
    if (from >= to) return;
    const kinds = batch.kind;
    const streams = batch.stream;
    const ts = batch.tsUs;
    const local = batch.localTsUs;
    if (!this.started) this.start(replayTime(local, ts, from));
    const driven = this.driven;
    const byKind = this.byKind;
    const ctxByKind = this.ctxByKind;
    const counts = this.eventsByKind;
    for (let i = from; i < to; i++) {
      const k = kinds[i] as number;
      const l = local[i] as number;
      const t = l === l ? l : (ts[i] as number);
      if (driven !== undefined) driven.advanceTo(t);
      if (k === EventKind.Book) this.applyBook(batch, i, streams[i] as number);
      counts[k] = (counts[k] as number) + 1;
      const procs = byKind[k];
      const ctxs = ctxByKind[k];
      if (procs === undefined || ctxs === undefined) continue;
      if (--this.sampleCountdown === 0) {
        this.sampleCountdown = this.sampleEvery;
        this.dispatchTimed(procs, ctxs, batch, i);
        continue;
      }
      const n = procs.length;
      let p = 0;
      while (p < n) {
        try {
          for (; p < n; p++) (procs[p] as Processor).onEvent(batch, i, ctxs[p] as ProcessorContext);
        } catch (error) {
          this.fail(ctxs[p] as ProcessorContext, (ts[i] as number) || 0, error);
          p++;
        }
      }
    }
    this.lastTs = replayTime(local, ts, to - 1);
    this.eventCount += to - from;
    this.monitor.setEvents(this.eventCount);
  }

  /** Checks the monitor thresholds now; alerts go on the bus. */
  checkHealth(): MonitorReport {
    this.syncStats();
    this.monitor.check(this.clock.nowUs(), this.bus);
    return this.monitor.report();
  }

  /** Summary of the run so far (books, processors, breaches, monitor). */
  summary(): KernelSummary {
    this.syncStats();
    const streamById = new Map(this.streams.map((s) => [s.id, s]));
    return {
      events: this.eventCount,
      eventsByKind: {
        trades: this.eventsByKind[EventKind.Trade] ?? 0,
        quotes: this.eventsByKind[EventKind.Quote] ?? 0,
        book: this.eventsByKind[EventKind.Book] ?? 0,
      },
      firstTsUs: this.firstTs,
      lastTsUs: this.lastTs,
      valuesEmitted: this.bus.valuesPublished,
      processors: this.processors.map((p, idx) => {
        const ctx = this.contexts[idx] as ProcessorContext;
        return {
          processor: p.name,
          events: ctx.stats.events,
          emitted: ctx.emitted,
          errors: ctx.stats.errors,
          latencyP50Us: ctx.stats.latencyUs.quantile(0.5),
          latencyP99Us: ctx.stats.latencyUs.quantile(0.99),
          snapshot: p.snapshot(),
        };
      }),
      breaches: this.breachCount,
      breachEvents: [...this.breachEvents],
      bookInvalidEvents: [...this.bookInvalid],
      books: this.books.streamIds().map((id) => {
        const b = this.books.get(id);
        const s = streamById.get(id);
        return {
          streamId: id,
          venue: s?.venue ?? '',
          symbol: s?.symbol ?? '',
          hash: b.hash(),
          valid: b.valid,
          synced: b.synced,
          gaps: b.gaps,
          messages: b.messages,
          lastUpdateId: b.lastUpdateId,
          bestBid: b.bestBid(),
          bestAsk: b.bestAsk(),
          bidLevels: b.bids.levels,
          askLevels: b.asks.levels,
        };
      }),
      monitor: this.monitor.report(),
    };
  }

  /** Closes the series sinks (flushes files). */
  async close(): Promise<void> {
    for (const s of this.sinks) await s.close?.();
  }

  private start(firstTsUs: number): void {
    this.started = true;
    this.firstTs = firstTsUs;
    // Timers start from the first event's time, not from the clock's epoch-0 initial value.
    this.driven?.advanceTo(firstTsUs);
    this.processors.forEach((p, idx) => {
      const interval = p.timerIntervalUs;
      if (p.onTimer === undefined || interval === undefined) return;
      const ctx = this.contexts[idx] as ProcessorContext;
      this.clock.scheduleEvery(interval, (due) => {
        try {
          p.onTimer?.(due, ctx);
        } catch (error) {
          this.fail(ctx, due, error);
        }
      });
    });
  }

  private applyBook(batch: EventBatch, i: number, streamId: number): void {
    const book = this.books.get(streamId);
    if (book.applyBatchRow(batch, i) !== BookApply.Gap) return;
    this.bus.publish({
      type: 'book-invalid',
      tsUs: batch.tsUs[i] as number,
      streamId,
      rule: book.gapRule,
      expected: book.gapExpected,
      received: book.gapReceived,
    });
  }

  private dispatchTimed(procs: Processor[], ctxs: ProcessorContext[], batch: EventBatch, i: number): void {
    const timed = this.monitor.canTime;
    for (let p = 0; p < procs.length; p++) {
      const ctx = ctxs[p] as ProcessorContext;
      const t0 = timed ? this.monitor.nowMs() : 0;
      try {
        (procs[p] as Processor).onEvent(batch, i, ctx);
      } catch (error) {
        this.fail(ctx, batch.tsUs[i] as number, error);
      }
      if (timed) ctx.stats.latencyUs.record((this.monitor.nowMs() - t0) * 1000);
    }
  }

  private fail(ctx: ProcessorContext, tsUs: number, error: unknown): void {
    const stats = ctx.stats;
    stats.errors++;
    stats.lastError = errorMessage(error);
    if (stats.errors <= MAX_ERROR_EVENTS) {
      this.bus.publish({
        type: 'processor-error',
        tsUs,
        processor: ctx.label,
        message: stats.lastError,
        count: stats.errors,
      });
    }
  }

  private syncStats(): void {
    this.processors.forEach((p, idx) => {
      let n = 0;
      for (const k of p.kinds) n += this.eventsByKind[k] ?? 0;
      (this.contexts[idx] as ProcessorContext).stats.events = n;
    });
  }
}

function replayTime(local: Float64Array, ts: Float64Array, i: number): number {
  const l = local[i] as number;
  return l === l ? l : (ts[i] as number);
}

/** Bridges bus values (indices) to a SeriesSink (strings). */
class SinkAdapter implements ValueListener {
  private readonly venues: string[] = [];
  private readonly symbols: string[] = [];

  constructor(
    private readonly sink: SeriesSink,
    private readonly bus: SignalBus,
    streams: readonly StreamInfo[],
  ) {
    for (const s of streams) {
      this.venues[s.id] = s.venue;
      this.symbols[s.id] = s.symbol;
    }
  }

  onValue(tsUs: number, processorIdx: number, streamId: number, nameIdx: number, value: number): void {
    this.sink.write(
      tsUs,
      this.bus.processors.nameOf(processorIdx),
      this.venues[streamId] ?? '',
      this.symbols[streamId] ?? '',
      this.bus.names.nameOf(nameIdx),
      value,
    );
  }
}

/** Builds a kernel: the single place where replay and live differ is `env`. */
export function buildKernel(config: KernelConfig, env: KernelEnv): Kernel {
  return new Kernel(config, env);
}

export type { ProcessorStats };
