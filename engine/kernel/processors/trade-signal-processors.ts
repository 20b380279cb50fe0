import { Ema, emaStep } from '../../signal/ema';
import { Momentum } from '../../signal/momentum';
import { RealizedVol } from '../../signal/realized-vol';
import { RSI_STATE, RsiWilder, rsiAdvance, rsiReset, rsiValue } from '../../signal/rsi';
import { Sma } from '../../signal/sma';
import { requireFinite } from '../../signal/validate';
import { RollingZScore } from '../../signal/zscore';
import type { EventBatch } from '../../model/events';
import type { Processor, SnapshotValue } from '../processor';
import type { ProcessorContext } from '../processor-context';
import { calculators, TRADE, TradeProcessorBase } from './trade-processor-base';

/*
 * Processors over trade PRICES, per stream (venue × symbol). Each is its own small class on
 * purpose: one call site per calculator keeps `update` monomorphic in the hot loop, and
 * `onBatch` runs that loop over a whole range of the batch's columns (`onEvent` is the same
 * loop over one event; the loop pattern is described in trade-processor-base.ts). Calculators
 * with a window are objects created on the stream's first trade; EMA and RSI keep their few
 * numbers in one typed array indexed by stream, stepped by the calculator's own function.
 * Values are emitted with the trade's exchange time, only once there is one (NaN = not yet).
 */

/** `sma:N`: simple mean of the last N trade prices; first value at the N-th price. */
export class SmaProcessor extends TradeProcessorBase implements Processor {
  private calcs: (Sma | undefined)[] = [];
  constructor(
    name: string,
    private readonly n: number,
  ) {
    super(name, 'sma');
    new Sma(n); // validate the parameter at build time, not on the first trade
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
        const calc = calcs[s] ?? (calcs[s] = new Sma(this.n));
        if (!calc.push(px[i] as number)) continue;
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

/** `ema:N`: α = 2/(N+1), seeded with the first price, emitted from the first price. */
export class EmaProcessor extends TradeProcessorBase implements Processor {
  private readonly alpha: number;
  /** The average per stream id, NaN before the stream's first price (`Ema`'s state). */
  private value = new Float64Array(0);
  constructor(name: string, n: number) {
    super(name, 'ema');
    this.alpha = new Ema(n).alpha;
  }
  override init(ctx: ProcessorContext): void {
    super.init(ctx);
    this.value = new Float64Array(this.streamCount).fill(Number.NaN);
  }
  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const kind = batch.kind;
    const trade = TRADE;
    const stream = batch.stream;
    const ts = batch.tsUs;
    const px = batch.a;
    const value = this.value;
    const alpha = this.alpha;
    const count = this.out.count;
    const nameIdx = this.nameIdx;
    const capture = !ctx.counting;
    let n = 0;
    let i = from;
    try {
      for (; i < to; i++) {
        if (kind[i] !== trade) continue;
        const s = stream[i] as number;
        const x = px[i] as number;
        // `Ema.update`'s check, inline; the call only to throw its error.
        if (x - x !== 0) requireFinite('x', x);
        const v = emaStep(value[s] as number, alpha, x);
        value[s] = v;
        if (capture) ctx.emitAt(i, ts[i] as number, s, nameIdx, v);
        else n++;
        count[s] = (count[s] as number) + 1;
      }
    } catch (error) {
      throw ctx.failedAt(i, error);
    } finally {
      ctx.countValues(n);
    }
  }

  /** The last value per stream is the average itself. */
  override snapshot(): SnapshotValue {
    this.out.last.set(this.value.subarray(0, Math.min(this.value.length, this.out.last.length)));
    return super.snapshot();
  }
}

/** `rsi:N`: Wilder's RSI (0..100), seeded with the mean of the first N changes; from the (N+1)-th price. */
export class RsiProcessor extends TradeProcessorBase implements Processor {
  /** `RSI_STATE` doubles per stream id (`RsiWilder`'s state). */
  private state = new Float64Array(0);
  constructor(
    name: string,
    private readonly n: number,
  ) {
    super(name, 'rsi');
    new RsiWilder(n);
  }
  override init(ctx: ProcessorContext): void {
    super.init(ctx);
    this.state = new Float64Array(this.streamCount * RSI_STATE);
    for (let s = 0; s < this.streamCount; s++) rsiReset(this.state, s * RSI_STATE);
  }
  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const kind = batch.kind;
    const trade = TRADE;
    const stream = batch.stream;
    const ts = batch.tsUs;
    const px = batch.a;
    const state = this.state;
    const len = this.n;
    const count = this.out.count;
    const nameIdx = this.nameIdx;
    const capture = !ctx.counting;
    let n = 0;
    let i = from;
    try {
      for (; i < to; i++) {
        if (kind[i] !== trade) continue;
        const s = stream[i] as number;
        const x = px[i] as number;
        if (x - x !== 0) requireFinite('price', x);
        const at = s * RSI_STATE;
        if (!rsiAdvance(state, at, len, x)) continue;
        if (capture) ctx.emitAt(i, ts[i] as number, s, nameIdx, rsiValue(state, at));
        else n++;
        count[s] = (count[s] as number) + 1;
      }
    } catch (error) {
      throw ctx.failedAt(i, error);
    } finally {
      ctx.countValues(n);
    }
  }

