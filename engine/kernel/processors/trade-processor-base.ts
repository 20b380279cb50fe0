import { EventKind, type StreamInfo } from '../../model/events';
import type { SnapshotValue } from '../processor';
import type { ProcessorContext } from '../processor-context';
import { StreamValues } from './stream-values';

/*
 * Shared by the processors over TRADE events. Their batch loops follow one pattern, written
 * out in each class so that every call site stays monomorphic:
 *
 *   const counting = ctx.counting;  // nobody listens: count the values in a local
 *   let n = 0; let i = from;
 *   try {
 *     for (; i < to; i++) {
 *       if (kind[i] !== TRADE) continue;
 *       …  v = the value, NaN = none yet
 *       if (counting) n++; else { ctx.cursor = i; ctx.emit(…); }
 *       last[s] = v; count[s] += 1;  // the snapshot's StreamValues, hoisted
 *     }
 *   } catch (error) { ctx.cursor = i; throw error; }  // the kernel resumes after event i
 *   finally { ctx.countValues(n); }
 *
 * so an event costs no store to the context unless someone listens to the values.
 */

export const TRADES = [EventKind.Trade] as const;
export const TRADE: number = EventKind.Trade;

/** Shared set-up: the series name index, the stream table and the snapshot values. */
export abstract class TradeProcessorBase {
  readonly kinds = TRADES;
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

  snapshot(): SnapshotValue {
    return this.out.snapshot(this.streams);
  }
}

/** Per-stream calculators, created on the stream's first trade. */
export function calculators<T>(streamCount: number): (T | undefined)[] {
  return Array.from({ length: streamCount }, (): T | undefined => undefined);
}
