import { RollingVwap } from '../../signal/vwap';
import { TradeFlowImbalance } from '../../signal/trade-flow';
import type { EventBatch, PayloadColumn } from '../../model/events';
import type { Processor, SnapshotValue } from '../processor';
import type { ProcessorContext } from '../processor-context';
import { calculators, TRADE, TradeProcessorBase } from './trade-processor-base';

/*
 * Processors over trade SIZES (and prices), per stream, one calculator per stream created on
 * its first trade; the loop pattern is described in trade-processor-base.ts.
 */

/** `vwap:Ws`: volume-weighted price of the trades in (ts − W, ts], by trade (exchange) time. */
export class VwapProcessor extends TradeProcessorBase implements Processor {
  /** Trade prices and sizes. */
  override readonly reads: readonly PayloadColumn[] = ['a', 'b'];
  private calcs: (RollingVwap | undefined)[] = [];
  constructor(
    name: string,
    private readonly windowUs: number,
  ) {
    super(name, 'vwap');
    new RollingVwap(windowUs);
  }
  override init(ctx: ProcessorContext): void {
    super.init(ctx);
    this.calcs = calculators(this.streamCount);
  }
  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const kind = batch.kind;
    const trade = TRADE;
    const stream = batch.stream;
    const ts = batch.tsUs;
    const px = batch.a;
    const sz = batch.b;
    const calcs = this.calcs;
    const last = this.out.last;
    const count = this.out.count;
    const nameIdx = this.nameIdx;
    const capture = !ctx.counting;
    let n = 0;
    let i = from;
    try {
      for (; i < to; i++) {
        if (kind[i] !== trade) continue;
        const s = stream[i] as number;
        const calc = calcs[s] ?? (calcs[s] = new RollingVwap(this.windowUs));
        // The VWAP goes straight to the snapshot's last value (nothing boxed across the call).
        if (!calc.pushAt(ts, px, sz, i, last, s)) continue;
        if (capture) ctx.emitAt(i, ts[i] as number, s, nameIdx, last[s] as number);
        else n++;
        count[s] = (count[s] as number) + 1;
      }
    } catch (error) {
      throw ctx.failedAt(i, error);
    } finally {
      ctx.countValues(n);
    }
  }
}

/** `flow:N`: (buy − sell volume) / total over the last N trades, in [−1, 1]; from the N-th trade. */
export class FlowProcessor extends TradeProcessorBase implements Processor {
  /** Trade sizes and sides. */
  override readonly reads: readonly PayloadColumn[] = ['b', 'c'];
  private calcs: (TradeFlowImbalance | undefined)[] = [];
  constructor(
    name: string,
    private readonly n: number,
  ) {
    super(name, 'flow');
    new TradeFlowImbalance(n);
  }
  override init(ctx: ProcessorContext): void {
    super.init(ctx);
    this.calcs = calculators(this.streamCount);
  }
  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const kind = batch.kind;
    const trade = TRADE;
    const stream = batch.stream;
    const ts = batch.tsUs;
    const sz = batch.b;
    const side = batch.c;
    const calcs = this.calcs;
    const count = this.out.count;
    const nameIdx = this.nameIdx;
    const capture = !ctx.counting;
    let n = 0;
    let i = from;
    try {
      for (; i < to; i++) {
        if (kind[i] !== trade) continue;
        const s = stream[i] as number;
        const calc = calcs[s] ?? (calcs[s] = new TradeFlowImbalance(this.n));
        // The calculator checks the side is ±1 (the column is a Float64Array).
        if (!calc.push(sz[i] as number, side[i] as number)) continue;
        if (capture) ctx.emitAt(i, ts[i] as number, s, nameIdx, calc.latest());
        else n++;
        count[s] = (count[s] as number) + 1;
      }
    } catch (error) {
      throw ctx.failedAt(i, error);
    } finally {
      ctx.countValues(n);
    }
  }

  /** Once the window is full, every trade emits: the last value is that of the window now. */
  override snapshot(): SnapshotValue {
    return this.snapshotOfLatest(this.calcs, (calc) => calc.latest());
  }
}