  /** Once a stream emitted, every trade emits: its last value is that of its current state. */
  override snapshot(): SnapshotValue {
    const count = this.out.count;
    for (let s = 0; s < this.streamCount; s++) {
      if ((count[s] ?? 0) > 0) this.out.last[s] = rsiValue(this.state, s * RSI_STATE);
    }
    return super.snapshot();
  }
}

/** `zscore:N`: (price − mean) / population std over the last N prices; from the N-th price. */
export class ZScoreProcessor extends TradeProcessorBase implements Processor {
  private calcs: (RollingZScore | undefined)[] = [];
  constructor(
    name: string,
    private readonly n: number,
  ) {
    super(name, 'zscore');
    new RollingZScore(n);
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
        const calc = calcs[s] ?? (calcs[s] = new RollingZScore(this.n));
        if (!calc.push(px[i] as number)) continue;
        if (capture) ctx.emitAt(i, ts[i] as number, s, nameIdx, calc.latestZ());
        else n++;
        count[s] = (count[s] as number) + 1;
      }
    } catch (error) {
      throw ctx.failedAt(i, error);
    } finally {
      ctx.countValues(n);
    }
  }

  /** Once the window is full, every trade emits: the last value is that of the latest price. */
  override snapshot(): SnapshotValue {
    return this.snapshotOfLatest(this.calcs, (calc) => calc.latestZ());
  }
}

/** `momentum:N`: price / price N trades ago − 1; from the (N+1)-th price. */
export class MomentumProcessor extends TradeProcessorBase implements Processor {
  private calcs: (Momentum | undefined)[] = [];
  constructor(
    name: string,
    private readonly n: number,
  ) {
    super(name, 'momentum');
    new Momentum(n);
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
        const v = (calcs[s] ?? (calcs[s] = new Momentum(this.n))).update(px[i] as number);
        if (v !== v) continue;
        if (capture) ctx.emitAt(i, ts[i] as number, s, nameIdx, v);
        else n++;
        last[s] = v;
        count[s] = (count[s] as number) + 1;
      }
    } catch (error) {
      throw ctx.failedAt(i, error);
    } finally {
      ctx.countValues(n);
    }
  }
}

/** `rvol:N`: population std of the last N log returns between trades (not annualized). */
export class RvolProcessor extends TradeProcessorBase implements Processor {
  private calcs: (RealizedVol | undefined)[] = [];
  constructor(
    name: string,
    private readonly n: number,
  ) {
    super(name, 'rvol');
    new RealizedVol(n);
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
        const calc = calcs[s] ?? (calcs[s] = new RealizedVol(this.n));
        if (!calc.push(px[i] as number)) continue;
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
