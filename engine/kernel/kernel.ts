import type { BookInvalidEvent, RiskBreachEvent } from '../bus/bus-events';
import { SignalBus } from '../bus/signal-bus';
import type { SchedulingClock } from '../clock/clock';
import { errorMessage, TickbenchError } from '../core/errors';
import { BookApply } from '../book/l2-book';
import { EventKind, type EventBatch, type StreamInfo } from '../model/events';
import { KernelMonitor, type MonitorReport, type ProcessorStats } from '../monitor/kernel-monitor';
import { BookStore } from './book-store';
import type { DrivenClock, KernelConfig, KernelEnv } from './kernel-config';
import { type KernelSummary, summarizeBooks, summarizeProcessors } from './kernel-summary';
import type { Processor } from './processor';
import { type DeferredEvent, EmitMode, ProcessorContext, RunCounter } from './processor-context';
import { ProcessorGroups } from './processor-groups';
import { createProcessors } from './processor-registry';
import { RunOutput } from './run-output';
import type { SeriesSink } from './series-sink';
import { SinkAdapter } from './sink-adapter';

export type { DrivenClock, KernelConfig, KernelEnv } from './kernel-config';
export type { BookSummary, KernelSummary, ProcessorSummary } from './kernel-summary';

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
  private readonly groups: ProcessorGroups;
  private readonly deferred: DeferredEvent[] = [];
  private readonly runs = new RunCounter();
  private readonly output: RunOutput;
  private readonly eventsByKind = new Float64Array(4);
  private readonly sampleEvery: number;
  private sampleCountdown: number;
  private started = false;
  private firstTs = NaN;
  private lastTs = NaN;
  private eventCount = 0;
  /** Book events in the range being processed (none: runs skip the per-event pass). */
  private booksIn = 0;
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
      typeof config.processors === 'string'
        ? createProcessors(config.processors, env.processorImpls)
        : [...config.processors];
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
          this.runs,
        ),
    );
    this.output = new RunOutput(this.contexts, this.bus, this.deferred);
    this.processors.forEach((p, idx) => {
      p.init?.(this.contexts[idx] as ProcessorContext);
    });
    this.groups = new ProcessorGroups(this.processors, this.contexts);
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
    this.scan(batch, from, to);
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
      processors: summarizeProcessors(this.processors, this.contexts),
      breaches: this.breachCount,
      breachEvents: [...this.breachEvents],
      bookInvalidEvents: [...this.bookInvalid],
      books: summarizeBooks(this.books, this.streams),
      monitor: this.monitor.report(),
    };
  }

  /** Closes the series sinks (flushes files). */
  async close(): Promise<void> {
    for (const s of this.sinks) await s.close?.();
  }

  /**
   * One pass over the range before running it: counts the events by kind and refuses stream
   * ids outside the table (processors index per-stream arrays by stream id).
   */
  private scan(batch: EventBatch, from: number, to: number): void {
    const kinds = batch.kind;
    const streams = batch.stream;
    let trades = 0;
    let quotes = 0;
    let books = 0;
    let max = 0;
    for (let e = from; e < to; e++) {
      const k = kinds[e] as number;
      if (k === EventKind.Trade) trades++;
      else if (k === EventKind.Quote) quotes++;
      else if (k === EventKind.Book) books++;
      const s = streams[e] as number;
      if (s > max) max = s;
    }
    if (max >= this.streamCount) {
      throw new TickbenchError(
        'bad-input',
        `kernel: a batch has stream id ${max}, the stream table ids are below ${this.streamCount}`,
      );
    }
    const counts = this.eventsByKind;
    counts[EventKind.Trade] = (counts[EventKind.Trade] as number) + trades;
    counts[EventKind.Quote] = (counts[EventKind.Quote] as number) + quotes;
    counts[EventKind.Book] = (counts[EventKind.Book] as number) + books;
    this.booksIn = books;
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
    this.runs.seq++;
    const capture = this.bus.hasValueListeners;
    this.setMode(capture ? EmitMode.Buffer : EmitMode.Count);
    if (this.booksIn > 0 || this.groups.perEventCount > 0) this.runPerEvent(batch, i, end);
    const procs = this.groups.batchProcs;
    const ctxs = this.groups.batchCtxs;
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
    this.output.drain(i, end, capture);
  }

  /** Book rows and the per-event processors of a run, event by event. */
  private runPerEvent(batch: EventBatch, i: number, end: number): void {
    const kinds = batch.kind;
    const streams = batch.stream;
    const ts = batch.tsUs;
    const local = batch.localTsUs;
    const driven = this.groups.perEventCount > 0 ? this.driven : undefined;
    const byKind = this.groups.perEventByKind;
    const ctxByKind = this.groups.perEventCtxByKind;
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
    this.runs.seq++;
    const capture = this.bus.hasValueListeners;
    this.setMode(capture ? EmitMode.Buffer : EmitMode.Count);
    const k = batch.kind[i] as number;
    if (k === EventKind.Book) this.applyBook(batch, i, batch.stream[i] as number);
    const procs = this.groups.byKind[k];
    const ctxs = this.groups.ctxByKind[k];
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
    this.output.drain(i, i + 1, capture);
  }

  private setMode(mode: EmitMode): void {
    const ctxs = this.contexts;
    for (let p = 0; p < ctxs.length; p++) (ctxs[p] as ProcessorContext).mode = mode;
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

/** Builds a kernel: the single place where replay and live differ is `env`. */
export function buildKernel(config: KernelConfig, env: KernelEnv): Kernel {
  return new Kernel(config, env);
}

export type { ProcessorStats };
