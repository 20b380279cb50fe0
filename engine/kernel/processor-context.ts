import type { BusEvent } from '../bus/bus-events';
import type { SignalBus } from '../bus/signal-bus';
import type { Clock } from '../clock/clock';
import type { StreamInfo } from '../model/events';
import type { ProcessorStats } from '../monitor/kernel-monitor';
import type { BookStore } from './book-store';
import { SeriesBuffer } from './series-buffer';

/**
 * Where a context's output goes right now (set by the kernel):
 * - `Direct`: straight onto the bus (outside a kernel range: timers, live callbacks, tests);
 * - `Buffer`: into the processor's {@link SeriesBuffer}, merged in event order after the range;
 * - `Count`: nobody listens to values (benchmarks, muted seeks): only counted.
 */
export const EmitMode = { Direct: 0, Buffer: 1, Count: 2 } as const;
export type EmitMode = (typeof EmitMode)[keyof typeof EmitMode];

/** An object event deferred during a range, published in (event, order) order after it. */
export interface DeferredEvent {
  /** Index of the event in the batch. */
  readonly ev: number;
  /** Processor position in the kernel (−1: the kernel itself, before the processors). */
  readonly order: number;
  readonly event: BusEvent;
}

/**
 * Counts the kernel's runs (see `Kernel`): one counter shared by a kernel's contexts, so that a
 * processor that prepares something per run for others (the WebAssembly processors stage the
 * run's columns once for all of them) can tell a new run from the same one. A batch object may
 * come back with other contents, so the batch and the range alone cannot tell.
 */
export class RunCounter {
  /** Changes at every run the kernel starts. */
  seq = 0;
}

/**
 * What a processor sees of the kernel. One context per processor, created at build time and
 * passed to every call (so `emit` knows the processor without a lookup or a closure).
 */
export class ProcessorContext {
  /** Index of this processor's label in `bus.processors`. */
  readonly processorIdx: number;
  readonly label: string;
  readonly bus: SignalBus;
  readonly clock: Clock;
  readonly books: BookStore;
  readonly streams: readonly StreamInfo[];
  /** The stream table indexed by stream id (ids need not be positions in `streams`). */
  readonly streamById: readonly (StreamInfo | undefined)[];
  /** One more than the largest stream id: size per-stream typed arrays with it. */
  readonly streamCount: number;
  readonly stats: ProcessorStats;
  /** Values emitted so far. */
  emitted = 0;
  /**
   * Index in the batch of the event being processed: emitted values, breaches and errors are
   * attributed to it. The kernel sets it before `onEvent`. An `onBatch` loop sets it only when
   * it matters — {@link ProcessorContext.emitAt}, {@link ProcessorContext.breachAt} and
   * {@link ProcessorContext.failedAt} do — not at every event (a store per processor and event
   * was ~6 % of the benchmark kernel).
   */
  cursor = 0;
  /** Where `emit` and `breach` go (the kernel switches it; see {@link EmitMode}). */
  mode: EmitMode = EmitMode.Direct;
  /** Values of the current range (mode `Buffer`). */
  readonly out: SeriesBuffer;
  /** Emitted values already accounted on the bus (kernel bookkeeping). */
  drained = 0;
  /** Position of the processor in its kernel (ties between processors at one event). */
  readonly order: number;
  /** The kernel's run counter (see {@link RunCounter}). */
  readonly run: RunCounter;
  private readonly deferred: DeferredEvent[];

  constructor(
    label: string,
    bus: SignalBus,
    clock: Clock,
    books: BookStore,
    streams: readonly StreamInfo[],
    stats: ProcessorStats,
    order = 0,
    deferred: DeferredEvent[] = [],
    run: RunCounter = new RunCounter(),
  ) {
    this.label = label;
    this.processorIdx = bus.processors.intern(label);
    this.out = new SeriesBuffer(this.processorIdx);
    this.bus = bus;
    this.clock = clock;
    this.books = books;
    this.streams = streams;
    const byId: (StreamInfo | undefined)[] = [];
    let count = 0;
    for (const st of streams) {
      byId[st.id] = st;
      if (st.id + 1 > count) count = st.id + 1;
    }
    this.streamById = byId;
    this.streamCount = count;
    this.stats = stats;
    this.order = order;
    this.deferred = deferred;
    this.run = run;
  }

  /** Interns a series name (call in `init`, keep the index). */
  nameId(name: string): number {
    return this.bus.names.intern(name);
  }

  /**
   * Publishes one series value (attributed to the event at {@link ProcessorContext.cursor}).
   * @param tsUs exchange time of the triggering event, µs since the epoch
   * @param streamId the stream the value belongs to (venue, symbol)
   * @param nameIdx from {@link ProcessorContext.nameId}
   */
  emit(tsUs: number, streamId: number, nameIdx: number, value: number): void {
    this.emitted++;
    const mode = this.mode;
    if (mode === EmitMode.Count) return;
    if (mode === EmitMode.Buffer) {
      this.out.push(this.cursor, tsUs, streamId, nameIdx, value);
      return;
    }
    this.drained++;
    this.bus.publishValue(tsUs, this.processorIdx, streamId, nameIdx, value);
  }

  /** {@link ProcessorContext.emit} of a value of event `ev` (its index in the batch). */
  emitAt(ev: number, tsUs: number, streamId: number, nameIdx: number, value: number): void {
    this.cursor = ev;
    this.emit(tsUs, streamId, nameIdx, value);
  }

  /**
   * Attributes an error thrown while handling event `ev` to it, and returns the error: an
   * `onBatch` loop's `catch (error) { throw ctx.failedAt(i, error); }`, so the kernel reports the
   * event and resumes after it.
   */
  failedAt(ev: number, error: unknown): unknown {
    this.cursor = ev;
    return error;
  }

  /** True when nobody listens to values: `emit` would only count them (see {@link EmitMode}). */
  get counting(): boolean {
    return this.mode === EmitMode.Count;
  }

  /**
   * Counts `n` values as emitted without emitting them: what `n` calls of `emit` do while
   * {@link ProcessorContext.counting}. Lets a batch loop count in a local and skip `emit`.
   */
  countValues(n: number): void {
    this.emitted += n;
  }

  /** Publishes a risk breach (rare; allocates the event). */
  breach(tsUs: number, streamId: number, reason: string, value: number, limit: number): void {
    this.publish({ type: 'risk-breach', tsUs, streamId, processor: this.label, reason, value, limit });
  }

  /** {@link ProcessorContext.breach} raised by event `ev` (its index in the batch). */
  breachAt(ev: number, tsUs: number, streamId: number, reason: string, value: number, limit: number): void {
    this.cursor = ev;
    this.breach(tsUs, streamId, reason, value, limit);
  }

  /** Publishes an object event now, or after the range in event order while the kernel runs one. */
  publish(event: BusEvent): void {
    if (this.mode === EmitMode.Direct) this.bus.publish(event);
    else this.deferred.push({ ev: this.cursor, order: this.order, event });
  }
}
