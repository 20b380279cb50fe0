import type { BookInvalidEvent, RiskBreachEvent } from '../bus/bus-events';
import { type BusEventListener, SignalBus, type ValueListener } from '../bus/signal-bus';
import type { SchedulingClock } from '../clock/clock';
import { errorMessage, TickbenchError } from '../core/errors';
import { BookApply } from '../book/l2-book';
import { EventKind, type EventBatch, type EventSource, type StreamInfo } from '../model/events';
import { KernelMonitor, type MonitorReport, type ProcessorStats } from '../monitor/kernel-monitor';
import type { MonitorThresholds } from '../monitor/thresholds';
import { BookStore } from './book-store';
import type { Processor, SnapshotValue } from './processor';
import { type DeferredEvent, EmitMode, ProcessorContext } from './processor-context';
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
 * Semantics (as if event by event): advance the (simulated) clock to the event's replay time,
 * firing due timers; apply book rows to the stream's book (publishing `book-invalid` on a chain
 * gap); then call every processor subscribed to the event's kind, in list order. A processor
 * that throws is counted and reported, and the others still run.
 *
 * Execution: a range is cut into runs that no timer falls inside (and at the sampled events
 * timed for the latency histograms). In a run, book rows are applied and processors without
 * `onBatch` (or subscribed to book events) are called event by event; then each `onBatch`
 * processor processes the whole run in one tight loop. Values go to per-processor buffers that
 * are merged by (event, processor order) after the run — the output order of a per-event
 * dispatch, byte for byte — or are only counted when nobody listens. Object events of the run
 * (breaches, book gaps, errors) are published after it in the same order.
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
  /** Processors by event kind, list order (timed events). */
  private readonly byKind: Processor[][] = [[], [], [], []];
  private readonly ctxByKind: ProcessorContext[][] = [[], [], [], []];
  /** Processors called event by event within a run (no `onBatch`, or book subscribers), by kind. */
  private readonly perEventByKind: Processor[][] = [[], [], [], []];
  private readonly perEventCtxByKind: ProcessorContext[][] = [[], [], [], []];
  private readonly perEventCount: number;
  /** Processors with `onBatch` that see no book events, list order. */
  private readonly batchProcs: Processor[] = [];
  private readonly batchCtxs: ProcessorContext[] = [];
  private readonly deferred: DeferredEvent[] = [];
  private readonly drainPos: Int32Array;
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
  /** One more than the largest stream id of the table: batch stream ids must be below it. */
  private readonly streamCount: number;

  constructor(config: KernelConfig, env: KernelEnv) {
    this.clock = env.clock;
    this.driven = 'advanceTo' in env.clock ? env.clock : undefined;
    this.streams = env.source.streams;
    this.streamCount = this.streams.reduce((n, st) => Math.max(n, st.id + 1), 0);
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
      (p, idx) =>
        new ProcessorContext(
          p.name,
          this.bus,
          this.clock,
          this.books,
          this.streams,
          this.monitor.register(p.name),
          idx,
          this.deferred,
        ),
    );
    this.drainPos = new Int32Array(this.processors.length);
    let perEvent = 0;
    this.processors.forEach((p, idx) => {
      const ctx = this.contexts[idx] as ProcessorContext;
      p.init?.(ctx);
      const batched = p.onBatch !== undefined && !p.kinds.includes(EventKind.Book);
      if (batched) {
        this.batchProcs.push(p);
        this.batchCtxs.push(ctx);
      } else perEvent++;
      for (const k of p.kinds) {
        this.byKind[k]?.push(p);
        this.ctxByKind[k]?.push(ctx);
        if (!batched) {
          this.perEventByKind[k]?.push(p);
          this.perEventCtxByKind[k]?.push(ctx);
        }
      }
    });
    this.perEventCount = perEvent;
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

  /** Processes events `from` (inclusive) to `to` (exclusive) of a batch. */
  processRange(batch: EventBatch, from: number, to: number): void {
    if (from >= to) return;
    const ts = batch.tsUs;
    const local = batch.localTsUs;
    this.checkStreams(batch, from, to);
    if (!this.started) this.start(replayTime(local, ts, from));
    const driven = this.driven;
    let i = from;
    while (i < to) {
      if (driven !== undefined) {
        // Timers due up to this event fire first, their output straight onto the bus.
        this.setMode(EmitMode.Direct);
        driven.advanceTo(replayTime(local, ts, i));
      }
      const sampleAt = i + this.sampleCountdown - 1;
      if (sampleAt === i) {
        this.sampleCountdown = this.sampleEvery;
        this.runTimed(batch, i);
        i++;
        continue;
      }
      let end = sampleAt < to ? sampleAt : to;
      if (driven !== undefined) end = this.runEnd(driven, batch, i, end);
      this.runRange(batch, i, end);
      this.sampleCountdown -= end - i;
      i = end;
    }
    this.setMode(EmitMode.Direct);
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

  /** Processors index per-stream arrays by stream id: an id outside the table is refused. */
  private checkStreams(batch: EventBatch, from: number, to: number): void {
    const streams = batch.stream;
    let max = 0;
    for (let e = from; e < to; e++) {
      const s = streams[e] as number;
      if (s > max) max = s;
    }
    if (max >= this.streamCount) {
      throw new TickbenchError(
        'bad-input',
        `kernel: a batch has stream id ${max}, the stream table ids are below ${this.streamCount}`,
      );
    }
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

  /**
   * End of the run starting at `i` (≤ `limit`): the first event at or after the next timer's due
   * time. The clock was advanced to event i, so its timers have fired already.
   */
  private runEnd(driven: DrivenClock, batch: EventBatch, i: number, limit: number): number {
    if (driven.nextDueUs === undefined) return i + 1;
    const due = driven.nextDueUs();
    if (due === Infinity) return limit;
    const ts = batch.tsUs;
    const local = batch.localTsUs;
    let j = i + 1;
    while (j < limit && replayTime(local, ts, j) < due) j++;
    return j;
  }

  /** Processes the run [i, end): no timer falls inside it. */
  private runRange(batch: EventBatch, i: number, end: number): void {
    const capture = this.bus.hasValueListeners;
    this.setMode(capture ? EmitMode.Buffer : EmitMode.Count);
    const kinds = batch.kind;
    let trades = 0;
    let quotes = 0;
    let books = 0;
    for (let e = i; e < end; e++) {
      const k = kinds[e] as number;
      if (k === EventKind.Trade) trades++;
      else if (k === EventKind.Quote) quotes++;
      else if (k === EventKind.Book) books++;
    }
    const counts = this.eventsByKind;
    counts[EventKind.Trade] = (counts[EventKind.Trade] as number) + trades;
    counts[EventKind.Quote] = (counts[EventKind.Quote] as number) + quotes;
    counts[EventKind.Book] = (counts[EventKind.Book] as number) + books;
    if (books > 0 || this.perEventCount > 0) this.runPerEvent(batch, i, end);
    const procs = this.batchProcs;
    const ctxs = this.batchCtxs;
    for (let p = 0; p < procs.length; p++) {
      const proc = procs[p] as Processor;
      const ctx = ctxs[p] as ProcessorContext;
      let at = i;
      while (at < end) {
        ctx.cursor = at;
        try {
          proc.onBatch?.(batch, at, end, ctx);
          at = end;
        } catch (error) {
          const failed = ctx.cursor;
          this.fail(ctx, (batch.tsUs[failed] as number) || 0, error);
          at = failed + 1;
        }
      }
    }
    const driven = this.driven;
    if (driven !== undefined) driven.advanceTo(replayTime(batch.localTsUs, batch.tsUs, end - 1));
    this.drain(i, end, capture);
  }

  /** Book rows and the per-event processors of a run, event by event. */
  private runPerEvent(batch: EventBatch, i: number, end: number): void {
    const kinds = batch.kind;
    const streams = batch.stream;
    const ts = batch.tsUs;
    const local = batch.localTsUs;
    const driven = this.perEventCount > 0 ? this.driven : undefined;
    const byKind = this.perEventByKind;
    const ctxByKind = this.perEventCtxByKind;
    for (let e = i; e < end; e++) {
      const k = kinds[e] as number;
      if (driven !== undefined) driven.advanceTo(replayTime(local, ts, e));
      if (k === EventKind.Book) this.applyBook(batch, e, streams[e] as number);
      const procs = byKind[k];
      const ctxs = ctxByKind[k];
      if (procs === undefined || ctxs === undefined) continue;
      const n = procs.length;
      let p = 0;
      while (p < n) {
        try {
          for (; p < n; p++) {
            const ctx = ctxs[p] as ProcessorContext;
            ctx.cursor = e;
            (procs[p] as Processor).onEvent(batch, e, ctx);
          }
        } catch (error) {
          this.fail(ctxs[p] as ProcessorContext, (ts[e] as number) || 0, error);
          p++;
        }
      }
    }
  }

  /** One event, each processor timed for the latency histograms. */
  private runTimed(batch: EventBatch, i: number): void {
    const capture = this.bus.hasValueListeners;
    this.setMode(capture ? EmitMode.Buffer : EmitMode.Count);
    const k = batch.kind[i] as number;
    this.eventsByKind[k] = (this.eventsByKind[k] as number) + 1;
    if (k === EventKind.Book) this.applyBook(batch, i, batch.stream[i] as number);
    const procs = this.byKind[k];
    const ctxs = this.ctxByKind[k];
    if (procs !== undefined && ctxs !== undefined) {
      const timed = this.monitor.canTime;
      for (let p = 0; p < procs.length; p++) {
        const ctx = ctxs[p] as ProcessorContext;
        ctx.cursor = i;
        const t0 = timed ? this.monitor.nowMs() : 0;
        try {
          (procs[p] as Processor).onEvent(batch, i, ctx);
        } catch (error) {
          this.fail(ctx, batch.tsUs[i] as number, error);
        }
        if (timed) ctx.stats.latencyUs.record((this.monitor.nowMs() - t0) * 1000);
      }
    }
    this.drain(i, i + 1, capture);
  }

  private setMode(mode: EmitMode): void {
    const ctxs = this.contexts;
    for (let p = 0; p < ctxs.length; p++) (ctxs[p] as ProcessorContext).mode = mode;
  }

  /**
   * Publishes the values of the run [from, to) in (event, processor) order — or only counts
   * them when nobody listens — then the deferred object events in the same order.
   */
  private drain(from: number, to: number, capture: boolean): void {
    const ctxs = this.contexts;
    const k = ctxs.length;
    if (capture) {
      const pos = this.drainPos;
      pos.fill(0);
      let pending = 0;
      for (let p = 0; p < k; p++) pending += (ctxs[p] as ProcessorContext).out.length;
      const bus = this.bus;
      for (let e = from; e < to && pending > 0; e++) {
        for (let p = 0; p < k; p++) {
          const ctx = ctxs[p] as ProcessorContext;
          const b = ctx.out;
          let at = pos[p] as number;
          const n = b.length;
          while (at < n && b.ev[at] === e) {
            bus.publishValue(
              b.ts[at] as number,
              ctx.processorIdx,
              b.stream[at] as number,
              b.name[at] as number,
              b.value[at] as number,
            );
            at++;
            pending--;
          }
          pos[p] = at;
        }
      }
      for (let p = 0; p < k; p++) {
        const ctx = ctxs[p] as ProcessorContext;
        ctx.out.clear();
        ctx.drained = ctx.emitted;
      }
    } else {
      let n = 0;
      for (let p = 0; p < k; p++) {
        const ctx = ctxs[p] as ProcessorContext;
        n += ctx.emitted - ctx.drained;
        ctx.drained = ctx.emitted;
      }
      this.bus.countValues(n);
    }
    const deferred = this.deferred;
    if (deferred.length > 0) {
      // Stable: events of one (event, order) keep the order they were raised in.
      const events = deferred.splice(0).sort((a, b) => a.ev - b.ev || a.order - b.order);
      for (const d of events) this.bus.publish(d.event);
    }
  }

  private applyBook(batch: EventBatch, i: number, streamId: number): void {
    const book = this.books.get(streamId);
    if (book.applyBatchRow(batch, i) !== BookApply.Gap) return;
    const event: BookInvalidEvent = {
      type: 'book-invalid',
      tsUs: batch.tsUs[i] as number,
      streamId,
      rule: book.gapRule,
      expected: book.gapExpected,
      received: book.gapReceived,
    };
    if ((this.contexts[0]?.mode ?? EmitMode.Direct) === EmitMode.Direct) this.bus.publish(event);
    else this.deferred.push({ ev: i, order: -1, event });
  }

  private fail(ctx: ProcessorContext, tsUs: number, error: unknown): void {
    const stats = ctx.stats;
    stats.errors++;
    stats.lastError = errorMessage(error);
    if (stats.errors <= MAX_ERROR_EVENTS) {
      ctx.publish({
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
