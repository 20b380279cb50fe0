import type { EventBatch, EventKind, PayloadColumn } from '../model/events';
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
  /**
   * The payload columns read from events of `kinds` (see EventBatch); undefined: all of them.
   * A replay reads from the lake only the columns its processors read — the others hold NaN —
   * so a processor must list every column it reads (book rows are always read whole).
   */
  readonly reads?: readonly PayloadColumn[];
  /** Called once when the kernel is built (intern series names here). */
  init?(ctx: ProcessorContext): void;
  /**
   * Called for each event of a subscribed kind, in replay order. Book events arrive after the
   * kernel applied the row to the stream's book (`ctx.books.get(stream)`).
   */
  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void;
  /**
   * Optional fast path: processes the events `from` (inclusive) to `to` (exclusive) of a batch
   * in one call, with a tight loop over the columns. When present, the kernel calls it instead
   * of `onEvent` for runs of events (a processor that subscribes to book events still gets
   * `onEvent` per event, after each book row is applied). Contract:
   * - the range holds events of every kind: handle only those of `kinds` (`batch.kind[i]`);
   * - `ctx.cursor` must be i when event i emits a value (except while `ctx.counting`: the
   *   values are then only counted, e.g. with `ctx.countValues`), raises a breach or throws
   *   (the kernel resumes at i + 1): `ctx.emitAt`, `ctx.breachAt` and a `catch` that rethrows
   *   `ctx.failedAt(i, error)` do that without a store at every event;
   * - batch stream ids are below `ctx.streamCount` (the kernel checks its batches);
   * - read time from the batch columns, not `ctx.clock`, and do not read `ctx.books`: both are
   *   at the end of the range;
   * - the result must equal calling `onEvent` for each event in order.
   */
  onBatch?(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void;
  /** Timer period in µs of the clock; with `onTimer`, the kernel calls it on that cadence. */
  readonly timerIntervalUs?: number;
  onTimer?(tsUs: number, ctx: ProcessorContext): void;
  /** Final (or current) state, for the run summary. */
  snapshot(): SnapshotValue;
}
