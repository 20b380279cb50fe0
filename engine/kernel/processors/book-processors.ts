import { bookImbalance } from '../../signal/book-imbalance';
import { BookFlag, EventKind, type EventBatch, type StreamInfo } from '../../model/events';
import type { Processor, SnapshotValue } from '../processor';
import type { ProcessorContext } from '../processor-context';
import { StreamValues } from './stream-values';

/*
 * Processors over the rebuilt L2 books. The kernel applies each book row before calling them;
 * they act only on the row flagged EndOfMessage, when the book is consistent again (a
 * message's rows are not a consistent book one by one). Values carry the exchange time of
 * that row.
 */

const BOOK = [EventKind.Book] as const;

/**
 * `bbo`: best bid (`bid`) and best ask (`ask`) of the rebuilt book after every book message.
 * A side with no levels emits nothing (no NaN rows).
 */
export class BboProcessor implements Processor {
  readonly kinds = BOOK;
  private bidIdx = 0;
  private askIdx = 0;
  private streams: readonly StreamInfo[] = [];
  private readonly bids = new StreamValues();
  private readonly asks = new StreamValues();

  constructor(readonly name: string) {}

  init(ctx: ProcessorContext): void {
    this.bidIdx = ctx.nameId('bid');
    this.askIdx = ctx.nameId('ask');
    this.streams = ctx.streams;
  }

  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    if (((batch.flags[i] as number) & BookFlag.EndOfMessage) === 0) return;
    const s = batch.stream[i] as number;
    const book = ctx.books.get(s);
    const ts = batch.tsUs[i] as number;
    const bid = book.bestBid();
    const ask = book.bestAsk();
    if (bid === bid) {
      ctx.emit(ts, s, this.bidIdx, bid);
      this.bids.record(s, bid);
    }
    if (ask === ask) {
      ctx.emit(ts, s, this.askIdx, ask);
      this.asks.record(s, ask);
    }
  }

  snapshot(): SnapshotValue {
    return { bid: this.bids.snapshot(this.streams), ask: this.asks.snapshot(this.streams) };
  }
}

/**
 * `obi:N`: order-book imbalance over the top N levels, (Σ bid size − Σ ask size) / (Σ bid +
 * Σ ask) in [−1, 1], after every book message (engine/signal `bookImbalance`).
 */
export class ObiProcessor implements Processor {
  readonly kinds = BOOK;
  private nameIdx = 0;
  private streams: readonly StreamInfo[] = [];
  private readonly out = new StreamValues();
  private readonly px: Float64Array;
  private readonly bidSz: Float64Array;
  private readonly askSz: Float64Array;

  constructor(
    readonly name: string,
    private readonly levels: number,
  ) {
    bookImbalance([1], [1], levels); // validates `levels` at build time
    this.px = new Float64Array(levels);
    this.bidSz = new Float64Array(levels);
    this.askSz = new Float64Array(levels);
  }

  init(ctx: ProcessorContext): void {
    this.nameIdx = ctx.nameId('obi');
    this.streams = ctx.streams;
  }

  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    if (((batch.flags[i] as number) & BookFlag.EndOfMessage) === 0) return;
    const s = batch.stream[i] as number;
    const book = ctx.books.get(s);
    // Scratch arrays are reused: zero the tail a thin side does not fill.
    this.bidSz.fill(0, book.depthInto(1, this.levels, this.px, this.bidSz));
    this.askSz.fill(0, book.depthInto(-1, this.levels, this.px, this.askSz));
    const v = bookImbalance(this.bidSz, this.askSz, this.levels);
    if (v !== v) return;
    ctx.emit(batch.tsUs[i] as number, s, this.nameIdx, v);
    this.out.record(s, v);
  }

  snapshot(): SnapshotValue {
    return this.out.snapshot(this.streams);
  }
}
