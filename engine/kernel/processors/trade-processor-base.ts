import { EventKind, type EventBatch, type PayloadColumn, type StreamInfo } from '../../model/events';
import type { SnapshotValue } from '../processor';
import type { ProcessorContext } from '../processor-context';
import { StreamValues } from './stream-values';

/*
 * Shared by the processors over TRADE events. Their batch loops follow one pattern, written
 * out in each class so that every call site stays monomorphic:
 * - module constants and fields are read into locals before the loop (a module binding is
 *   re-read and re-checked at every iteration otherwise);
 * - the event a value, a breach or an error belongs to is given where it happens
 *   (`ctx.emitAt(i, …)`, `ctx.breachAt(i, …)`, and `catch (error) { throw ctx.failedAt(i,
 *   error); }` around the loop, `i` declared before it), not stored in `ctx.cursor` at every
 *   event: that store was ~1 ns per processor and event;
 * - values: `capture` (someone listens) is decided once per range. When capturing, each value
 *   goes through `ctx.emit`; otherwise the loop only counts it in a local, handed to
 *   `ctx.countValues` in a `finally` (so the count is exact when an event throws) — no call
 *   and no read-modify-write of a shared counter per value;
 * - the snapshot's `StreamValues` arrays written directly, or — where the last value can be
 *   recomputed from the per-stream state (RSI, z-score, limit) — only in `snapshot()`: a value
 *   nobody listens to is then not computed at all (its division, square root) while counting;
 * - no try/catch inside the loop: it would keep the loop variables in memory, tagged (the
 *   try/catch/finally around it costs nothing per event).
 */

export const TRADES = [EventKind.Trade] as const;
export const TRADE: number = EventKind.Trade;
/** `reads` of a processor over trade prices only. */
export const PRICE: readonly PayloadColumn[] = ['a'];

/** Shared set-up: the series name index, the stream table and the snapshot values. */
export abstract class TradeProcessorBase {
  readonly kinds = TRADES;
  /** Trade prices (`a`) unless a subclass reads more. */
  readonly reads: readonly PayloadColumn[] = PRICE;
  protected nameIdx = 0;
  protected readonly out = new StreamValues();
  protected streams: readonly StreamInfo[] = [];
  /** One more than the largest stream id (per-stream arrays are this long). */
  protected streamCount = 0;

  constructor(
    readonly name: string,
    private readonly series: string,
  ) {}

  init(ctx: ProcessorContext): void {
    this.nameIdx = ctx.nameId(this.series);
    this.streams = ctx.streams;
    this.streamCount = ctx.streamCount;
    this.out.reserve(ctx.streamCount);
  }

  /** One event is a range of one: the batch loop serves both dispatches. */
  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    this.onBatch(batch, i, i + 1, ctx);
  }

  abstract onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void;

  snapshot(): SnapshotValue {
    return this.out.snapshot(this.streams);
  }

  /**
   * The snapshot of a processor whose streams emit at every trade once their window is full:
   * each stream that emitted gets `latest(calc)`, its calculator's value now (computed here
   * rather than stored at every trade, where nobody may listen).
   */
  protected snapshotOfLatest<T>(
    calcs: readonly (T | undefined)[],
    latest: (calc: T) => number,
  ): SnapshotValue {
    calcs.forEach((calc, s) => {
      if (calc !== undefined && (this.out.count[s] ?? 0) > 0) this.out.last[s] = latest(calc);
    });
    return this.out.snapshot(this.streams);
  }
}

/** Per-stream calculators, created on the stream's first trade. */
export function calculators<T>(streamCount: number): (T | undefined)[] {
  return Array.from({ length: streamCount }, (): T | undefined => undefined);
}
