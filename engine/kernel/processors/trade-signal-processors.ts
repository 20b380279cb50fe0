import { Ema } from '../../signal/ema';
import { Momentum } from '../../signal/momentum';
import { RealizedVol } from '../../signal/realized-vol';
import { RsiWilder } from '../../signal/rsi';
import { Sma } from '../../signal/sma';
import { RollingVwap } from '../../signal/vwap';
import { RollingZScore } from '../../signal/zscore';
import { TradeFlowImbalance } from '../../signal/trade-flow';
import type { TradeSide } from '../../model/kinds';
import { EventKind, type EventBatch, type StreamInfo } from '../../model/events';
import type { Processor, SnapshotValue } from '../processor';
import type { ProcessorContext } from '../processor-context';
import { StreamValues } from './stream-values';

/*
 * Processors over TRADE events, one calculator per stream (venue × symbol), created on the
 * stream's first trade. Each is its own small class on purpose: one call site per calculator
 * class keeps `update` monomorphic in the hot loop, and `onBatch` runs that loop over a whole
 * range of the batch's columns (`onEvent` is the same loop over one event). Values are
 * emitted with the trade's exchange time, only once the calculator has one (NaN = not yet,
 * nothing is emitted).
 */

const TRADES = [EventKind.Trade] as const;
const TRADE: number = EventKind.Trade;

/** Shared set-up: the series name index, the stream table and the snapshot values. */
abstract class TradeProcessorBase {
  readonly kinds = TRADES;
  protected nameIdx = 0;
  protected readonly out = new StreamValues();
  private streams: readonly StreamInfo[] = [];

  constructor(
    readonly name: string,
    private readonly series: string,
  ) {}

  init(ctx: ProcessorContext): void {
    this.nameIdx = ctx.nameId(this.series);
    this.streams = ctx.streams;
    this.out.reserve(ctx.streamCount);
  }

  snapshot(): SnapshotValue {
    return this.out.snapshot(this.streams);
  }
}

/** `sma:N`: simple mean of the last N trade prices; first value at the N-th price. */
export class SmaProcessor extends TradeProcessorBase implements Processor {
  private readonly calcs: (Sma | undefined)[] = [];
  constructor(
    name: string,
    private readonly n: number,
  ) {
    super(name, 'sma');
    new Sma(n); // validate the parameter at build time, not on the first trade
  }
  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    this.onBatch(batch, i, i + 1, ctx);
  }
  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const kind = batch.kind;
    const stream = batch.stream;
    const ts = batch.tsUs;
    const px = batch.a;
    const calcs = this.calcs;
    const out = this.out;
    const nameIdx = this.nameIdx;
    for (let i = from; i < to; i++) {
      if (kind[i] !== TRADE) continue;
      ctx.cursor = i;
      const s = stream[i] as number;
      const calc = calcs[s] ?? (calcs[s] = new Sma(this.n));
      const v = calc.update(px[i] as number);
      if (v !== v) continue;
      ctx.emit(ts[i] as number, s, nameIdx, v);
      out.record(s, v);
    }
  }
}

/** `ema:N`: α = 2/(N+1), seeded with the first price, emitted from the first price. */
export class EmaProcessor extends TradeProcessorBase implements Processor {
  private readonly calcs: (Ema | undefined)[] = [];
  constructor(
    name: string,
    private readonly n: number,
  ) {
    super(name, 'ema');
    new Ema(n);
  }
  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    this.onBatch(batch, i, i + 1, ctx);
  }
  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const kind = batch.kind;
    const stream = batch.stream;
    const ts = batch.tsUs;
    const px = batch.a;
    const calcs = this.calcs;
    const out = this.out;
    const nameIdx = this.nameIdx;
    for (let i = from; i < to; i++) {
      if (kind[i] !== TRADE) continue;
      ctx.cursor = i;
      const s = stream[i] as number;
      const calc = calcs[s] ?? (calcs[s] = new Ema(this.n));
      const v = calc.update(px[i] as number);
      if (v !== v) continue;
      ctx.emit(ts[i] as number, s, nameIdx, v);
      out.record(s, v);
    }
  }
}

/** `rsi:N`: Wilder's RSI (0..100), seeded with the mean of the first N changes; from the (N+1)-th price. */
export class RsiProcessor extends TradeProcessorBase implements Processor {
  private readonly calcs: (RsiWilder | undefined)[] = [];
  constructor(
    name: string,
    private readonly n: number,
  ) {
    super(name, 'rsi');
    new RsiWilder(n);
  }
  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    this.onBatch(batch, i, i + 1, ctx);
  }
  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const kind = batch.kind;
    const stream = batch.stream;
    const ts = batch.tsUs;
    const px = batch.a;
    const calcs = this.calcs;
    const out = this.out;
    const nameIdx = this.nameIdx;
    for (let i = from; i < to; i++) {
      if (kind[i] !== TRADE) continue;
      ctx.cursor = i;
      const s = stream[i] as number;
      const calc = calcs[s] ?? (calcs[s] = new RsiWilder(this.n));
      const v = calc.update(px[i] as number);
      if (v !== v) continue;
      ctx.emit(ts[i] as number, s, nameIdx, v);
      out.record(s, v);
    }
  }
}

