import type { SignalBus } from '../bus/signal-bus';
import type { Clock } from '../clock/clock';
import type { StreamInfo } from '../model/events';
import type { ProcessorStats } from '../monitor/kernel-monitor';
import type { BookStore } from './book-store';

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
  readonly stats: ProcessorStats;
  /** Values emitted so far. */
  emitted = 0;

  constructor(
    label: string,
    bus: SignalBus,
    clock: Clock,
    books: BookStore,
    streams: readonly StreamInfo[],
    stats: ProcessorStats,
  ) {
    this.label = label;
    this.processorIdx = bus.processors.intern(label);
    this.bus = bus;
    this.clock = clock;
    this.books = books;
    this.streams = streams;
    const byId: (StreamInfo | undefined)[] = [];
    for (const st of streams) byId[st.id] = st;
    this.streamById = byId;
    this.stats = stats;
  }

  /** Interns a series name (call in `init`, keep the index). */
  nameId(name: string): number {
    return this.bus.names.intern(name);
  }

  /**
   * Publishes one series value.
   * @param tsUs exchange time of the triggering event, µs since the epoch
   * @param streamId the stream the value belongs to (venue, symbol)
   * @param nameIdx from {@link ProcessorContext.nameId}
   */
  emit(tsUs: number, streamId: number, nameIdx: number, value: number): void {
    this.emitted++;
    this.bus.publishValue(tsUs, this.processorIdx, streamId, nameIdx, value);
  }

  /** Publishes a risk breach (rare; allocates the event). */
  breach(tsUs: number, streamId: number, reason: string, value: number, limit: number): void {
    this.bus.publish({ type: 'risk-breach', tsUs, streamId, processor: this.label, reason, value, limit });
  }
}
