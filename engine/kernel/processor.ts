import type { EventBatch, EventKind } from '../model/events';
import type { ProcessorContext } from './processor-context';

/** JSON-compatible value of a processor's final-state snapshot. */
export type SnapshotValue =
  number | string | boolean | null | readonly SnapshotValue[] | { readonly [key: string]: SnapshotValue };

/**
 * A signal or risk processor. Processors never know whether they run in replay or live: they
 * see events, the clock and the book store through their context, and publish through it.
 *
 * `onEvent` is the hot path: read the batch columns at index `i` (a flyweight, never copy
 * the event into an object), keep per-stream state in arrays indexed by `batch.stream[i]`,
 * and do not allocate.
 */
export interface Processor {
  /** The label, e.g. `ema:20`; unique within a kernel. */
  readonly name: string;
  /** Event kinds delivered to `onEvent`. */
  readonly kinds: readonly EventKind[];
  /** Called once when the kernel is built (intern series names here). */
  init?(ctx: ProcessorContext): void;
  /**
   * Called for each event of a subscribed kind, in replay order. Book events arrive after the
   * kernel applied the row to the stream's book (`ctx.books.get(stream)`).
   */
  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void;
  /** Timer period in µs of the clock; with `onTimer`, the kernel calls it on that cadence. */
  readonly timerIntervalUs?: number;
  onTimer?(tsUs: number, ctx: ProcessorContext): void;
  /** Final (or current) state, for the run summary. */
  snapshot(): SnapshotValue;
}