/** `zscore:N`: (price − mean) / population std over the last N prices; from the N-th price. */
export class ZScoreProcessor extends TradeProcessorBase implements Processor {
  private readonly calcs: (RollingZScore | undefined)[] = [];
  constructor(
    name: string,
    private readonly n: number,
  ) {
    super(name, 'zscore');
    new RollingZScore(n);
  }
  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    this.onBatch(batch, i, i + 1, ctx);
  }
  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const kind = batch.kind;
    const stream = batch.stream;
    const ts = batch.tsUs;
    const px = batch.a;
    const calcs = this.calcs;
    const out = this.out;
    const nameIdx = this.nameIdx;
    for (let i = from; i < to; i++) {
      if (kind[i] !== TRADE) continue;
      ctx.cursor = i;
      const s = stream[i] as number;
      const calc = calcs[s] ?? (calcs[s] = new RollingZScore(this.n));
      const v = calc.update(px[i] as number);
      if (v !== v) continue;
      ctx.emit(ts[i] as number, s, nameIdx, v);
      out.record(s, v);
    }
  }
}

/** `vwap:Ws`: volume-weighted price of the trades in (ts − W, ts], by trade (exchange) time. */
export class VwapProcessor extends TradeProcessorBase implements Processor {
  private readonly calcs: (RollingVwap | undefined)[] = [];
  constructor(
    name: string,
    private readonly windowUs: number,
  ) {
    super(name, 'vwap');
    new RollingVwap(windowUs);
  }
  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    this.onBatch(batch, i, i + 1, ctx);
  }
  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const kind = batch.kind;
    const stream = batch.stream;
    const ts = batch.tsUs;
    const px = batch.a;
    const sz = batch.b;
    const calcs = this.calcs;
    const out = this.out;
    const nameIdx = this.nameIdx;
    for (let i = from; i < to; i++) {
      if (kind[i] !== TRADE) continue;
      ctx.cursor = i;
      const s = stream[i] as number;
      const calc = calcs[s] ?? (calcs[s] = new RollingVwap(this.windowUs));
      const t = ts[i] as number;
      const v = calc.update(t, px[i] as number, sz[i] as number);
      if (v !== v) continue;
      ctx.emit(t, s, nameIdx, v);
      out.record(s, v);
    }
  }
}

/** `momentum:N`: price / price N trades ago − 1; from the (N+1)-th price. */
export class MomentumProcessor extends TradeProcessorBase implements Processor {
  private readonly calcs: (Momentum | undefined)[] = [];
  constructor(
    name: string,
    private readonly n: number,
  ) {
    super(name, 'momentum');
    new Momentum(n);
  }
  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    this.onBatch(batch, i, i + 1, ctx);
  }
  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const kind = batch.kind;
    const stream = batch.stream;
    const ts = batch.tsUs;
    const px = batch.a;
    const calcs = this.calcs;
    const out = this.out;
    const nameIdx = this.nameIdx;
    for (let i = from; i < to; i++) {
      if (kind[i] !== TRADE) continue;
      ctx.cursor = i;
      const s = stream[i] as number;
      const calc = calcs[s] ?? (calcs[s] = new Momentum(this.n));
      const v = calc.update(px[i] as number);
      if (v !== v) continue;
      ctx.emit(ts[i] as number, s, nameIdx, v);
      out.record(s, v);
    }
  }
}

/** `rvol:N`: population std of the last N log returns between trades (not annualized). */
export class RvolProcessor extends TradeProcessorBase implements Processor {
  private readonly calcs: (RealizedVol | undefined)[] = [];
  constructor(
    name: string,
    private readonly n: number,
  ) {
    super(name, 'rvol');
    new RealizedVol(n);
  }
  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    this.onBatch(batch, i, i + 1, ctx);
  }
  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const kind = batch.kind;
    const stream = batch.stream;
    const ts = batch.tsUs;
    const px = batch.a;
    const calcs = this.calcs;
    const out = this.out;
    const nameIdx = this.nameIdx;
    for (let i = from; i < to; i++) {
      if (kind[i] !== TRADE) continue;
      ctx.cursor = i;
      const s = stream[i] as number;
      const calc = calcs[s] ?? (calcs[s] = new RealizedVol(this.n));
      const v = calc.update(px[i] as number);
      if (v !== v) continue;
      ctx.emit(ts[i] as number, s, nameIdx, v);
      out.record(s, v);
    }
  }
}

/** `flow:N`: (buy − sell volume) / total over the last N trades, in [−1, 1]; from the N-th trade. */
export class FlowProcessor extends TradeProcessorBase implements Processor {
  private readonly calcs: (TradeFlowImbalance | undefined)[] = [];
  constructor(
    name: string,
    private readonly n: number,
  ) {
    super(name, 'flow');
    new TradeFlowImbalance(n);
  }
  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    this.onBatch(batch, i, i + 1, ctx);
  }
  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const kind = batch.kind;
    const stream = batch.stream;
    const ts = batch.tsUs;
    const sz = batch.b;
    const side = batch.c;
    const calcs = this.calcs;
    const out = this.out;
    const nameIdx = this.nameIdx;
    for (let i = from; i < to; i++) {
      if (kind[i] !== TRADE) continue;
      ctx.cursor = i;
      const s = stream[i] as number;
      const calc = calcs[s] ?? (calcs[s] = new TradeFlowImbalance(this.n));
      // The calculator checks the side is ±1 (the column is a Float64Array).
      const v = calc.update(sz[i] as number, side[i] as TradeSide);
      if (v !== v) continue;
      ctx.emit(ts[i] as number, s, nameIdx, v);
      out.record(s, v);
    }
  }
}
